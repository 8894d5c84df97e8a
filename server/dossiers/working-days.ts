// A dossier's promised date in working days on the office's calendar (pure; no database).
//
// Decisions, from ../shared/reference/one-stop-rules.md and the rules it summarises:
// - A working day is Monday to Friday and not one of the office's holidays. Weekends do not
//   count even where the centre opens on Saturday morning to receive dossiers (DESIGN.md: "weekends
//   and the office's holidays do not count").
// - The count starts on the day of receipt when the dossier is received on a working day before
//   15:00; received at or after 15:00 (or on a day off) it starts on the next working day. The
//   15:00 rule is the one-stop rules' as we recall them (Decree 61/2018, kept by 118/2025):
//   recalled, not checked against the text here.
// - The result is due at the end of the due day: the office's last closing time that weekday (or
//   17:00 when it has no hours that day). `processingDays` 0 is a same-day procedure: due at the
//   end of the start day. Otherwise the due day is the start day moved on `processingDays`
//   working days (1 day: the next working day).
// - Waiting for more papers stops the clock: when they come back, the due day moves on by the
//   working days spent waiting (counted from the day after the request to the day they came).
import { addDays, localDay, localMinuteOfDay, weekdayOf, zonedTime } from '../time';

export interface OfficeCalendar {
  timezone: string;
  /** YYYY-MM-DD days the office is closed. */
  holidays: ReadonlySet<string>;
  /** Minutes after midnight the office closes on a weekday (0 = Sunday), if it opens then. */
  closesAt: ReadonlyMap<number, number>;
}

/** Received at or after this minute of the day: the count starts the next working day. */
export const AFTERNOON_CUTOFF = 15 * 60;
const DEFAULT_CLOSE = 17 * 60;

export function isWorkingDay(day: string, cal: OfficeCalendar): boolean {
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5 && !cal.holidays.has(day);
}

export function nextWorkingDay(day: string, cal: OfficeCalendar): string {
  let d = addDays(day, 1);
  // A year of days off in a row cannot happen; the bound keeps a bad calendar from looping.
  for (let i = 0; i < 400 && !isWorkingDay(d, cal); i++) d = addDays(d, 1);
  return d;
}

/** `day` moved on `n` working days (n = 0: the day itself). */
export function addWorkingDays(day: string, n: number, cal: OfficeCalendar): string {
  let d = day;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, cal);
  return d;
}

/** Working days in (from, to]: how far the clock moved on between two days. */
export function workingDaysBetween(from: string, to: string, cal: OfficeCalendar): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/** The working day the count starts on for a dossier received at `instant`. */
export function startDay(instant: number, cal: OfficeCalendar): string {
  const day = localDay(instant, cal.timezone);
  if (isWorkingDay(day, cal) && localMinuteOfDay(instant, cal.timezone) < AFTERNOON_CUTOFF) return day;
  return nextWorkingDay(day, cal);
}

/** The end of a day's office hours, as an instant. */
export function endOfDay(day: string, cal: OfficeCalendar): number {
  return zonedTime(day, cal.closesAt.get(weekdayOf(day)) ?? DEFAULT_CLOSE, cal.timezone);
}

/** The promised result instant of a dossier received at `receivedAt`. */
export function dueAt(receivedAt: number, processingDays: number, cal: OfficeCalendar): number {
  return endOfDay(addWorkingDays(startDay(receivedAt, cal), processingDays, cal), cal);
}

/** The due instant moved on by the working days between a request for papers and their return. */
export function resumedDueAt(due: number, requestedAt: number, returnedAt: number, cal: OfficeCalendar): number {
  const paused = workingDaysBetween(localDay(requestedAt, cal.timezone), localDay(returnedAt, cal.timezone), cal);
  return endOfDay(addWorkingDays(localDay(due, cal.timezone), paused, cal), cal);
}
