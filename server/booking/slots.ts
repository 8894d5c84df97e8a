// A service's slots: which slots it has on which days (opening hours minus holidays, inside the
// booking window, in the office's time zone), how many places each has and the check-in window,
// as pure functions over plain data; then the reads that fill a plan from the office's
// configuration, and the capacity ledger, where a place is taken only by the conditional update
// `booked = booked + 1 WHERE booked < capacity`, so bookings never exceed capacity.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { holidays, openingHours, type services, slotLedger } from '../../db/schema';
import { fail, ok, type Result, reject } from '../errors';
import { getOffice, getService, type Office, serversOf } from '../offices/store';
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

// ---------------------------------------------------------------- from the database

type Reader = Db | Tx;
type ServiceRow = typeof services.$inferSelect;

/** The data slot generation needs for one service, read from the office's configuration. */
const sessionsOf = prepared((db) =>
  db
    .select({ weekday: openingHours.weekday, opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
    .from(openingHours)
    .where(eq(openingHours.officeId, sql.placeholder('officeId'))),
);

const holidaysOf = prepared((db) =>
  db
    .select({ date: holidays.date })
    .from(holidays)
    .where(eq(holidays.officeId, sql.placeholder('officeId'))),
);

const daySessionsOf = prepared((db) =>
  db
    .select({ weekday: openingHours.weekday, opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
    .from(openingHours)
    .where(and(eq(openingHours.officeId, sql.placeholder('officeId')), eq(openingHours.weekday, sql.placeholder('weekday')))),
);

const holidayOn = prepared((db) =>
  db
    .select({ date: holidays.date })
    .from(holidays)
    .where(and(eq(holidays.officeId, sql.placeholder('officeId')), eq(holidays.date, sql.placeholder('date')))),
);

/**
 * The slot plan narrowed to the office-local day of `start`: all that checkSlot reads to check
 * one booking, in two indexed look-ups instead of the office's whole week and holiday list.
 */
export async function slotPlanOn(db: Reader, office: Office, service: ServiceRow, now: number, start: number): Promise<SlotPlan> {
  const day = localDay(start, office.timezone);
  const sessions = await daySessionsOf(db).all({ officeId: office.id, weekday: weekdayOf(day) });
  const closed = await holidayOn(db).get({ officeId: office.id, date: day });
  return planOf(office, service, now, sessions, closed ? [day] : []);
}

export async function slotPlan(db: Reader, office: Office, service: ServiceRow, now: number): Promise<SlotPlan> {
  const sessions = await sessionsOf(db).all({ officeId: office.id });
  const closed = await holidaysOf(db).all({ officeId: office.id });
  return planOf(
    office,
    service,
    now,
    sessions,
    closed.map((h) => h.date),
  );
}

export function planOf(
  office: Office,
  service: Pick<ServiceRow, 'slotMinutes'>,
  now: number,
  sessions: SlotPlan['sessions'],
  closed: readonly string[],
): SlotPlan {
  return {
    timezone: office.timezone,
    sessions,
    holidays: new Set(closed),
    slotMinutes: service.slotMinutes,
    window: office.settings.booking,
    now,
  };
}

/** Places per slot of a service now (the configured number, else derived from its counters). */
export async function capacityOf(db: Reader, office: Office, service: ServiceRow): Promise<number> {
  return slotCapacity({
    configured: service.capacityPerSlot,
    // Counted only when they decide it.
    counters: service.capacityPerSlot === null ? (await serversOf(db, service.id)).all : 0,
    slotMinutes: service.slotMinutes,
    avgServiceMinutes: service.avgServiceMinutes,
    walkInReserve: office.settings.booking.walkInReserve,
  });
}

export interface SlotView {
  start: string;
  end: string;
  capacity: number;
  remaining: number;
}

export async function bookableService(
  db: Reader,
  office: Office,
  serviceId: number,
  missing: 'SERVICE_NOT_FOUND' | 'UNKNOWN_SERVICE',
) {
  const service = await getService(db, office.id, serviceId);
  if (!service?.active) return fail(missing);
  if (!service.bookable) return fail('SERVICE_NOT_BOOKABLE');
  return ok(service);
}

/** The service's slots on `days` local days from `from` (default today), inside the window. */
export async function listSlots(
  db: Reader,
  q: { officeId: number; serviceId: number; from?: string; days: number; now: number },
): Promise<Result<SlotView[]>> {
  const office = await getOffice(db, q.officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const found = await bookableService(db, office, q.serviceId, 'SERVICE_NOT_FOUND');
  if (!found.ok) return found;
  const service = found.value;
  const slots = generateSlots(await slotPlan(db, office, service, q.now), q.from ?? localDay(q.now, office.timezone), q.days);
  if (slots.length === 0) return ok([]);
  const capacity = await capacityOf(db, office, service);
  const ledger = await db
    .select({ slotStart: slotLedger.slotStart, booked: slotLedger.booked })
    .from(slotLedger)
    .where(
      and(
        eq(slotLedger.serviceId, service.id),
        gte(slotLedger.slotStart, slots[0]!.start),
        lte(slotLedger.slotStart, slots[slots.length - 1]!.start),
      ),
    );
  const booked = new Map(ledger.map((l) => [l.slotStart, l.booked]));
  return ok(
    slots.map((s) => ({
      start: iso(s.start),
      end: iso(s.end),
      capacity,
      remaining: Math.max(0, capacity - (booked.get(s.start) ?? 0)),
    })),
  );
}

// ---------------------------------------------------------------- places

// A place is taken by one statement: the slot's first booking inserts its row, every later one
// increments it while it is below the service's current capacity (which the row then records;
// places already taken stay taken). A full slot matches nothing and writes nothing, so refusing
// it costs no write and no commit.
const placeTaken = prepared((db) =>
  db
    .insert(slotLedger)
    .values({
      serviceId: sql.placeholder('serviceId'),
      slotStart: sql.placeholder('slotStart'),
      capacity: sql.placeholder('capacity'),
      booked: 1,
    })
    .onConflictDoUpdate({
      target: [slotLedger.serviceId, slotLedger.slotStart],
      set: { booked: sql`${slotLedger.booked} + 1`, capacity: sql`excluded.capacity` },
      setWhere: sql`${slotLedger.booked} < excluded.capacity`,
    })
    .returning({ booked: slotLedger.booked }),
);

/** Takes one place in a slot, or rejects SLOT_FULL: the whole capacity guarantee. */
export async function takePlace(tx: Tx, serviceId: number, slotStart: number, capacity: number): Promise<void> {
  if (capacity <= 0 || !(await placeTaken(tx).get({ serviceId, slotStart, capacity }))) reject('SLOT_FULL');
}

export async function releasePlace(tx: Tx, serviceId: number, slotStart: number): Promise<void> {
  await tx
    .update(slotLedger)
    .set({ booked: sql`${slotLedger.booked} - 1` })
    .where(and(eq(slotLedger.serviceId, serviceId), eq(slotLedger.slotStart, slotStart), sql`${slotLedger.booked} > 0`));
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}
