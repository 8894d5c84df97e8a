// Reads the counter terminal needs beyond GET /api/counters/:counterId: the signed-in officer's
// own work today (office-local day of the counter's office), from the ticket event log.
import { and, count, eq, gte, inArray, lte } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Db } from '../../db/client';
import { counters, ticketEvents, tickets } from '../../db/schema';
import { fail, sendFailure } from '../errors';
import { type AppEnv, requireStaff, validate } from '../http';
import { getOffice } from '../offices/store';
import { counterParams } from '../schemas';
import { localDay, zonedTime } from '../time';

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
export function officerToday(db: Db, officeId: number, officerId: number, now: number, timeZone: string): OfficerToday {
  const day = localDay(now, timeZone);
  const since = zonedTime(day, 0, timeZone);
  const mine = and(
    eq(ticketEvents.officeId, officeId),
    gte(ticketEvents.at, since),
    lte(ticketEvents.at, now),
    eq(ticketEvents.officerId, officerId),
  );
  const rows = db
    .select({ type: ticketEvents.type, n: count() })
    .from(ticketEvents)
    .where(and(mine, inArray(ticketEvents.type, ['call', 'finish', 'no_show', 'transfer', 'hold'])))
    .groupBy(ticketEvents.type)
    .all();
  const n = (type: string) => rows.find((r) => r.type === type)?.n ?? 0;
  const finished = db
    .select({ ms: tickets.serviceMs })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(mine, eq(ticketEvents.type, 'finish')))
    .all();
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

export const terminalRoutes = new Hono<AppEnv>().get(
  '/:counterId/today',
  requireStaff(),
  validate('param', counterParams),
  (c) => {
    const { db, clock } = c.var.deps;
    const counter = db
      .select({ officeId: counters.officeId })
      .from(counters)
      .where(eq(counters.id, c.req.valid('param').counterId))
      .get();
    const office = counter ? getOffice(db, counter.officeId) : undefined;
    if (!office) return sendFailure(c, fail('COUNTER_NOT_FOUND'));
    const staff = c.var.staff!;
    if (staff.officeId !== null && staff.officeId !== office.id) return sendFailure(c, fail('FORBIDDEN'));
    return c.json(officerToday(db, office.id, staff.id, clock.now(), office.timezone), 200);
  },
);
