// Booking reads and atomic writes: slots with their remaining places, book, cancel, reschedule,
// check-in and the no-show sweep. Every write is one IMMEDIATE transaction (transact), and a
// place is taken only by the conditional update `booked = booked + 1 WHERE booked < capacity`
// on slot_ledger, so bookings never exceed capacity whatever the concurrency.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNotNull, lt, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { prepared } from '../../db/prepared';
import {
  appointments,
  holidays,
  idempotencyKeys,
  openingHours,
  serverSecrets,
  services,
  slotLedger,
  tickets,
} from '../../db/schema';
import { type Failure, fail, ok, type Result, reject } from '../errors';
import { type Deps, type Outbox, transact, transactGrouped } from '../events';
import { getOffice, getService, type Office, serversOf } from '../offices/store';
import { type IssuedTicket, insertTicket, newToken } from '../tickets/store';
import { localDay, localParts, weekdayOf } from '../time';
import './errors';
import { maskPhone } from '../privacy/mask';
import { hashIdNumber, isCode, newCode, normalizeCode } from './identity';
import { arrival, checkSlot, generateSlots, type SlotPlan, slotCapacity } from './slots';

type Reader = Db | Tx;
type ServiceRow = typeof services.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;

const ACTIVE = ['booked', 'checked_in'] as const;
/** Idempotency keys are kept this long: far longer than any double submit. */
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

// ---------------------------------------------------------------- slots

/** The data slot generation needs for one service, read from the office's configuration. */
const sessionsOf = prepared((db) =>
  db
    .select({ weekday: openingHours.weekday, opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
    .from(openingHours)
    .where(eq(openingHours.officeId, sql.placeholder('officeId')))
    .prepare(),
);

const holidaysOf = prepared((db) =>
  db
    .select({ date: holidays.date })
    .from(holidays)
    .where(eq(holidays.officeId, sql.placeholder('officeId')))
    .prepare(),
);

const daySessionsOf = prepared((db) =>
  db
    .select({ weekday: openingHours.weekday, opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
    .from(openingHours)
    .where(and(eq(openingHours.officeId, sql.placeholder('officeId')), eq(openingHours.weekday, sql.placeholder('weekday'))))
    .prepare(),
);

const holidayOn = prepared((db) =>
  db
    .select({ date: holidays.date })
    .from(holidays)
    .where(and(eq(holidays.officeId, sql.placeholder('officeId')), eq(holidays.date, sql.placeholder('date'))))
    .prepare(),
);

/**
 * The slot plan narrowed to the office-local day of `start`: all that checkSlot reads to check
 * one booking, in two indexed look-ups instead of the office's whole week and holiday list.
 */
export function slotPlanOn(db: Reader, office: Office, service: ServiceRow, now: number, start: number): SlotPlan {
  const day = localDay(start, office.timezone);
  const sessions = daySessionsOf(db).all({ officeId: office.id, weekday: weekdayOf(day) });
  const closed = holidayOn(db).get({ officeId: office.id, date: day });
  return planOf(office, service, now, sessions, closed ? [day] : []);
}

export function slotPlan(db: Reader, office: Office, service: ServiceRow, now: number): SlotPlan {
  const sessions = sessionsOf(db).all({ officeId: office.id });
  const closed = holidaysOf(db).all({ officeId: office.id });
  return planOf(
    office,
    service,
    now,
    sessions,
    closed.map((h) => h.date),
  );
}

function planOf(office: Office, service: ServiceRow, now: number, sessions: SlotPlan['sessions'], closed: string[]): SlotPlan {
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
export function capacityOf(db: Reader, office: Office, service: ServiceRow): number {
  return slotCapacity({
    configured: service.capacityPerSlot,
    // Counted only when they decide it.
    counters: service.capacityPerSlot === null ? serversOf(db, service.id).all : 0,
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

function bookableService(db: Reader, office: Office, serviceId: number, missing: 'SERVICE_NOT_FOUND' | 'UNKNOWN_SERVICE') {
  const service = getService(db, office.id, serviceId);
  if (!service?.active) return fail(missing);
  if (!service.bookable) return fail('SERVICE_NOT_BOOKABLE');
  return ok(service);
}

/** The service's slots on `days` local days from `from` (default today), inside the window. */
export function listSlots(
  db: Reader,
  q: { officeId: number; serviceId: number; from?: string; days: number; now: number },
): Result<SlotView[]> {
  const office = getOffice(db, q.officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const found = bookableService(db, office, q.serviceId, 'SERVICE_NOT_FOUND');
  if (!found.ok) return found;
  const service = found.value;
  const slots = generateSlots(slotPlan(db, office, service, q.now), q.from ?? localDay(q.now, office.timezone), q.days);
  if (slots.length === 0) return ok([]);
  const capacity = capacityOf(db, office, service);
  const ledger = db
    .select({ slotStart: slotLedger.slotStart, booked: slotLedger.booked })
    .from(slotLedger)
    .where(
      and(
        eq(slotLedger.serviceId, service.id),
        gte(slotLedger.slotStart, slots[0]!.start),
        lte(slotLedger.slotStart, slots[slots.length - 1]!.start),
      ),
    )
    .all();
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
    .returning({ booked: slotLedger.booked })
    .prepare(),
);

/** Takes one place in a slot, or rejects SLOT_FULL: the whole capacity guarantee. */
function takePlace(tx: Tx, serviceId: number, slotStart: number, capacity: number): void {
  if (capacity <= 0 || !placeTaken(tx).get({ serviceId, slotStart, capacity })) reject('SLOT_FULL');
}

function releasePlace(tx: Tx, serviceId: number, slotStart: number): void {
  tx.update(slotLedger)
    .set({ booked: sql`${slotLedger.booked} - 1` })
    .where(and(eq(slotLedger.serviceId, serviceId), eq(slotLedger.slotStart, slotStart), sql`${slotLedger.booked} > 0`))
    .run();
}

/**
 * Another active booking of the service that day matching `who`. Two shapes, so each is one
 * look-up in its partial unique index (appointments_one_per_phone, appointments_one_per_id).
 * exceptId 0 excludes nothing.
 */
const activeBookingOf = (who: SQL) =>
  prepared((db) =>
    db
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.serviceId, sql.placeholder('serviceId')),
          eq(appointments.localDay, sql.placeholder('localDay')),
          inArray(appointments.state, [...ACTIVE]),
          who,
          ne(appointments.id, sql.placeholder('exceptId')),
        ),
      )
      .prepare(),
  );

const activeBookingOfPhone = activeBookingOf(eq(appointments.phone, sql.placeholder('phone')));
const activeBookingOfIdNumber = activeBookingOf(
  and(isNotNull(appointments.idNumberHash), eq(appointments.idNumberHash, sql.placeholder('idNumberHash')))!,
);

/** ALREADY_BOOKED when the phone or ID number has another active booking of the service that day. */
function checkLimits(
  tx: Tx,
  a: { serviceId: number; localDay: string; phone: string; idNumberHash: string | null },
  exceptId?: number,
): void {
  const q = { ...a, exceptId: exceptId ?? 0 };
  if (activeBookingOfPhone(tx).get(q) || (a.idNumberHash !== null && activeBookingOfIdNumber(tx).get(q)))
    reject('ALREADY_BOOKED');
}

/** The partial unique indexes back the limits up; a violation of them is the same refusal. */
function uniqueViolation(e: unknown): boolean {
  return e instanceof Error && 'code' in e && (e as { code: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

// ---------------------------------------------------------------- book

export interface BookInput {
  officeId: number;
  serviceId: number;
  start: number;
  name: string;
  /** National form, already validated (identity.normalizePhone). */
  phone: string;
  /** 12 digits, already validated; stored only as a keyed hash. */
  idNumber?: string | null;
  priority?: string | null;
  idempotencyKey?: string | null;
}

export interface Booked {
  id: number;
  code: string;
  token: string;
  start: string;
  end: string;
}

export function book(deps: Deps, input: BookInput): Result<Booked> {
  return transact(deps, booking(deps, input));
}

/** `book` sharing its commit with the concurrent ones (the booking route: a rush is many). */
export function bookGrouped(deps: Deps, input: BookInput): Promise<Result<Booked>> {
  return transactGrouped(deps, booking(deps, input));
}

/** The booking write; the ID number is hashed before the write lock is taken. */
function booking(deps: Deps, input: BookInput): (tx: Tx) => Booked {
  const pepper = pepperOf(deps.db, deps.clock.now());
  const idNumberHash = input.idNumber ? hashIdNumber(input.idNumber, pepper) : null;
  // What a repeated Idempotency-Key must come with: the same booking.
  const fingerprint = input.idempotencyKey
    ? createHash('sha256')
        .update(JSON.stringify([input.serviceId, input.start, input.name, input.phone, idNumberHash, input.priority ?? null]))
        .digest('hex')
    : '';
  return (tx) => {
    const now = deps.clock.now();
    const key = input.idempotencyKey ? `appointment:${input.officeId}:${input.idempotencyKey}` : null;
    if (key) {
      const seen = tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).get();
      if (seen && now - seen.createdAt < IDEMPOTENCY_TTL_MS) {
        const saved = seen.response as { fingerprint: string; body: Booked };
        if (saved.fingerprint !== fingerprint) reject('IDEMPOTENCY_KEY_REUSED');
        return saved.body;
      }
      if (seen) tx.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key)).run();
    }
    const office = getOffice(tx, input.officeId) ?? reject('OFFICE_NOT_FOUND');
    const found = bookableService(tx, office, input.serviceId, 'UNKNOWN_SERVICE');
    if (!found.ok) return rejection(found);
    const service = found.value;
    const priority = input.priority ?? null;
    if (priority !== null && !office.settings.priorityCategories.some((c) => c.code === priority)) reject('UNKNOWN_PRIORITY');
    const checked = checkSlot(slotPlanOn(tx, office, service, now, input.start), input.start);
    if (!checked.ok) return reject(checked.code);
    const { slot } = checked;
    checkLimits(tx, { serviceId: service.id, localDay: slot.localDay, phone: input.phone, idNumberHash });
    takePlace(tx, service.id, slot.start, capacityOf(tx, office, service));
    let row: AppointmentRow;
    try {
      row = tx
        .insert(appointments)
        .values({
          officeId: office.id,
          serviceId: service.id,
          code: freshCode(tx, office.id),
          token: newToken(),
          slotStart: slot.start,
          slotEnd: slot.end,
          localDay: slot.localDay,
          name: input.name,
          phone: input.phone,
          idNumberHash,
          priority,
          state: 'booked',
          createdAt: now,
        })
        .returning()
        .get();
    } catch (e) {
      if (uniqueViolation(e)) reject('ALREADY_BOOKED');
      throw e;
    }
    const body: Booked = { id: row.id, code: row.code, token: row.token, start: iso(row.slotStart), end: iso(row.slotEnd) };
    if (key) {
      tx.insert(idempotencyKeys)
        .values({ key, officeId: office.id, status: 201, response: { fingerprint, body }, createdAt: now })
        .run();
    }
    return body;
  };
}

function freshCode(tx: Tx, officeId: number): string {
  for (;;) {
    const code = newCode();
    const taken = tx
      .select({ id: appointments.id })
      .from(appointments)
      .where(and(eq(appointments.officeId, officeId), eq(appointments.code, code)))
      .get();
    if (!taken) return code;
  }
}

// ---------------------------------------------------------------- read, cancel, reschedule

export function getAppointmentByToken(db: Reader, token: string): AppointmentRow | undefined {
  return db.select().from(appointments).where(eq(appointments.token, token)).get();
}

export interface AppointmentView {
  id: number;
  code: string;
  token: string;
  serviceId: number;
  serviceName: string;
  whatToBring: string | null;
  officeId: number;
  officeName: string;
  officeAddress: string;
  /** The office's IANA time zone: show start and end in it. */
  timezone: string;
  start: string;
  end: string;
  state: AppointmentRow['state'];
  priority: string | null;
  name: string | null;
  /** Masked: the full number is never sent back. */
  phone: string | null;
  /** The live ticket issued at check-in, for /t/<token>. */
  ticketToken: string | null;
}

export function appointmentView(db: Reader, a: AppointmentRow): AppointmentView {
  const office = getOffice(db, a.officeId);
  const service = db.select().from(services).where(eq(services.id, a.serviceId)).get();
  const ticket = a.ticketId
    ? db.select({ token: tickets.token }).from(tickets).where(eq(tickets.id, a.ticketId)).get()
    : undefined;
  return {
    id: a.id,
    code: a.code,
    token: a.token,
    serviceId: a.serviceId,
    serviceName: service?.name ?? '',
    whatToBring: service?.whatToBring ?? null,
    officeId: a.officeId,
    officeName: office?.name ?? '',
    officeAddress: office?.address ?? '',
    timezone: office?.timezone ?? 'Asia/Ho_Chi_Minh',
    start: iso(a.slotStart),
    end: iso(a.slotEnd),
    state: a.state,
    priority: a.priority,
    name: a.name,
    phone: a.phone ? maskPhone(a.phone) : null,
    ticketToken: ticket?.token ?? null,
  };
}

/** A booking the resident may still change: booked, and its slot not over. */
function changeable(a: AppointmentRow | undefined, now: number): AppointmentRow {
  if (!a) return reject('APPOINTMENT_NOT_FOUND');
  if (a.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
  if (a.state === 'checked_in') reject('ALREADY_CHECKED_IN');
  if (a.state !== 'booked' || now >= a.slotEnd) reject('APPOINTMENT_CLOSED');
  return a;
}

/** Cancels a booking; its place returns to the slot. */
export function cancelAppointment(deps: Deps, token: string): Result<AppointmentView> {
  return transact(deps, (tx) => {
    const now = deps.clock.now();
    const a = changeable(getAppointmentByToken(tx, token), now);
    releasePlace(tx, a.serviceId, a.slotStart);
    const row = tx
      .update(appointments)
      .set({ state: 'cancelled', cancelledAt: now })
      .where(eq(appointments.id, a.id))
      .returning()
      .get();
    return appointmentView(tx, row);
  });
}

/**
 * The resident erases the personal data of their own booking (name, phone, ID hash), at any
 * time and in any state. The booking itself stays: its code still checks in, and the office's
 * figures keep its times and states. Erasing twice is harmless.
 */
export function erasePersonalData(deps: Deps, token: string): Result<AppointmentView> {
  return transact(deps, (tx) => {
    const a = getAppointmentByToken(tx, token) ?? reject('APPOINTMENT_NOT_FOUND');
    const row = tx
      .update(appointments)
      .set({ name: null, phone: null, idNumberHash: null, purgedAt: a.purgedAt ?? deps.clock.now() })
      .where(eq(appointments.id, a.id))
      .returning()
      .get();
    return appointmentView(tx, row);
  });
}

/** Moves a booking to another slot: the old place is released only once the new one is taken. */
export function rescheduleAppointment(deps: Deps, token: string, start: number): Result<AppointmentView> {
  return transact(deps, (tx) => {
    const now = deps.clock.now();
    const a = changeable(getAppointmentByToken(tx, token), now);
    if (a.slotStart === start) reject('SAME_SLOT');
    const office = getOffice(tx, a.officeId) ?? reject('OFFICE_NOT_FOUND');
    const found = bookableService(tx, office, a.serviceId, 'UNKNOWN_SERVICE');
    if (!found.ok) return rejection(found);
    const service = found.value;
    const checked = checkSlot(slotPlanOn(tx, office, service, now, start), start);
    if (!checked.ok) return reject(checked.code);
    const { slot } = checked;
    if (slot.localDay !== a.localDay) {
      checkLimits(
        tx,
        { serviceId: a.serviceId, localDay: slot.localDay, phone: a.phone ?? '', idNumberHash: a.idNumberHash },
        a.id,
      );
    }
    takePlace(tx, a.serviceId, slot.start, capacityOf(tx, office, service));
    releasePlace(tx, a.serviceId, a.slotStart);
    try {
      const row = tx
        .update(appointments)
        .set({ slotStart: slot.start, slotEnd: slot.end, localDay: slot.localDay })
        .where(eq(appointments.id, a.id))
        .returning()
        .get();
      return appointmentView(tx, row);
    } catch (e) {
      if (uniqueViolation(e)) reject('ALREADY_BOOKED');
      throw e;
    }
  });
}

/** A day's bookings of an office for staff screens, by slot: personal data masked. */
export function dayAppointments(db: Reader, officeId: number, day: string) {
  const rows = db
    .select()
    .from(appointments)
    .where(and(eq(appointments.officeId, officeId), eq(appointments.localDay, day)))
    .orderBy(asc(appointments.slotStart), asc(appointments.id))
    .all();
  return rows.map((a) => ({
    id: a.id,
    code: a.code,
    serviceId: a.serviceId,
    start: iso(a.slotStart),
    end: iso(a.slotEnd),
    state: a.state,
    priority: a.priority,
    name: a.name,
    phone: a.phone ? maskPhone(a.phone) : null,
    ticketId: a.ticketId,
  }));
}

// ---------------------------------------------------------------- check-in and the day

export interface CheckedIn {
  ticket: IssuedTicket;
  appointmentId: number;
  /** Set when the resident came after the window: they got a regular walk-in number. */
  notice?: { vi: string; en: string };
}

/**
 * What a kiosk received: the typed code, or what a scanner typed from the QR (the booking page's
 * URL, /a/<token>). Returns the lookup to make.
 */
export function parseCheckInInput(input: string): { code: string } | { token: string } | null {
  const text = input.trim();
  const url = /\/a\/([A-Za-z0-9_-]{8,64})(?:[/?#]|$)/.exec(text);
  if (url) return { token: url[1]! };
  const code = normalizeCode(text);
  if (isCode(code)) return { code };
  if (/^[A-Za-z0-9_-]{16,64}$/.test(text)) return { token: text };
  return null;
}

const hhmm = (instant: number, timeZone: string) => {
  const p = localParts(instant, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/**
 * Checks a booking in at the kiosk: on time (window around the slot start) it issues a ticket in
 * the booking class (and its priority), late a regular walk-in ticket with a notice, too early
 * nothing (409 with the time to come back). Ticket and appointment change in one transaction.
 */
export function checkIn(deps: Deps, officeId: number, input: string): Result<CheckedIn> {
  return transact(deps, checkingIn(deps, officeId, input));
}

/** `checkIn` sharing its commit with the concurrent writes (the kiosk route). */
export function checkInGrouped(deps: Deps, officeId: number, input: string): Promise<Result<CheckedIn>> {
  return transactGrouped(deps, checkingIn(deps, officeId, input));
}

function checkingIn(deps: Deps, officeId: number, input: string): (tx: Tx, out: Outbox) => CheckedIn {
  return (tx, out) => {
    const now = deps.clock.now();
    const office = getOffice(tx, officeId) ?? reject('OFFICE_NOT_FOUND');
    const lookup = parseCheckInInput(input) ?? reject('APPOINTMENT_NOT_FOUND');
    const a = tx
      .select()
      .from(appointments)
      .where(
        and(
          eq(appointments.officeId, office.id),
          'code' in lookup ? eq(appointments.code, lookup.code) : eq(appointments.token, lookup.token),
        ),
      )
      .get();
    if (!a) return reject('APPOINTMENT_NOT_FOUND');
    if (a.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
    if (a.state === 'checked_in' || a.ticketId !== null) reject('ALREADY_CHECKED_IN');
    const today = localDay(now, office.timezone);
    if (a.localDay < today) reject('APPOINTMENT_EXPIRED');
    const when = arrival(a.slotStart, now, office.settings.checkIn);
    if (when.kind === 'early') {
      const at = hhmm(when.opensAt, office.timezone);
      const day = a.localDay === today ? '' : ` ${a.localDay.split('-').reverse().join('/')}`;
      const dayEn = a.localDay === today ? '' : ` on ${a.localDay}`;
      reject(
        'CHECK_IN_TOO_EARLY',
        {
          vi: `Chưa đến giờ xác nhận lịch hẹn. Vui lòng quay lại từ ${at}${day}.`,
          en: `It is too early to check in. Please come back from ${at}${dayEn}.`,
        },
        { comeBackAt: iso(when.opensAt) },
      );
    }
    const late = when.kind === 'late';
    const ticket = insertTicket(
      tx,
      out,
      now,
      late
        ? { officeId: office.id, serviceId: a.serviceId, source: 'walk_in', appointmentId: a.id }
        : {
            officeId: office.id,
            serviceId: a.serviceId,
            source: 'booking',
            appointmentId: a.id,
            slotStart: a.slotStart,
            // A category the office has since removed no longer lifts the ticket.
            priority: office.settings.priorityCategories.some((c) => c.code === a.priority) ? a.priority : null,
          },
    );
    tx.update(appointments).set({ state: 'checked_in', ticketId: ticket.id }).where(eq(appointments.id, a.id)).run();
    if (!late) return { ticket, appointmentId: a.id };
    const slotAt = hhmm(a.slotStart, office.timezone);
    return {
      ticket,
      appointmentId: a.id,
      notice: {
        vi: `Bạn đến muộn so với lịch hẹn lúc ${slotAt}, nên được cấp số thứ tự thông thường ${ticket.number}.`,
        en: `You are late for your ${slotAt} booking, so you have a regular number: ${ticket.number}.`,
      },
    };
  };
}

/**
 * The periodic job: bookings not checked in by the end of their slot become no-shows (their
 * place is not returned: the slot is over). Also forgets idempotency keys past their use.
 */
export function sweepNoShows(deps: Deps, officeId: number): Result<number> {
  return transact(deps, (tx) => {
    const now = deps.clock.now();
    const missed = tx
      .update(appointments)
      .set({ state: 'no_show' })
      .where(and(eq(appointments.officeId, officeId), eq(appointments.state, 'booked'), lte(appointments.slotEnd, now)))
      .returning({ id: appointments.id })
      .all();
    tx.delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.officeId, officeId), lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)))
      .run();
    return missed.length;
  });
}

// ---------------------------------------------------------------- helpers

/**
 * The installation's pepper for CCCD hashes: ID_NUMBER_PEPPER when it is configured
 * (usePepper), else made once and kept in the database, then read (cached per database).
 */
const peppers = new WeakMap<Db, string>();

/** The configured pepper for this database's hashes, in place of the stored one. */
export function usePepper(db: Db, pepper: string): void {
  peppers.set(db, pepper);
}

export function pepperOf(db: Db, now: number): string {
  const cached = peppers.get(db);
  if (cached) return cached;
  db.insert(serverSecrets)
    .values({ name: 'id_number_pepper', value: randomBytes(32).toString('base64url'), createdAt: now })
    .onConflictDoNothing()
    .run();
  const row = db.select().from(serverSecrets).where(eq(serverSecrets.name, 'id_number_pepper')).get();
  const pepper = row!.value;
  peppers.set(db, pepper);
  return pepper;
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}

function rejection(f: Failure): never {
  return reject(f.code, f.message, f.details);
}
