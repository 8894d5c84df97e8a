// Reads for the reports: the tickets issued in a range of office-local days (index
// tickets_office_day), their ratings, the booking ledger, and the live office snapshot.
import { and, asc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, counters, ratings, services, slotLedger, staff, tickets } from '../../db/schema';
import { capacityOf, slotPlan, slotsOfDay } from '../booking/slots';
import { getOffice, type Office } from '../offices/store';
import { addDays, zonedTime } from '../time';
import { type BookingFacts, computeStats, type Stats, type StatsInput } from './stats';

export async function loadStatsInput(
  db: Db,
  officeId: number,
  from: string,
  to: string,
  now: number,
): Promise<StatsInput | undefined> {
  const office = await getOffice(db, officeId);
  if (!office) return undefined;
  const inRange = and(eq(tickets.officeId, officeId), gte(tickets.localDay, from), lte(tickets.localDay, to));
  const ticketRows = await db
    .select({
      id: tickets.id,
      serviceId: tickets.serviceId,
      state: tickets.state,
      localDay: tickets.localDay,
      issuedAt: tickets.issuedAt,
      finishedAt: tickets.finishedAt,
      counterId: tickets.counterId,
      officerId: tickets.officerId,
      waitMs: tickets.waitMs,
      serviceMs: tickets.serviceMs,
      etaMinutesAtIssue: tickets.etaMinutesAtIssue,
      etaLowMinutes: tickets.etaLowMinutes,
      etaHighMinutes: tickets.etaHighMinutes,
      source: tickets.source,
      priority: tickets.priority,
    })
    .from(tickets)
    .where(inRange);
  const ratingRows = await db
    .select({
      ticketId: ratings.ticketId,
      level: ratings.level,
      scale: ratings.scale,
      waitMs: ratings.waitMs,
      serviceId: ratings.serviceId,
      counterId: ratings.counterId,
      officerId: ratings.officerId,
    })
    .from(ratings)
    .innerJoin(tickets, eq(tickets.id, ratings.ticketId))
    .where(inRange);
  const serviceRows = await db
    .select({ id: services.id, code: services.code, name: services.name, prefix: services.prefix })
    .from(services)
    .where(eq(services.officeId, officeId))
    .orderBy(asc(services.position), asc(services.id));
  const counterRows = await db
    .select({ id: counters.id, number: counters.number, name: counters.name })
    .from(counters)
    .where(eq(counters.officeId, officeId))
    .orderBy(asc(counters.number));
  const officerIds = [...new Set(ticketRows.map((t) => t.officerId).filter((x): x is number => x !== null))];
  const officers = officerIds.length
    ? await db
        .select({ id: staff.id, name: staff.displayName })
        .from(staff)
        .where(inArray(staff.id, officerIds))
        .orderBy(asc(staff.displayName))
    : [];
  return {
    officeId,
    from,
    to,
    timezone: office.timezone,
    targetWaitMinutes: office.settings.targetWaitMinutes,
    tickets: ticketRows,
    ratings: ratingRows,
    services: serviceRows,
    counters: counterRows,
    officers,
    booking: await bookingFacts(db, office, from, to, now),
  };
}

/**
 * Booked places against capacity: capacity is every slot of the range's days (opening hours,
 * holidays closed) times the slot's capacity (the ledger's where a slot was booked, else the
 * service's capacity as configured now); booked is the ledger's count. Plus what became of
 * the range's bookings.
 */
async function bookingFacts(db: Db, office: Office, from: string, to: string, now: number): Promise<BookingFacts> {
  let capacity = 0;
  let booked = 0;
  const bookable = await db
    .select()
    .from(services)
    .where(and(eq(services.officeId, office.id), eq(services.active, true), eq(services.bookable, true)));
  for (const service of bookable) {
    const plan = await slotPlan(db, office, service, now);
    const perSlot = await capacityOf(db, office, service);
    const start = zonedTime(from, 0, office.timezone);
    const end = zonedTime(addDays(to, 1), 0, office.timezone);
    const ledger = new Map(
      (
        await db
          .select({ slotStart: slotLedger.slotStart, capacity: slotLedger.capacity, booked: slotLedger.booked })
          .from(slotLedger)
          .where(and(eq(slotLedger.serviceId, service.id), gte(slotLedger.slotStart, start), lt(slotLedger.slotStart, end)))
      ).map((l) => [l.slotStart, l]),
    );
    for (let d = from; d <= to; d = addDays(d, 1)) {
      for (const slot of slotsOfDay(plan, d)) capacity += ledger.get(slot.start)?.capacity ?? perSlot;
    }
    for (const l of ledger.values()) booked += l.booked;
  }
  const states = await db
    .select({ state: appointments.state, n: sql<number>`count(*)` })
    .from(appointments)
    .where(and(eq(appointments.officeId, office.id), gte(appointments.localDay, from), lte(appointments.localDay, to)))
    .groupBy(appointments.state);
  const n = (s: string) => Number(states.find((r) => r.state === s)?.n ?? 0);
  return {
    capacity,
    booked,
    appointments: { booked: n('booked'), checkedIn: n('checked_in'), noShow: n('no_show'), cancelled: n('cancelled') },
  };
}

export async function officeStats(db: Db, officeId: number, from: string, to: string, now: number): Promise<Stats | undefined> {
  const input = await loadStatsInput(db, officeId, from, to, now);
  return input && computeStats(input);
}

/** The supervisor's live view: lines, counters, the longest current wait, alerts past target. */
export async function liveOffice(db: Db, officeId: number, now: number) {
  const office = await getOffice(db, officeId);
  if (!office) return undefined;
  const targetMs = office.settings.targetWaitMinutes * 60_000;
  const waiting = (
    await db
      .select({
        id: tickets.id,
        number: tickets.number,
        serviceId: tickets.serviceId,
        priority: tickets.priority,
        waitMs: tickets.waitMs,
        stateSince: tickets.stateSince,
      })
      .from(tickets)
      .where(and(eq(tickets.officeId, officeId), eq(tickets.state, 'waiting')))
  )
    .map((t) => ({ ...t, currentWaitMs: t.waitMs + Math.max(0, now - t.stateSince) }))
    .sort((a, b) => b.currentWaitMs - a.currentWaitMs);
  const serviceRows = await db
    .select({ id: services.id, name: services.name, prefix: services.prefix })
    .from(services)
    .where(and(eq(services.officeId, officeId), eq(services.active, true)))
    .orderBy(asc(services.position), asc(services.id));
  const counterRows = await db
    .select({
      id: counters.id,
      number: counters.number,
      name: counters.name,
      status: counters.status,
      pauseReason: counters.pauseReason,
      officerName: staff.displayName,
      currentTicketId: counters.currentTicketId,
    })
    .from(counters)
    .leftJoin(staff, eq(staff.id, counters.officerId))
    .where(eq(counters.officeId, officeId))
    .orderBy(asc(counters.number));
  const currentIds = counterRows.map((c) => c.currentTicketId).filter((x): x is number => x !== null);
  const current = new Map(
    currentIds.length
      ? (
          await db
            .select({ id: tickets.id, number: tickets.number, state: tickets.state, stateSince: tickets.stateSince })
            .from(tickets)
            .where(inArray(tickets.id, currentIds))
        ).map((t) => [t.id, t])
      : [],
  );
  const minutes = (ms: number) => ms / 60_000;
  const longest = waiting[0];
  return {
    officeId,
    officeName: office.name,
    at: new Date(now).toISOString(),
    targetWaitMinutes: office.settings.targetWaitMinutes,
    services: serviceRows.map((s) => {
      const line = waiting.filter((t) => t.serviceId === s.id);
      return { ...s, waiting: line.length, longestWaitMinutes: line[0] ? minutes(line[0].currentWaitMs) : null };
    }),
    counters: counterRows.map((c) => {
      const t = c.currentTicketId ? current.get(c.currentTicketId) : undefined;
      return {
        id: c.id,
        number: c.number,
        name: c.name,
        status: c.status,
        pauseReason: c.pauseReason,
        officerName: c.status === 'closed' ? null : c.officerName,
        current: t ? { number: t.number, state: t.state, sinceMinutes: minutes(Math.max(0, now - t.stateSince)) } : null,
      };
    }),
    longestWait: longest
      ? { number: longest.number, serviceId: longest.serviceId, minutes: minutes(longest.currentWaitMs) }
      : null,
    alerts: waiting
      .filter((t) => t.currentWaitMs > targetMs)
      .slice(0, 50)
      .map((t) => ({ ticketId: t.id, number: t.number, serviceId: t.serviceId, waitMinutes: minutes(t.currentWaitMs) })),
  };
}
