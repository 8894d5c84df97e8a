// Reads the counter terminal needs beyond its state (counterState in ./store.ts): the signed-in
// officer's own work today (office-local day of the counter's office), from the ticket event log,
// and the booking behind the ticket the officer is serving.

import { and, count, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appointments, counters, ticketEvents, tickets } from '../../db/schema';
import { contactPhone } from '../booking/identity';
import { fail, ok } from '../errors';
import { getOffice, type Office } from '../offices/store';
import { localDay, zonedTime } from '../time';

/** The office a counter belongs to (its time zone makes the officer's day). */
export async function counterOffice(db: Db, counterId: number): Promise<Office | undefined> {
  const counter = (await db.select({ officeId: counters.officeId }).from(counters).where(eq(counters.id, counterId)))[0];
  return counter ? await getOffice(db, counter.officeId) : undefined;
}

export interface OfficerToday {
  day: string;
  called: number;
  served: number;
  noShow: number;
  transferred: number;
  held: number;
  /** Mean serving time of the tickets this officer finished today; null before the first. */
  serviceMinutesMean: number | null;
}

/** Counts of one officer's moves in one office since local midnight (indexed by office and time). */
export async function officerToday(
  db: Db,
  officeId: number,
  officerId: number,
  now: number,
  timeZone: string,
): Promise<OfficerToday> {
  const day = localDay(now, timeZone);
  const since = zonedTime(day, 0, timeZone);
  const mine = and(
    eq(ticketEvents.officeId, officeId),
    gte(ticketEvents.at, since),
    lte(ticketEvents.at, now),
    eq(ticketEvents.officerId, officerId),
  );
  const rows = await db
    .select({ type: ticketEvents.type, n: count() })
    .from(ticketEvents)
    .where(and(mine, inArray(ticketEvents.type, ['call', 'finish', 'no_show', 'transfer', 'hold'])))
    .groupBy(ticketEvents.type);
  const n = (type: string) => rows.find((r) => r.type === type)?.n ?? 0;
  const finished = await db
    .select({ ms: tickets.serviceMs })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(mine, eq(ticketEvents.type, 'finish')));
  const mean = finished.length ? finished.reduce((s, r) => s + r.ms, 0) / finished.length / 60_000 : null;
  return {
    day,
    called: n('call'),
    served: n('finish'),
    noShow: n('no_show'),
    transferred: n('transfer'),
    held: n('hold'),
    serviceMinutesMean: mean === null ? null : Math.round(mean * 10) / 10,
  };
}

/**
 * The booking behind a ticket this counter is serving (called, in service or on hold here): the
 * one place a staff screen gets a resident's phone unmasked, and only the officer at that counter
 * (DESIGN.md: phones are masked on staff screens except to the serving officer).
 */
export async function servedBooking(db: Db, counterId: number, officerId: number, appointmentId: number) {
  const counter = (await db.select().from(counters).where(eq(counters.id, counterId)))[0];
  if (!counter) return fail('COUNTER_NOT_FOUND');
  if (counter.status === 'closed') return fail('COUNTER_CLOSED');
  if (counter.officerId !== officerId) return fail('NOT_AT_COUNTER');
  const row = (
    await db
      .select({
        id: appointments.id,
        code: appointments.code,
        name: appointments.name,
        phone: appointments.phone,
        ticketState: tickets.state,
        ticketCounterId: tickets.counterId,
      })
      .from(appointments)
      .innerJoin(tickets, eq(tickets.id, appointments.ticketId))
      .where(and(eq(appointments.id, appointmentId), eq(appointments.officeId, counter.officeId)))
  )[0];
  const servedHere = row && row.ticketCounterId === counter.id && ['called', 'serving', 'on_hold'].includes(row.ticketState);
  if (!servedHere) return fail('NOT_SERVED_HERE');
  return ok({ id: row.id, code: row.code, name: row.name, phone: contactPhone(row.phone) });
}
