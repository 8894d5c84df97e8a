// What the lobby display shows, as pure functions over the calls it has seen: the zone filter,
// today's calls, the current call of each counter and the earlier ones.
import type { CallEvent } from '../server/realtime/contract';

/** How many calls the display keeps in memory (it runs all day: bounded). */
export const KEPT_CALLS = 40;
/** Large "now calling" rows (one per counter, newest first). */
export const CURRENT_ROWS = 4;
/** Earlier calls listed under them. */
export const HISTORY_ROWS = 8;

/** `?counters=1,2,3` -> [1, 2, 3]; missing or unreadable -> null (all counters). */
export function parseCounterFilter(raw: string | null): number[] | null {
  if (!raw) return null;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d{1,4}$/.test(s))
    .map(Number);
  return list.length > 0 ? [...new Set(list)] : null;
}

/** Adds a call (newest first by eventId), ignoring one already kept; keeps at most `max`. */
export function addCall(list: readonly CallEvent[], call: CallEvent, max = KEPT_CALLS): CallEvent[] {
  if (list.some((c) => c.eventId === call.eventId)) return list as CallEvent[];
  const next = [...list, call].sort((a, b) => b.eventId - a.eventId);
  return next.length > max ? next.slice(0, max) : next;
}

export function inZone(call: Pick<CallEvent, 'counterNumber'>, counters: number[] | null): boolean {
  return counters === null || counters.includes(call.counterNumber);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The office-local calendar day of an instant, as YYYY-MM-DD. */
export function localDay(instant: string | number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(new Date(instant));
}

/**
 * Calls of today (office time): yesterday's last call must not greet the morning. A call dated
 * after `now` is kept (a clock running behind must not hide live calls).
 */
export function todays(calls: readonly CallEvent[], now: number, timeZone: string): CallEvent[] {
  const today = localDay(now, timeZone);
  return calls.filter((c) => localDay(c.calledAt, timeZone) >= today);
}

/** The newest call of each counter, newest first: what each counter is calling now. */
export function currentCalls(calls: readonly CallEvent[], rows = CURRENT_ROWS): CallEvent[] {
  const seen = new Set<number>();
  const out: CallEvent[] = [];
  for (const c of calls) {
    if (seen.has(c.counterNumber)) continue;
    seen.add(c.counterNumber);
    out.push(c);
    if (out.length === rows) break;
  }
  return out;
}

/** Calls before the current ones, one line per ticket (a recall does not repeat it). */
export function earlierCalls(calls: readonly CallEvent[], current: readonly CallEvent[], rows = HISTORY_ROWS): CallEvent[] {
  const shown = new Set(current.map((c) => c.ticketId));
  const out: CallEvent[] = [];
  for (const c of calls) {
    if (shown.has(c.ticketId)) continue;
    shown.add(c.ticketId);
    out.push(c);
    if (out.length === rows) break;
  }
  return out;
}

/** Missed calls older than this before the newest missed one are shown but not announced. */
export const ANNOUNCE_MISSED_WITHIN_MS = 2 * 60_000;

/**
 * Of the calls replayed after a reconnection (in order), those still worth reading out: the
 * ones made shortly before the newest, and never a ticket twice (its latest call only).
 */
export function worthAnnouncing(missed: readonly CallEvent[], withinMs = ANNOUNCE_MISSED_WITHIN_MS): CallEvent[] {
  if (missed.length === 0) return [];
  const newest = Math.max(...missed.map((c) => Date.parse(c.calledAt)));
  const recent = missed.filter((c) => Date.parse(c.calledAt) >= newest - withinMs);
  return recent.filter((c, i) => !recent.slice(i + 1).some((later) => later.ticketId === c.ticketId));
}
