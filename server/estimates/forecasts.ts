// The live forecasts: per office, the forward simulation (./forecast.ts) of the queue as it now
// stands, made after the queue changes (from the realtime module's coalesced snapshot, at most
// once every two seconds per office, in wall time) and kept in memory. Issuing a ticket and reading one never run it:
// they look the office's forecast up and move it by the people who joined since and the time
// gone (a line grown by a burst of tickets adds the simulated time per person). Without a
// forecast at hand (the first seconds, a line no open counter serves) the estimate is today's
// formula (./estimate.ts) with a wide range.
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { counterServices, counters, openingHours, serviceStats, services, tickets } from '../../db/schema';
import type { Candidate } from '../calling/policy';
import { getOffice } from '../offices/store';
import { localDay, localMinuteOfDay, weekdayOf, zonedTime } from '../time';
import { estimateMinutes, fallbackRange, type Load } from './estimate';
import { type CounterModel, type Forecast, forecast, joiningWait, shownMinutes, ticketWait } from './forecast';
import { FORECAST_SETTINGS, RATE_WINDOW_MS, serviceModelOf, speedOf } from './model';

export interface Shown {
  etaMinutes: number;
  etaLowMinutes: number;
  etaHighMinutes: number;
}

interface Entry {
  forecast: Forecast;
  /** On the office's clock (the estimate moves with it), and in wall time (the throttle). */
  madeAt: number;
  wallAt: number;
}

// Per office, in this process. A process serves one store; tests that open several in turn
// start each app with forgetForecasts() (createAppDeps).
const made = new Map<number, Entry>();
const running = new Map<number, Promise<void>>();

/** Refreshes no more often than this per office; a lookup older than STALE_MS asks for one. */
export const REFRESH_MS = 2_000;
const STALE_MS = 30_000;
/** Wall time one refresh may spend on runs (at least 30 runs are made). */
const BUDGET_MS = 8;
const MIN_RUNS = 12;

/** The shown estimate for a newcomer, from the office's forecast; null without one. */
export function joiningEstimate(
  officeId: number,
  serviceId: number,
  queueClass: number,
  ahead: number,
  now: number,
): Shown | null {
  const e = made.get(officeId);
  const w = e && joiningWait(e.forecast, serviceId, queueClass, ahead, now);
  return w ? shownMinutes(w) : null;
}

/** A waiting ticket's shown estimate: its own simulated call time, or a newcomer's at its place. */
export function ticketEstimate(
  t: { id: number; officeId: number; serviceId: number; queueClass: number },
  ahead: number,
  now: number,
): Shown | null {
  const e = made.get(t.officeId);
  if (!e) return null;
  const own = ticketWait(e.forecast, t.id, now);
  if (own) return shownMinutes(own);
  const w = joiningWait(e.forecast, t.serviceId, t.queueClass, ahead, now);
  return w ? shownMinutes(w) : null;
}

/** The forecast's figure, else today's formula with its wide range. */
export function orFallback(shown: Shown | null, formulaMinutes: number): Shown {
  return shown ?? fallbackRange(formulaMinutes);
}

/** A newcomer's shown estimate with `ahead` people before them: the office's forecast, else today's formula. */
export function newcomerEstimate(
  officeId: number,
  serviceId: number,
  queueClass: number,
  ahead: number,
  now: number,
  load: Load,
): Shown {
  return orFallback(joiningEstimate(officeId, serviceId, queueClass, ahead, now), estimateMinutes(ahead, load));
}

/** Forgets every forecast (a new app, or a test on a new database). */
export function forgetForecasts(): void {
  made.clear();
}

/** Asks for a fresh forecast when the office's is old: another process may have changed the queue. */
export function refreshIfStale(db: Db, officeId: number, now: number): void {
  const e = made.get(officeId);
  if (e && performance.now() - e.wallAt > STALE_MS && !running.has(officeId))
    void refreshForecast(db, officeId, now).catch(() => {});
}

/**
 * Makes the office's forecast from the queue as stored now, unless one was made in the last
 * REFRESH_MS (or is being made). `force` makes it whatever its age (tests).
 */
export async function refreshForecast(db: Db, officeId: number, now: number, options: { force?: boolean; runs?: number } = {}) {
  const prev = made.get(officeId);
  // Throttled in wall time: it bounds the CPU the runs take, whatever the injected clock says.
  if (!options.force && prev && performance.now() - prev.wallAt < REFRESH_MS) return;
  const current = running.get(officeId);
  if (current && !options.force) return current;
  const job = (async () => {
    const input = await readForecastInput(db, officeId, now);
    if (!input) return;
    const f = forecast({
      ...input,
      runs: options.runs ?? input.runs,
      budgetMs: options.force ? undefined : BUDGET_MS,
      minRuns: MIN_RUNS,
    });
    made.set(officeId, { forecast: f, madeAt: now, wallAt: performance.now() });
  })().finally(() => running.delete(officeId));
  running.set(officeId, job);
  return job;
}

/** Tickets waiting that the runs follow, per line (the rest move with the time per person). */
const LINE_CAP = 60;
/** The recent arrivals that give the rate of overtaking ones: at most this many newest tickets. */
const RECENT_TICKETS = 1_000;

/** What the forward simulation needs of an office, in a few indexed reads. */
export async function readForecastInput(db: Db, officeId: number, now: number) {
  const office = await getOffice(db, officeId);
  if (!office) return undefined;
  const serviceRows = await db
    .select({
      id: services.id,
      avgServiceMinutes: services.avgServiceMinutes,
      samples: serviceStats.samples,
      logMean: serviceStats.logMean,
      logVar: serviceStats.logVar,
    })
    .from(services)
    .leftJoin(serviceStats, eq(serviceStats.serviceId, services.id))
    .where(and(eq(services.officeId, officeId), eq(services.active, true)));
  const counterRows = await db
    .select({
      id: counters.id,
      status: counters.status,
      currentTicketId: counters.currentTicketId,
      priorityStreak: counters.priorityStreak,
      speedRatio: counters.speedRatio,
      speedSamples: counters.speedSamples,
    })
    .from(counters)
    .where(eq(counters.officeId, officeId));
  const links = counterRows.length
    ? await db
        .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
        .from(counterServices)
        .where(
          inArray(
            counterServices.counterId,
            counterRows.map((c) => c.id),
          ),
        )
    : [];
  const currentIds = counterRows.map((c) => c.currentTicketId).filter((x): x is number => x !== null);
  const currents = currentIds.length
    ? await db
        .select({ id: tickets.id, serviceId: tickets.serviceId, calledAt: tickets.calledAt, stateSince: tickets.stateSince })
        .from(tickets)
        .where(inArray(tickets.id, currentIds))
    : [];
  // Each line's head, by the line index (tickets_line), at most LINE_CAP per service.
  const waiting: Candidate[] = [];
  for (const s of serviceRows) {
    waiting.push(
      ...(await db
        .select({
          id: tickets.id,
          serviceId: tickets.serviceId,
          queueClass: tickets.queueClass,
          priority: tickets.priority,
          slotStart: tickets.slotStart,
          queuedAt: tickets.queuedAt,
          targetCounterId: tickets.targetCounterId,
        })
        .from(tickets)
        .where(and(eq(tickets.serviceId, s.id), eq(tickets.state, 'waiting')))
        .orderBy(asc(tickets.queueClass), asc(tickets.queuedAt), asc(tickets.id))
        .limit(LINE_CAP)),
    );
  }
  // Overtaking arrivals (priority walk-ins, bookings checked in) over the last hour, from the
  // newest tickets by id: a bounded range of the primary key, never the day's whole list.
  const newest = await db.select({ id: sql<number>`max(${tickets.id})`.mapWith(Number) }).from(tickets);
  // Only the primary key in the condition, so the read is that range whatever the planner would
  // pick for the office's columns (an office index would walk the whole day's tickets).
  const recent = (
    await db
      .select({
        officeId: tickets.officeId,
        serviceId: tickets.serviceId,
        queueClass: tickets.queueClass,
        issuedAt: tickets.issuedAt,
      })
      .from(tickets)
      .where(gte(tickets.id, (newest[0]?.id ?? 0) - RECENT_TICKETS))
  ).filter((t) => t.officeId === officeId && t.queueClass < 2 && t.issuedAt >= now - RATE_WINDOW_MS);
  const day = localDay(now, office.timezone);
  const sessions = (
    await db
      .select({ opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
      .from(openingHours)
      .where(and(eq(openingHours.officeId, officeId), eq(openingHours.weekday, weekdayOf(day))))
  ).sort((a, b) => a.opensAt - b.opensAt);
  // The window holds less than an hour of arrivals early in the day.
  const opened = sessions[0] ? zonedTime(day, sessions[0].opensAt, office.timezone) : now - RATE_WINDOW_MS;
  const window = Math.max(15 * 60_000, Math.min(RATE_WINDOW_MS, now - opened));
  const rate = (serviceId: number, queueClass: number) =>
    recent.filter((t) => t.serviceId === serviceId && t.queueClass === queueClass).length / window;

  // Before the office opens nobody has opened a counter yet: every counter is counted, as today's
  // estimate does.
  const anyOpen = counterRows.some((c) => c.status !== 'closed');
  const currentOf = new Map(currents.map((t) => [t.id, t]));
  const models: CounterModel[] = counterRows
    .filter((c) => !anyOpen || c.status !== 'closed')
    .map((c) => {
      const cur = c.currentTicketId === null ? undefined : currentOf.get(c.currentTicketId);
      return {
        id: c.id,
        serviceIds: links.filter((l) => l.counterId === c.id).map((l) => l.serviceId),
        status: c.status === 'paused' ? 'paused' : 'open',
        resumeInMs: FORECAST_SETTINGS.pausedBackMs,
        current: cur ? { serviceId: cur.serviceId, elapsedMs: Math.max(0, now - (cur.calledAt ?? cur.stateSince)) } : null,
        priorityStreak: c.priorityStreak,
        speed: speedOf(c.speedRatio, c.speedSamples),
        closesAt: null,
      };
    });
  // Between sessions (lunch, after closing) counters serve those already in line, then stop.
  const minute = localMinuteOfDay(now, office.timezone);
  const breaks: [number, number][] = sessions
    .filter((s) => s.closesAt > minute - 24 * 60)
    .map((s, i) => [
      zonedTime(day, s.closesAt, office.timezone),
      sessions[i + 1] ? zonedTime(day, sessions[i + 1]!.opensAt, office.timezone) : zonedTime(day, 24 * 60 - 1, office.timezone),
    ]);
  return {
    now,
    rule: office.settings.fairness,
    services: serviceRows.map((s) =>
      serviceModelOf(
        { id: s.id, avgServiceMinutes: s.avgServiceMinutes, samples: s.samples, logMean: s.logMean, logVar: s.logVar },
        { priorityRate: rate(s.id, 0), bookingRate: rate(s.id, 1) },
      ),
    ),
    counters: models,
    waiting,
    breaks,
    ...FORECAST_SETTINGS,
    lineCap: LINE_CAP,
    seed: Math.floor(now / 1000),
  };
}
