// Slot decisions as pure functions over plain data: which slots a service has on which days
// (opening hours minus holidays, inside the booking window, in the office's time zone), how many
// places each one has, and the check-in window.
import { addDays, isValidDay, localDay, localMinuteOfDay, weekdayOf, zonedTime } from '../time';

export interface Session {
  /** 0 = Sunday .. 6 = Saturday, office-local. */
  weekday: number;
  /** Minutes after local midnight. */
  opensAt: number;
  closesAt: number;
}

export interface BookingWindow {
  minNoticeMinutes: number;
  maxDaysAhead: number;
}

export interface SlotPlan {
  timezone: string;
  sessions: readonly Session[];
  /** Closed office-local days (YYYY-MM-DD). */
  holidays: ReadonlySet<string>;
  slotMinutes: number;
  window: BookingWindow;
  now: number;
}

export interface Slot {
  start: number;
  end: number;
  localDay: string;
}

/** Every slot of a service on `days` local days from `from`, keeping only those inside the window. */
export function generateSlots(plan: SlotPlan, from: string, days: number): Slot[] {
  const out: Slot[] = [];
  const first = bookableFrom(plan);
  const lastDay = lastBookableDay(plan);
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    if (day > lastDay) break;
    for (const slot of slotsOfDay(plan, day)) if (slot.start >= first) out.push(slot);
  }
  return out;
}

/** All slots of one local day from opening hours (holidays closed), ignoring the window. */
export function slotsOfDay(plan: Pick<SlotPlan, 'timezone' | 'sessions' | 'holidays' | 'slotMinutes'>, day: string): Slot[] {
  if (plan.holidays.has(day) || plan.slotMinutes <= 0) return [];
  const weekday = weekdayOf(day);
  const sessions = plan.sessions.filter((s) => s.weekday === weekday).sort((a, b) => a.opensAt - b.opensAt);
  const out: Slot[] = [];
  const listed = new Set<number>();
  for (const s of sessions) {
    for (let m = s.opensAt; m + plan.slotMinutes <= s.closesAt; m += plan.slotMinutes) {
      const start = zonedTime(day, m, plan.timezone);
      // A wall time a clock change skips does not exist (its instant reads as another time),
      // and overlapping sessions must not list a slot twice: the slots slotAt finds, no more.
      if (localMinuteOfDay(start, plan.timezone) !== m || listed.has(start)) continue;
      listed.add(start);
      out.push({ start, end: zonedTime(day, m + plan.slotMinutes, plan.timezone), localDay: day });
    }
  }
  return out;
}

/**
 * The slot of `day` that starts exactly at `start`, if any: the same answer as looking it up in
 * slotsOfDay(plan, day), without generating the day's slots (a booking checks its slot, and a
 * rush is thousands of bookings a second).
 */
export function slotAt(
  plan: Pick<SlotPlan, 'timezone' | 'sessions' | 'holidays' | 'slotMinutes'>,
  day: string,
  start: number,
): Slot | undefined {
  if (plan.holidays.has(day) || plan.slotMinutes <= 0) return undefined;
  const weekday = weekdayOf(day);
  const m = localMinuteOfDay(start, plan.timezone);
  const sessions = plan.sessions.filter((s) => s.weekday === weekday).sort((a, b) => a.opensAt - b.opensAt);
  for (const s of sessions) {
    if (m < s.opensAt || m + plan.slotMinutes > s.closesAt || (m - s.opensAt) % plan.slotMinutes !== 0) continue;
    // Exact to the millisecond, and across a clock change (a repeated or skipped local time).
    if (zonedTime(day, m, plan.timezone) !== start) continue;
    return { start, end: zonedTime(day, m + plan.slotMinutes, plan.timezone), localDay: day };
  }
  return undefined;
}

/** The earliest instant a slot may start to be booked now (minimum notice). */
export function bookableFrom(plan: Pick<SlotPlan, 'now' | 'window'>): number {
  return plan.now + plan.window.minNoticeMinutes * 60_000;
}

/** The last office-local day a booking may be made for. */
export function lastBookableDay(plan: Pick<SlotPlan, 'now' | 'window' | 'timezone'>): string {
  return addDays(localDay(plan.now, plan.timezone), plan.window.maxDaysAhead);
}

export type SlotCheck = { ok: true; slot: Slot } | { ok: false; code: 'SLOT_IN_PAST' | 'OUTSIDE_WINDOW' | 'NOT_A_SLOT' };

/** Is `start` one of the service's slots, bookable now? */
export function checkSlot(plan: SlotPlan, start: number): SlotCheck {
  if (start <= plan.now) return { ok: false, code: 'SLOT_IN_PAST' };
  const day = localDay(start, plan.timezone);
  const slot = slotAt(plan, day, start);
  if (!slot) return { ok: false, code: 'NOT_A_SLOT' };
  if (start < bookableFrom(plan) || day > lastBookableDay(plan)) return { ok: false, code: 'OUTSIDE_WINDOW' };
  return { ok: true, slot };
}

export interface CapacityInput {
  /** services.capacityPerSlot: a configured number wins. */
  configured: number | null;
  /** Counters that serve the service. */
  counters: number;
  slotMinutes: number;
  avgServiceMinutes: number;
  /** Share of the derived capacity kept for walk-ins (0..1). */
  walkInReserve: number;
}

/** Bookable places per slot: counters x slot length / service time, minus the walk-in share. */
export function slotCapacity(c: CapacityInput): number {
  if (c.configured !== null) return Math.max(0, Math.floor(c.configured));
  if (c.counters <= 0 || c.avgServiceMinutes <= 0) return 0;
  const derived = (c.counters * c.slotMinutes) / c.avgServiceMinutes;
  // The epsilon absorbs floating error (e.g. 10 x (1 - 0.3) = 6.9999...), never a real fraction.
  return Math.max(0, Math.floor(derived * (1 - c.walkInReserve) + 1e-9));
}

export interface CheckInWindow {
  earlyMinutes: number;
  lateMinutes: number;
}

export type Arrival = { kind: 'early'; opensAt: number } | { kind: 'on_time' } | { kind: 'late' };

/** Where an arrival at `now` falls against a slot's check-in window. */
export function arrival(slotStart: number, now: number, w: CheckInWindow): Arrival {
  const opensAt = slotStart - w.earlyMinutes * 60_000;
  if (now < opensAt) return { kind: 'early', opensAt };
  if (now <= slotStart + w.lateMinutes * 60_000) return { kind: 'on_time' };
  return { kind: 'late' };
}

export { isValidDay };
