// The planner's reads: the office as a model for the simulator (services with their measured
// service times and spread, counters with what they serve and their measured speed, the day's
// sessions) and the chosen day's demand: walk-ins per hour and service from the same weekday of
// the last four weeks, plus the bookings already made for that day.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  appointments,
  counterServices,
  counters,
  holidays,
  openingHours,
  serviceStats,
  services,
  tickets,
} from '../../db/schema';
import { meanMsOf, serviceModelOf, speedOf } from '../estimates/model';
import { getOffice } from '../offices/store';
import type { OfficeModel } from '../simulation/day';
import { WARD_CENTRE } from '../simulation/day';
import { addDays, localParts, weekdayOf } from '../time';
import type { Demand, HourDemand } from './plan';

/** Weeks of history the demand is averaged over. */
export const HISTORY_WEEKS = 4;
/** Share of booked residents assumed not to come. */
const BOOKING_NO_SHOW = 0.15;

export interface PlannerInput {
  office: OfficeModel;
  demand: Demand;
  targetMinutes: number;
  /** The days of history that had tickets. */
  historyDays: string[];
  bookings: number;
  closed: boolean;
  counters: { id: number; number: number; name: string; serviceIds: number[] }[];
  services: { id: number; code: string; name: string; prefix: string; meanMinutes: number }[];
}

export async function plannerInput(db: Db, officeId: number, day: string): Promise<PlannerInput | undefined> {
  const office = await getOffice(db, officeId);
  if (!office) return undefined;
  const svc = await db
    .select({
      id: services.id,
      code: services.code,
      name: services.name,
      prefix: services.prefix,
      avgServiceMinutes: services.avgServiceMinutes,
      samples: serviceStats.samples,
      logMean: serviceStats.logMean,
      logVar: serviceStats.logVar,
    })
    .from(services)
    .leftJoin(serviceStats, eq(serviceStats.serviceId, services.id))
    .where(and(eq(services.officeId, officeId), eq(services.active, true)))
    .orderBy(asc(services.position), asc(services.id));
  const ctr = await db.select().from(counters).where(eq(counters.officeId, officeId)).orderBy(asc(counters.number));
  const links = ctr.length
    ? await db
        .select()
        .from(counterServices)
        .where(
          inArray(
            counterServices.counterId,
            ctr.map((c) => c.id),
          ),
        )
    : [];
  const active = new Set(svc.map((s) => s.id));
  const sessions = (
    await db
      .select({ opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
      .from(openingHours)
      .where(and(eq(openingHours.officeId, officeId), eq(openingHours.weekday, weekdayOf(day))))
  ).sort((a, b) => a.opensAt - b.opensAt);
  const holiday = (
    await db
      .select()
      .from(holidays)
      .where(and(eq(holidays.officeId, officeId), eq(holidays.date, day)))
  )[0];

  const models = svc.map((s) => {
    const m = serviceModelOf(s, { priorityRate: 0, bookingRate: 0 });
    const mean = meanMsOf(m) / 60_000;
    const cv = Math.sqrt(Math.exp(m.sigma * m.sigma) - 1);
    return { id: s.id, prefix: s.prefix, name: s.name, meanMinutes: mean, cv, share: 1 };
  });
  const model: OfficeModel = {
    ...WARD_CENTRE,
    rule: office.settings.fairness,
    services: models,
    counters: ctr.map((c) => ({
      id: c.id,
      number: c.number,
      serviceIds: links.filter((l) => l.counterId === c.id && active.has(l.serviceId)).map((l) => l.serviceId),
      speed: speedOf(c.speedRatio, c.speedSamples),
    })),
    sessions: sessions.map((s) => [s.opensAt, s.closesAt] as [number, number]),
  };

  // Walk-ins by local hour and service on the same weekday of recent weeks.
  const past = Array.from({ length: HISTORY_WEEKS }, (_, i) => addDays(day, -7 * (i + 1)));
  const history = await db
    .select({ serviceId: tickets.serviceId, issuedAt: tickets.issuedAt, localDay: tickets.localDay, priority: tickets.priority })
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), inArray(tickets.localDay, past), eq(tickets.source, 'walk_in')));
  const historyDays = [...new Set(history.map((t) => t.localDay))].sort();
  const weeks = Math.max(1, historyDays.length);
  const hours = new Map<number, HourDemand>();
  const hourOf = (h: number) => {
    const d = hours.get(h) ?? { hour: h, walkIns: {}, bookings: {} };
    hours.set(h, d);
    return d;
  };
  for (const t of history) {
    if (!active.has(t.serviceId)) continue;
    const d = hourOf(localParts(t.issuedAt, office.timezone).hour);
    d.walkIns[t.serviceId] = (d.walkIns[t.serviceId] ?? 0) + 1 / weeks;
  }
  // Bookings already made for the day, by the hour of their slot.
  const booked = await db
    .select({ serviceId: appointments.serviceId, slotStart: appointments.slotStart })
    .from(appointments)
    .where(and(eq(appointments.officeId, officeId), eq(appointments.localDay, day), ne(appointments.state, 'cancelled')));
  for (const b of booked) {
    if (!active.has(b.serviceId)) continue;
    const d = hourOf(localParts(b.slotStart, office.timezone).hour);
    d.bookings[b.serviceId] = (d.bookings[b.serviceId] ?? 0) + (1 - BOOKING_NO_SHOW);
  }
  const priorityShare = history.length ? history.filter((t) => t.priority !== null).length / history.length : 0.12;
  return {
    office: model,
    demand: { priorityShare, hours: [...hours.values()].sort((a, b) => a.hour - b.hour) },
    targetMinutes: office.settings.targetWaitMinutes,
    historyDays,
    bookings: booked.length,
    closed: sessions.length === 0 || holiday !== undefined,
    counters: model.counters.map((c) => ({
      id: c.id,
      number: c.number,
      name: ctr.find((x) => x.id === c.id)!.name,
      serviceIds: c.serviceIds,
    })),
    services: svc.map((s, i) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      prefix: s.prefix,
      meanMinutes: models[i]!.meanMinutes,
    })),
  };
}
