// The city's maintained aggregates: once an office's local day has ended, one row of counts, sums
// and a wait histogram (office_daily_stats), so the open statistics and the leaders' comparisons
// read a row per centre and day instead of the day's tickets. Written by the periodic jobs (the
// leader's, in a city); a day is recomputed only if it was never written.
import { and, desc, eq, gte, inArray, lt, lte, min } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { feedback, officeDailyStats, ratings, tickets } from '../../db/schema';
import { dossierStats } from '../dossiers/stats';
import { officeCalendar } from '../dossiers/store';
import { addWorkingDays, endOfDay, startDay } from '../dossiers/working-days';
import type { Deps } from '../events';
import { getOffice, listOffices } from '../offices/store';
import { loadStatsInput } from '../reports/store';
import { isSatisfied } from '../surveys/scale';
import { addDays, localDay, zonedTime } from '../time';

/** Whole minutes 0..WAIT_BUCKETS-1; the last bucket holds every wait of that many minutes or more. */
export const WAIT_BUCKETS = 241;
/** Days written per office and run, so a first run over a long history does not hold the jobs. */
const DAYS_PER_RUN = 31;

export type DailyRow = typeof officeDailyStats.$inferInsert;

/** One office's ended day, from its tickets, ratings and bookings (one scan, once). */
export async function computeOfficeDay(db: Db, officeId: number, day: string, now: number): Promise<DailyRow | undefined> {
  const input = await loadStatsInput(db, officeId, day, day, now);
  if (!input) return undefined;
  const targetMs = input.targetWaitMinutes * 60_000;
  const served = input.tickets.filter((t) => t.state === 'done');
  const histogram = new Array<number>(WAIT_BUCKETS).fill(0);
  for (const t of served) histogram[Math.min(WAIT_BUCKETS - 1, Math.floor(t.waitMs / 60_000))]!++;
  const estimated = served.filter((t) => t.etaMinutesAtIssue !== null);
  const answers = await db
    .select({ answers: ratings.answers })
    .from(ratings)
    .innerJoin(tickets, eq(tickets.id, ratings.ticketId))
    .where(and(eq(tickets.officeId, officeId), eq(tickets.localDay, day)));
  const factors: Record<string, { sum: number; n: number }> = {};
  for (const { answers: a } of answers) {
    const given = (a as { factors?: Record<string, number> } | null)?.factors ?? {};
    for (const [factor, level] of Object.entries(given)) {
      if (typeof level !== 'number') continue;
      const f = factors[factor] ?? { sum: 0, n: 0 };
      f.sum += level;
      f.n++;
      factors[factor] = f;
    }
  }
  const start = zonedTime(day, 0, input.timezone);
  const end = zonedTime(addDays(day, 1), 0, input.timezone);
  // Feedback opened that day, and whether it was answered within the office's working days for
  // it (on time), or was answered after them or is still unanswered past them (late).
  // Each item's due time is the one fixed when it arrived (its category's working days); items
  // older than the feedback channel have none and take the office's feedbackAnswerDays.
  const opened = await db
    .select({ createdAt: feedback.createdAt, answeredAt: feedback.answeredAt, dueAt: feedback.dueAt })
    .from(feedback)
    .where(and(eq(feedback.officeId, officeId), gte(feedback.createdAt, start), lt(feedback.createdAt, end)));
  const office = (await getOffice(db, officeId))!;
  const cal = await officeCalendar(db, officeId, office.timezone);
  const answerBy = endOfDay(addWorkingDays(startDay(start, cal), office.settings.feedbackAnswerDays, cal), cal);
  const feedbackAnsweredOnTime = opened.filter((f) => f.answeredAt !== null && f.answeredAt <= (f.dueAt ?? answerBy)).length;
  const feedbackLate = opened.filter((f) => (f.answeredAt ?? now) > (f.dueAt ?? answerBy)).length;
  // Dossiers, counted as the office's own dossier statistics count them (server/dossiers/stats.ts).
  const d = await dossierStats(db, officeId, day, day, now);
  return {
    officeId,
    day,
    feedbackReceived: opened.length,
    feedbackAnsweredOnTime,
    feedbackLate,
    dossiersReceived: d.received,
    dossiersResolved: d.resolved,
    dossiersOnTime: d.early + d.onTime,
    dossiersLate: d.late,
    issued: input.tickets.length,
    served: served.length,
    noShows: input.tickets.filter((t) => t.state === 'no_show').length,
    servedWithinTarget: served.filter((t) => t.waitMs <= targetMs).length,
    waitHistogram: histogram,
    bookingsCheckedIn: input.booking.appointments.checkedIn,
    bookingsNoShow: input.booking.appointments.noShow,
    responses: input.ratings.length,
    satisfied: input.ratings.filter((r) => isSatisfied(r.level, r.scale)).length,
    factors,
    etaAbsErrorMinutes: estimated.reduce((s, t) => s + Math.abs(t.etaMinutesAtIssue! - t.waitMs / 60_000), 0),
    etaErrorMinutes: estimated.reduce((s, t) => s + (t.etaMinutesAtIssue! - t.waitMs / 60_000), 0),
    etaCount: estimated.length,
    computedAt: now,
  };
}

/**
 * Writes every ended day of every office not written yet, from its first ticket (or the day after
 * the last row written) to yesterday in the office's time zone, at most DAYS_PER_RUN per office.
 * Idempotent: a day already written is left as it is.
 */
export async function recordEndedDays(deps: Deps, officeIds?: number[]): Promise<number> {
  const now = deps.clock.now();
  let written = 0;
  for (const o of officeIds ?? (await listOffices(deps.store.db)).map((x) => x.id)) {
    const office = await getOffice(deps.store.db, o);
    if (!office) continue;
    const yesterday = addDays(localDay(now, office.timezone), -1);
    const last = (
      await deps.store.db
        .select({ day: officeDailyStats.day })
        .from(officeDailyStats)
        .where(eq(officeDailyStats.officeId, o))
        .orderBy(desc(officeDailyStats.day))
        .limit(1)
    )[0]?.day;
    const first = last
      ? addDays(last, 1)
      : (
          await deps.store.db
            .select({ day: min(tickets.localDay) })
            .from(tickets)
            .where(eq(tickets.officeId, o))
        )[0]?.day;
    if (!first) continue;
    const rows: DailyRow[] = [];
    for (let day = first; day <= yesterday && rows.length < DAYS_PER_RUN; day = addDays(day, 1)) {
      const row = await computeOfficeDay(deps.store.db, o, day, now);
      if (row) rows.push(row);
    }
    if (!rows.length) continue;
    await deps.store.write((tx) => tx.insert(officeDailyStats).values(rows).onConflictDoNothing());
    written += rows.length;
  }
  return written;
}

/** The rows of a range of days, for the given offices (all when omitted). */
export function dailyRows(db: Db, from: string, to: string, officeIds?: number[]) {
  const range = and(gte(officeDailyStats.day, from), lte(officeDailyStats.day, to));
  return db
    .select()
    .from(officeDailyStats)
    .where(officeIds ? and(range, inArray(officeDailyStats.officeId, officeIds)) : range)
    .orderBy(officeDailyStats.officeId, officeDailyStats.day);
}
