// Appointments: book, read, cancel, move and erase. Each write is one IMMEDIATE transaction
// (transact) that takes or releases its place in the capacity ledger (slots.ts) and checks the
// one-active-booking-per-person limits inside the same transaction.
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { type Db, isPostgres, isUniqueViolation, lockKey, type Tx } from '../../db/client';
import type { PostgresStore } from '../../db/postgres';
import { prepared } from '../../db/prepared';
import { appointments, idempotencyKeys, services, tickets } from '../../db/schema';
import { type Failure, type Result, reject } from '../errors';
import { type Deps, transact } from '../events';
import { getOffice } from '../offices/store';
import { maskPhone } from '../privacy/mask';
import { orderedToken } from '../tickets/store';
import { fastBook } from './book-postgres';
import { contactPhone, erasedPhone, hashIdNumber, newCode } from './identity';
import { type OfficeCancelReason, parseCancelReason } from './office-cancellations';
import { bookableService, capacityOf, checkSlot, releasePlace, slotPlanOn, takePlace } from './slots';

type Reader = Db | Tx;
export type AppointmentRow = typeof appointments.$inferSelect;

const ACTIVE = ['booked', 'checked_in'] as const;

/** Idempotency keys are kept this long: far longer than any double submit. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

// ---------------------------------------------------------------- limits

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
      ),
  );

// The phone in clear, or the hash a booking whose data was erased keeps until its slot passes.
const activeBookingOfPhone = activeBookingOf(
  or(eq(appointments.phone, sql.placeholder('phone')), eq(appointments.phone, sql.placeholder('erasedPhone')))!,
);

const activeBookingOfIdNumber = activeBookingOf(
  and(isNotNull(appointments.idNumberHash), eq(appointments.idNumberHash, sql.placeholder('idNumberHash')))!,
);

/** ALREADY_BOOKED when the phone or ID number has another active booking of the service that day. */
async function checkLimits(
  tx: Tx,
  pepper: string,
  a: { serviceId: number; localDay: string; phone: string; idNumberHash: string | null },
  exceptId?: number,
): Promise<void> {
  const q = { ...a, erasedPhone: erasedPhone(a.phone, pepper), exceptId: exceptId ?? 0 };
  if ((await activeBookingOfPhone(tx).get(q)) || (a.idNumberHash !== null && (await activeBookingOfIdNumber(tx).get(q))))
    reject('ALREADY_BOOKED');
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

/** What a booking needs beyond the database: the key ID numbers are hashed with (identity.ts). */
export interface BookingDeps extends Deps {
  idNumberPepper: string;
}

export async function book(deps: BookingDeps, input: BookInput): Promise<Result<Booked>> {
  const idNumberHash = input.idNumber ? hashIdNumber(input.idNumber, deps.idNumberPepper) : null;
  // What a repeated Idempotency-Key must come with: the same booking.
  const fingerprint = input.idempotencyKey
    ? createHash('sha256')
        .update(JSON.stringify([input.serviceId, input.start, input.name, input.phone, idNumberHash, input.priority ?? null]))
        .digest('hex')
    : '';
  // PostgreSQL: one read that answers most of a rush's attempts, then a one-statement write
  // (book-postgres.ts); what it cannot decide alone goes to the transaction below.
  if (isPostgres()) {
    const fast = await fastBook(deps.store as PostgresStore, {
      officeId: input.officeId,
      serviceId: input.serviceId,
      start: input.start,
      name: input.name,
      phone: input.phone,
      erasedPhone: erasedPhone(input.phone, deps.idNumberPepper),
      idNumberHash,
      priority: input.priority ?? null,
      key: input.idempotencyKey ? idempotencyKeyOf(input.officeId, input.idempotencyKey) : null,
      fingerprint,
      code: newCode,
      now: deps.clock.now(),
    });
    if (!('general' in fast)) return fast;
  }
  return transact(deps, booking(deps, input, idNumberHash, fingerprint));
}

const idempotencyKeyOf = (officeId: number, key: string) => `appointment:${officeId}:${key}`;

/** The booking write, one transaction with every check (the ID number hashed before it starts). */
function booking(
  deps: BookingDeps,
  input: BookInput,
  idNumberHash: string | null,
  fingerprint: string,
): (tx: Tx) => Promise<Booked> {
  return async (tx) => {
    const now = deps.clock.now();
    const key = input.idempotencyKey ? idempotencyKeyOf(input.officeId, input.idempotencyKey) : null;
    if (key) {
      // A form submitted twice at once: the second waits for the first and replays its answer.
      await lockKey(tx, key);
      const seen = (await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)))[0];
      if (seen && now - seen.createdAt < IDEMPOTENCY_TTL_MS) {
        const saved = seen.response as { fingerprint: string; body: Booked };
        if (saved.fingerprint !== fingerprint) reject('IDEMPOTENCY_KEY_REUSED');
        return saved.body;
      }
      if (seen) await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    }
    const office = await getOffice(tx, input.officeId);
    if (!office) reject('OFFICE_NOT_FOUND');
    const found = await bookableService(tx, office, input.serviceId, 'UNKNOWN_SERVICE');
    if (!found.ok) rejection(found);
    const service = found.value;
    const priority = input.priority ?? null;
    if (priority !== null && !office.settings.priorityCategories.some((c) => c.code === priority)) reject('UNKNOWN_PRIORITY');
    const checked = checkSlot(await slotPlanOn(tx, office, service, now, input.start), input.start);
    if (!checked.ok) reject(checked.code);
    const { slot } = checked;
    await checkLimits(tx, deps.idNumberPepper, {
      serviceId: service.id,
      localDay: slot.localDay,
      phone: input.phone,
      idNumberHash,
    });
    await takePlace(tx, service.id, slot.start, await capacityOf(tx, office, service));
    let row: AppointmentRow;
    try {
      row = (
        await tx
          .insert(appointments)
          .values({
            officeId: office.id,
            serviceId: service.id,
            code: await freshCode(tx, office.id),
            token: orderedToken(),
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
      )[0]!;
    } catch (e) {
      // The partial unique indexes back the limits up; a violation of them is the same refusal.
      if (isUniqueViolation(e)) reject('ALREADY_BOOKED');
      throw e;
    }
    const body: Booked = { id: row.id, code: row.code, token: row.token, start: iso(row.slotStart), end: iso(row.slotEnd) };
    if (key) {
      await tx
        .insert(idempotencyKeys)
        .values({ key, officeId: office.id, status: 201, response: { fingerprint, body }, createdAt: now });
    }
    return body;
  };
}

async function freshCode(tx: Tx, officeId: number): Promise<string> {
  for (;;) {
    const code = newCode();
    const taken = (
      await tx
        .select({ id: appointments.id })
        .from(appointments)
        .where(and(eq(appointments.officeId, officeId), eq(appointments.code, code)))
    )[0];
    if (!taken) return code;
  }
}

// ---------------------------------------------------------------- read, cancel, reschedule, erase

export async function getAppointmentByToken(db: Reader, token: string): Promise<AppointmentRow | undefined> {
  return (await db.select().from(appointments).where(eq(appointments.token, token)))[0];
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
  /** Why the office cancelled it (a holiday, changed hours); null if it did not. */
  cancelReason: OfficeCancelReason | null;
}

export async function appointmentView(db: Reader, a: AppointmentRow): Promise<AppointmentView> {
  const office = await getOffice(db, a.officeId);
  const service = (await db.select().from(services).where(eq(services.id, a.serviceId)))[0];
  const ticket = a.ticketId
    ? (await db.select({ token: tickets.token }).from(tickets).where(eq(tickets.id, a.ticketId)))[0]
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
    phone: contactPhone(a.phone) ? maskPhone(a.phone) : null,
    ticketToken: ticket?.token ?? null,
    cancelReason: parseCancelReason(a.cancelReason),
  };
}

/** A booking the resident may still change: booked, and its slot not over. */
function changeable(a: AppointmentRow | undefined, now: number): AppointmentRow {
  if (!a) reject('APPOINTMENT_NOT_FOUND');
  if (a.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
  if (a.state === 'checked_in') reject('ALREADY_CHECKED_IN');
  if (a.state !== 'booked' || now >= a.slotEnd) reject('APPOINTMENT_CLOSED');
  return a;
}

/** Cancels a booking; its place returns to the slot. */
export function cancelAppointment(deps: Deps, token: string): Promise<Result<AppointmentView>> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const a = changeable(await getAppointmentByToken(tx, token), now);
    await releasePlace(tx, a.serviceId, a.slotStart);
    const row = (
      await tx.update(appointments).set({ state: 'cancelled', cancelledAt: now }).where(eq(appointments.id, a.id)).returning()
    )[0]!;
    return appointmentView(tx, row);
  });
}

/**
 * Erases a booking's name and phone at the resident's request. While the booking can still be
 * used (its slot not over), it keeps what the one-booking-per-person limit needs, as keyed hashes
 * only: the phone's (erasedPhone) and the ID number's; the retention job clears both once the slot
 * has passed. The code still checks in.
 */
export function erasePersonalData(deps: BookingDeps, token: string): Promise<Result<AppointmentView>> {
  return transact(deps, async (tx) => {
    const a = await getAppointmentByToken(tx, token);
    if (!a) reject('APPOINTMENT_NOT_FOUND');
    const now = deps.clock.now();
    const stillCounts = a.slotEnd > now && (ACTIVE as readonly string[]).includes(a.state);
    const phone = stillCounts && a.phone ? (contactPhone(a.phone) ? erasedPhone(a.phone, deps.idNumberPepper) : a.phone) : null;
    const row = (
      await tx
        .update(appointments)
        .set({ name: null, phone, idNumberHash: stillCounts ? a.idNumberHash : null, purgedAt: a.purgedAt ?? now })
        .where(eq(appointments.id, a.id))
        .returning()
    )[0]!;
    return appointmentView(tx, row);
  });
}

/** Moves a booking to another slot: the old place is released only once the new one is taken. */
export function rescheduleAppointment(deps: BookingDeps, token: string, start: number): Promise<Result<AppointmentView>> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const a = changeable(await getAppointmentByToken(tx, token), now);
    if (a.slotStart === start) reject('SAME_SLOT');
    const office = await getOffice(tx, a.officeId);
    if (!office) reject('OFFICE_NOT_FOUND');
    const found = await bookableService(tx, office, a.serviceId, 'UNKNOWN_SERVICE');
    if (!found.ok) rejection(found);
    const service = found.value;
    const checked = checkSlot(await slotPlanOn(tx, office, service, now, start), start);
    if (!checked.ok) reject(checked.code);
    const { slot } = checked;
    if (slot.localDay !== a.localDay) {
      await checkLimits(
        tx,
        deps.idNumberPepper,
        { serviceId: a.serviceId, localDay: slot.localDay, phone: a.phone ?? '', idNumberHash: a.idNumberHash },
        a.id,
      );
    }
    await takePlace(tx, a.serviceId, slot.start, await capacityOf(tx, office, service));
    await releasePlace(tx, a.serviceId, a.slotStart);
    try {
      const row = (
        await tx
          .update(appointments)
          .set({ slotStart: slot.start, slotEnd: slot.end, localDay: slot.localDay })
          .where(eq(appointments.id, a.id))
          .returning()
      )[0]!;
      return appointmentView(tx, row);
    } catch (e) {
      // The partial unique indexes back the limits up; a violation of them is the same refusal.
      if (isUniqueViolation(e)) reject('ALREADY_BOOKED');
      throw e;
    }
  });
}

/** A day's bookings of an office for staff screens, by slot: personal data masked. */
export async function dayAppointments(db: Reader, officeId: number, day: string) {
  const rows = await db
    .select()
    .from(appointments)
    .where(and(eq(appointments.officeId, officeId), eq(appointments.localDay, day)))
    .orderBy(asc(appointments.slotStart), asc(appointments.id));
  return rows.map((a) => ({
    id: a.id,
    code: a.code,
    serviceId: a.serviceId,
    start: iso(a.slotStart),
    end: iso(a.slotEnd),
    state: a.state,
    priority: a.priority,
    name: a.name,
    phone: contactPhone(a.phone) ? maskPhone(a.phone) : null,
    ticketId: a.ticketId,
  }));
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}

function rejection(f: Failure): never {
  reject(f.code, f.message, f.details);
}
