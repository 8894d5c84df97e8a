// Outreach sessions (DESIGN.md capability 16): a centre's officers go where residents live (a
// block's hall, an industrial park) to help them use online public services. A supervisor
// schedules a session; residents book a place like a slot (never more than its capacity, one
// per phone); on site the officer's laptop checks them in by code and records each visit (the
// procedure, whether the resident filed online with help, whether their electronic ID was set up,
// their rating). Actions come with a key the laptop made when the officer took them, possibly
// offline: the same key again is the same action, applied once. The reports count sessions,
// residents helped and online filings; at the centres, the visits an officer marked as help to
// file online.
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { type Db, readAll, readEach, type Tx } from '../../db/client';
import { offices, outreachBookings, outreachSessions, outreachVisits, services, staff, tickets } from '../../db/schema';
import { newCode } from '../booking/identity';
import { fail, ok, type Result, reject } from '../errors';
import { type Deps, transact } from '../events';
import { getOffice } from '../offices/store';
import { maskPhone } from '../privacy/mask';
import { isSatisfied } from '../surveys/scale';
import { addDays, zonedTime } from '../time';

type Reader = Db | Tx;
type SessionRow = typeof outreachSessions.$inferSelect;
type BookingRow = typeof outreachBookings.$inferSelect;
type VisitRow = typeof outreachVisits.$inferSelect;

const iso = (t: number) => new Date(t).toISOString();

export interface SessionInput {
  placeName: string;
  address: string;
  latitude?: number | null;
  longitude?: number | null;
  startsAt: number;
  endsAt: number;
  capacity: number;
  serviceIds: number[];
  officerIds?: number[];
}

export interface SessionView {
  id: number;
  officeId: number;
  officeName: string;
  placeName: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
  cancelled: boolean;
  services: { id: number; name: string }[];
}

async function sessionView(db: Reader, s: SessionRow): Promise<SessionView> {
  const [office, offered] = await readAll(
    db,
    () => getOffice(db, s.officeId),
    () =>
      s.serviceIds.length
        ? db.select({ id: services.id, name: services.name }).from(services).where(inArray(services.id, s.serviceIds))
        : Promise.resolve([]),
  );
  return {
    id: s.id,
    officeId: s.officeId,
    officeName: office?.name ?? '',
    placeName: s.placeName,
    address: s.address,
    latitude: s.latitude,
    longitude: s.longitude,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    capacity: s.capacity,
    remaining: Math.max(0, s.capacity - s.booked),
    cancelled: s.cancelledAt !== null,
    services: offered,
  };
}

export async function getSession(db: Reader, id: number): Promise<SessionRow | undefined> {
  return (await db.select().from(outreachSessions).where(eq(outreachSessions.id, id)))[0];
}

export async function sessionOffice(db: Db, id: number): Promise<number | undefined> {
  return (await getSession(db, id))?.officeId;
}

/** A supervisor schedules a session: its procedures must be the centre's, its officers staff of it. */
export function scheduleSession(deps: Deps, officeId: number, input: SessionInput): Promise<Result<SessionView>> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    if (input.endsAt <= input.startsAt || input.startsAt <= now) reject('OUTREACH_TIME_INVALID');
    const offered = input.serviceIds.length
      ? await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.officeId, officeId), inArray(services.id, input.serviceIds)))
      : [];
    if (offered.length !== new Set(input.serviceIds).size) reject('UNKNOWN_SERVICE');
    const officerIds = [...new Set(input.officerIds ?? [])];
    if (officerIds.length) {
      const going = await tx
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.officeId, officeId), inArray(staff.id, officerIds)));
      if (going.length !== officerIds.length) reject('STAFF_NOT_FOUND');
    }
    const row = (
      await tx
        .insert(outreachSessions)
        .values({
          officeId,
          placeName: input.placeName,
          address: input.address,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          capacity: input.capacity,
          serviceIds: [...new Set(input.serviceIds)],
          officerIds,
          createdAt: now,
        })
        .returning()
    )[0]!;
    return sessionView(tx, row);
  });
}

/** A supervisor cancels a session that has not ended; its bookers see it on their page. */
export function cancelSession(deps: Deps, id: number): Promise<Result<SessionView>> {
  return transact(deps, async (tx) => {
    const s = await getSession(tx, id);
    if (!s) reject('OUTREACH_NOT_FOUND');
    if (s.cancelledAt !== null || s.endsAt <= deps.clock.now()) reject('OUTREACH_CLOSED');
    const u = (
      await tx.update(outreachSessions).set({ cancelledAt: deps.clock.now() }).where(eq(outreachSessions.id, id)).returning()
    )[0]!;
    return sessionView(tx, u);
  });
}

/** Upcoming sessions (not ended, not cancelled), soonest first; one centre's, or every centre's. */
export async function upcomingSessions(db: Db, now: number, officeId?: number): Promise<SessionView[]> {
  const rows = await db
    .select()
    .from(outreachSessions)
    .where(
      and(
        gte(outreachSessions.endsAt, now),
        isNull(outreachSessions.cancelledAt),
        officeId !== undefined ? eq(outreachSessions.officeId, officeId) : undefined,
      ),
    )
    .orderBy(asc(outreachSessions.startsAt), asc(outreachSessions.id))
    .limit(200);
  return readEach(db, rows, (r) => sessionView(db, r));
}

export async function readSession(db: Db, id: number): Promise<Result<SessionView>> {
  const s = await getSession(db, id);
  return s ? ok(await sessionView(db, s)) : fail('OUTREACH_NOT_FOUND');
}

export interface BookingView {
  id: number;
  code: string;
  token: string;
  state: BookingRow['state'];
  session: SessionView;
  serviceId: number | null;
}

async function bookingView(db: Reader, b: BookingRow): Promise<BookingView> {
  const s = (await getSession(db, b.sessionId))!;
  return { id: b.id, code: b.code, token: b.token, state: b.state, serviceId: b.serviceId, session: await sessionView(db, s) };
}

/**
 * A resident books a place: one statement raises the session's count only while it is below
 * capacity (and locks the session's row until the commit, so two bookings of one phone cannot
 * both pass the check after it); then one active booking per phone per session.
 */
export function bookSession(
  deps: Deps,
  sessionId: number,
  input: { name: string; phone: string; serviceId?: number | null },
): Promise<Result<BookingView>> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const s = await getSession(tx, sessionId);
    if (!s) reject('OUTREACH_NOT_FOUND');
    if (s.cancelledAt !== null || s.endsAt <= now) reject('OUTREACH_CLOSED');
    if (input.serviceId != null && !s.serviceIds.includes(input.serviceId)) reject('UNKNOWN_SERVICE');
    const taken = await tx
      .update(outreachSessions)
      .set({ booked: sql`${outreachSessions.booked} + 1` })
      .where(and(eq(outreachSessions.id, sessionId), lt(outreachSessions.booked, outreachSessions.capacity)))
      .returning({ id: outreachSessions.id });
    if (!taken.length) reject('SLOT_FULL');
    const same = await tx
      .select({ id: outreachBookings.id })
      .from(outreachBookings)
      .where(
        and(
          eq(outreachBookings.sessionId, sessionId),
          eq(outreachBookings.phone, input.phone),
          ne(outreachBookings.state, 'cancelled'),
        ),
      );
    if (same.length) reject('ALREADY_BOOKED');
    const row = (
      await tx
        .insert(outreachBookings)
        .values({
          sessionId,
          officeId: s.officeId,
          code: `L${newCode(7)}`,
          token: randomBytes(18).toString('base64url'),
          serviceId: input.serviceId ?? null,
          name: input.name,
          phone: input.phone,
          createdAt: now,
        })
        .returning()
    )[0]!;
    return bookingView(tx, row);
  });
}

export async function bookingByToken(db: Reader, token: string): Promise<BookingRow | undefined> {
  return (await db.select().from(outreachBookings).where(eq(outreachBookings.token, token)))[0];
}

export async function readBooking(db: Db, token: string): Promise<Result<BookingView>> {
  const b = await bookingByToken(db, token);
  return b ? ok(await bookingView(db, b)) : fail('OUTREACH_BOOKING_NOT_FOUND');
}

/** The resident cancels: the place is free again. */
export function cancelBooking(deps: Deps, token: string): Promise<Result<BookingView>> {
  return transact(deps, async (tx) => {
    const b = await bookingByToken(tx, token);
    if (!b) reject('OUTREACH_BOOKING_NOT_FOUND');
    if (b.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
    if (b.state === 'checked_in') reject('ALREADY_CHECKED_IN');
    const u = (
      await tx
        .update(outreachBookings)
        .set({ state: 'cancelled', cancelledAt: deps.clock.now() })
        .where(eq(outreachBookings.id, b.id))
        .returning()
    )[0]!;
    await tx
      .update(outreachSessions)
      .set({ booked: sql`${outreachSessions.booked} - 1` })
      .where(eq(outreachSessions.id, b.sessionId));
    return bookingView(tx, u);
  });
}

/**
 * The resident moves their place to another session (same code and token): a place is taken
 * there under the same rules as a booking (capacity, one per phone), and freed here, in one
 * transaction.
 */
export function moveBooking(deps: Deps, token: string, toSessionId: number): Promise<Result<BookingView>> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const b = await bookingByToken(tx, token);
    if (!b) reject('OUTREACH_BOOKING_NOT_FOUND');
    if (b.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
    if (b.state === 'checked_in') reject('ALREADY_CHECKED_IN');
    if (b.sessionId === toSessionId) reject('SAME_SLOT');
    const target = await getSession(tx, toSessionId);
    if (!target) reject('OUTREACH_NOT_FOUND');
    if (target.cancelledAt !== null || target.endsAt <= now) reject('OUTREACH_CLOSED');
    const taken = await tx
      .update(outreachSessions)
      .set({ booked: sql`${outreachSessions.booked} + 1` })
      .where(and(eq(outreachSessions.id, toSessionId), lt(outreachSessions.booked, outreachSessions.capacity)))
      .returning({ id: outreachSessions.id });
    if (!taken.length) reject('SLOT_FULL');
    if (b.phone !== null) {
      const same = await tx
        .select({ id: outreachBookings.id })
        .from(outreachBookings)
        .where(
          and(
            eq(outreachBookings.sessionId, toSessionId),
            eq(outreachBookings.phone, b.phone),
            ne(outreachBookings.state, 'cancelled'),
          ),
        );
      if (same.length) reject('ALREADY_BOOKED');
    }
    await tx
      .update(outreachSessions)
      .set({ booked: sql`${outreachSessions.booked} - 1` })
      .where(eq(outreachSessions.id, b.sessionId));
    // The procedure chosen stays only if the new session offers it.
    const serviceId = b.serviceId !== null && target.serviceIds.includes(b.serviceId) ? b.serviceId : null;
    const u = (
      await tx
        .update(outreachBookings)
        .set({ sessionId: toSessionId, officeId: target.officeId, serviceId })
        .where(eq(outreachBookings.id, b.id))
        .returning()
    )[0]!;
    return bookingView(tx, u);
  });
}

export interface StaffBooking {
  id: number;
  code: string;
  name: string | null;
  phone: string;
  serviceId: number | null;
  state: BookingRow['state'];
  checkedInAt: string | null;
}

/** The session's bookings for the officers on site: name, masked phone, state. */
export async function sessionBookings(db: Db, sessionId: number): Promise<StaffBooking[]> {
  const rows = await db
    .select()
    .from(outreachBookings)
    .where(eq(outreachBookings.sessionId, sessionId))
    .orderBy(asc(outreachBookings.id));
  return rows.map((b) => ({
    id: b.id,
    code: b.code,
    name: b.name,
    phone: maskPhone(b.phone),
    serviceId: b.serviceId,
    state: b.state,
    checkedInAt: b.checkedInAt === null ? null : iso(b.checkedInAt),
  }));
}

/** The booking's code, typed or read from its QR (the /o/<token> link or the bare code). */
export function codeOf(input: string): string {
  const s = input.trim();
  return s.toUpperCase();
}

async function checkInRow(tx: Tx, s: SessionRow, code: string, now: number): Promise<BookingRow> {
  const b = (
    await tx
      .select()
      .from(outreachBookings)
      .where(and(eq(outreachBookings.sessionId, s.id), eq(outreachBookings.code, codeOf(code))))
  )[0];
  if (!b) reject('OUTREACH_BOOKING_NOT_FOUND');
  if (b.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
  if (b.state === 'checked_in') return b;
  return (
    await tx
      .update(outreachBookings)
      .set({ state: 'checked_in', checkedInAt: now })
      .where(eq(outreachBookings.id, b.id))
      .returning()
  )[0]!;
}

/** Checks a booked resident in at the session; checking in again is the same check-in. */
export function checkInOutreach(deps: Deps, sessionId: number, code: string): Promise<Result<StaffBooking>> {
  return transact(deps, async (tx) => {
    const s = await getSession(tx, sessionId);
    if (!s) reject('OUTREACH_NOT_FOUND');
    const b = await checkInRow(tx, s, code, deps.clock.now());
    return {
      id: b.id,
      code: b.code,
      name: b.name,
      phone: maskPhone(b.phone),
      serviceId: b.serviceId,
      state: b.state,
      checkedInAt: b.checkedInAt === null ? null : iso(b.checkedInAt),
    };
  });
}

export interface VisitInput {
  /** Made by the officer's device when the action was taken: the same key is the same action. */
  key: string;
  /** When the officer took it, by the device's clock (an action queued offline arrives later). */
  doneAt?: number;
  bookingCode?: string | null;
  serviceId?: number | null;
  filedOnline: boolean;
  portalCode?: string | null;
  eidSetUp: boolean;
  level?: number | null;
}

export interface VisitView {
  id: number;
  sessionId: number | null;
  bookingId: number | null;
  serviceId: number | null;
  filedOnline: boolean;
  portalCode: string | null;
  eidSetUp: boolean;
  level: number | null;
  doneAt: string;
  /** True when this key had already been applied: nothing changed. */
  duplicate: boolean;
}

const visitView = (v: VisitRow, duplicate: boolean): VisitView => ({
  id: v.id,
  sessionId: v.sessionId,
  bookingId: v.bookingId,
  serviceId: v.serviceId,
  filedOnline: v.filedOnline,
  portalCode: v.portalCode,
  eidSetUp: v.eidSetUp,
  level: v.level,
  doneAt: iso(v.doneAt),
  duplicate,
});

/** A key seen before: the visit it made, whatever the rest of this delivery says. */
async function byKey(tx: Tx, key: string): Promise<VisitRow | undefined> {
  return (await tx.select().from(outreachVisits).where(eq(outreachVisits.clientKey, key)))[0];
}

/**
 * Records what was done for one resident at the session (a booked one, checked in by the same
 * action, or a walk-in). Applied once per key: a second delivery answers with the first visit.
 */
export function recordVisit(deps: Deps, sessionId: number, officerId: number, input: VisitInput): Promise<Result<VisitView>> {
  return transact(deps, async (tx) => {
    const seen = await byKey(tx, input.key);
    if (seen) {
      if (seen.sessionId !== sessionId) reject('IDEMPOTENCY_KEY_REUSED');
      return visitView(seen, true);
    }
    const now = deps.clock.now();
    const s = await getSession(tx, sessionId);
    if (!s) reject('OUTREACH_NOT_FOUND');
    if (input.serviceId != null && !s.serviceIds.includes(input.serviceId)) reject('UNKNOWN_SERVICE');
    const office = await getOffice(tx, s.officeId);
    const scale = office?.settings.ratingScale ?? 5;
    if (input.level != null && (input.level < 1 || input.level > scale)) reject('LEVEL_OUT_OF_SCALE', undefined, { scale });
    const booking = input.bookingCode ? await checkInRow(tx, s, input.bookingCode, now) : undefined;
    // An action taken offline keeps the time it was taken, never a time in the future.
    const doneAt = Math.min(input.doneAt ?? now, now);
    const row = (
      await tx
        .insert(outreachVisits)
        .values({
          officeId: s.officeId,
          sessionId,
          bookingId: booking?.id ?? null,
          serviceId: input.serviceId ?? booking?.serviceId ?? null,
          filedOnline: input.filedOnline,
          portalCode: input.filedOnline ? (input.portalCode ?? null) : null,
          eidSetUp: input.eidSetUp,
          level: input.level ?? null,
          scale: input.level != null ? scale : null,
          officerId,
          clientKey: input.key,
          doneAt,
          createdAt: now,
        })
        // Two deliveries of one key at the same moment (two tabs, a retry racing the first): the
        // unique key lets one in; the other answers with it.
        .onConflictDoNothing({ target: outreachVisits.clientKey })
        .returning()
    )[0];
    if (!row) return visitView((await byKey(tx, input.key))!, true);
    return visitView(row, false);
  });
}

/** The visits recorded at a session, newest first, for the laptop's list. */
export async function sessionVisits(db: Db, sessionId: number): Promise<VisitView[]> {
  const rows = await db
    .select()
    .from(outreachVisits)
    .where(eq(outreachVisits.sessionId, sessionId))
    .orderBy(asc(outreachVisits.doneAt), asc(outreachVisits.id));
  return rows.map((v) => visitView(v, false));
}

/**
 * At a centre: the officer marks that they helped the resident being served file online (a
 * visit without a session), once per key.
 */
export function markAssistedFiling(
  deps: Deps,
  officeId: number,
  officerId: number,
  input: { key: string; ticketId?: number | null; serviceId?: number | null; portalCode?: string | null },
): Promise<Result<VisitView>> {
  return transact(deps, async (tx) => {
    const seen = await byKey(tx, input.key);
    if (seen) {
      if (seen.officeId !== officeId || seen.sessionId !== null) reject('IDEMPOTENCY_KEY_REUSED');
      return visitView(seen, true);
    }
    let serviceId = input.serviceId ?? null;
    if (input.ticketId != null) {
      const t = (await tx.select().from(tickets).where(eq(tickets.id, input.ticketId)))[0];
      if (!t || t.officeId !== officeId) reject('TICKET_NOT_FOUND');
      serviceId ??= t.serviceId;
    }
    const now = deps.clock.now();
    const row = (
      await tx
        .insert(outreachVisits)
        .values({
          officeId,
          ticketId: input.ticketId ?? null,
          serviceId,
          filedOnline: true,
          portalCode: input.portalCode ?? null,
          officerId,
          clientKey: input.key,
          doneAt: now,
          createdAt: now,
        })
        .onConflictDoNothing({ target: outreachVisits.clientKey })
        .returning()
    )[0];
    if (!row) return visitView((await byKey(tx, input.key))!, true);
    return visitView(row, false);
  });
}

export interface SessionReport {
  sessionId: number;
  placeName: string;
  address: string;
  startsAt: string;
  capacity: number;
  booked: number;
  checkedIn: number;
  residentsHelped: number;
  filedOnline: number;
  eidSetUp: number;
  ratings: number;
  /** Share of ratings at the top two levels of the scale; null without ratings. */
  satisfactionIndex: number | null;
}

export interface OutreachReport {
  from: string;
  to: string;
  sessionsHeld: number;
  residentsHelped: number;
  filedOnline: number;
  eidSetUp: number;
  satisfactionIndex: number | null;
  sessions: SessionReport[];
  places: {
    placeName: string;
    sessions: number;
    residentsHelped: number;
    filedOnline: number;
    satisfactionIndex: number | null;
  }[];
  /** At the centre: visits served, those the officer marked as help to file online, and the share. */
  centre: { served: number; assistedFilings: number; assistedShare: number | null };
}

const index = (ratings: { level: number; scale: number }[]) =>
  ratings.length ? ratings.filter((r) => isSatisfied(r.level, r.scale)).length / ratings.length : null;

/** Sessions that started in [from, to] (office-local days) and the centre's assisted filings then. */
export async function outreachReport(db: Db, officeId: number, from: string, to: string): Promise<Result<OutreachReport>> {
  const office = await getOffice(db, officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const start = zonedTime(from, 0, office.timezone);
  const end = zonedTime(addDays(to, 1), 0, office.timezone);
  const sessions = await db
    .select()
    .from(outreachSessions)
    .where(
      and(
        eq(outreachSessions.officeId, officeId),
        gte(outreachSessions.startsAt, start),
        lt(outreachSessions.startsAt, end),
        isNull(outreachSessions.cancelledAt),
      ),
    )
    .orderBy(asc(outreachSessions.startsAt));
  const ids = sessions.map((s) => s.id);
  const [visits, bookings] = ids.length
    ? await Promise.all([
        db.select().from(outreachVisits).where(inArray(outreachVisits.sessionId, ids)),
        db
          .select({ sessionId: outreachBookings.sessionId, state: outreachBookings.state })
          .from(outreachBookings)
          .where(inArray(outreachBookings.sessionId, ids)),
      ])
    : [[], []];
  const rows: SessionReport[] = sessions.map((s) => {
    const v = visits.filter((x) => x.sessionId === s.id);
    const rated = v.filter((x) => x.level !== null && x.scale !== null) as { level: number; scale: number }[];
    const b = bookings.filter((x) => x.sessionId === s.id);
    return {
      sessionId: s.id,
      placeName: s.placeName,
      address: s.address,
      startsAt: iso(s.startsAt),
      capacity: s.capacity,
      booked: b.filter((x) => x.state !== 'cancelled').length,
      checkedIn: b.filter((x) => x.state === 'checked_in').length,
      residentsHelped: v.length,
      filedOnline: v.filter((x) => x.filedOnline).length,
      eidSetUp: v.filter((x) => x.eidSetUp).length,
      ratings: rated.length,
      satisfactionIndex: index(rated),
    };
  });
  const places = new Map<string, OutreachReport['places'][number] & { rated: { level: number; scale: number }[] }>();
  for (const s of sessions) {
    const r = rows.find((x) => x.sessionId === s.id)!;
    const p = places.get(s.placeName) ?? {
      placeName: s.placeName,
      sessions: 0,
      residentsHelped: 0,
      filedOnline: 0,
      satisfactionIndex: null,
      rated: [],
    };
    p.sessions++;
    p.residentsHelped += r.residentsHelped;
    p.filedOnline += r.filedOnline;
    p.rated.push(
      ...(visits.filter((x) => x.sessionId === s.id && x.level !== null && x.scale !== null) as {
        level: number;
        scale: number;
      }[]),
    );
    places.set(s.placeName, p);
  }
  const allRated = visits.filter((x) => x.level !== null && x.scale !== null) as { level: number; scale: number }[];
  const [assisted] = await db
    .select({ n: count() })
    .from(outreachVisits)
    .where(
      and(
        eq(outreachVisits.officeId, officeId),
        isNull(outreachVisits.sessionId),
        gte(outreachVisits.doneAt, start),
        lt(outreachVisits.doneAt, end),
      ),
    );
  const [served] = await db
    .select({ n: count() })
    .from(tickets)
    .where(
      and(
        eq(tickets.officeId, officeId),
        gte(tickets.localDay, from),
        sql`${tickets.localDay} <= ${to}`,
        eq(tickets.state, 'done'),
      ),
    );
  const servedN = Number(served?.n ?? 0);
  const assistedN = Number(assisted?.n ?? 0);
  return ok({
    from,
    to,
    // Held: a session that has a visit recorded.
    sessionsHeld: rows.filter((r) => r.residentsHelped > 0).length,
    residentsHelped: visits.length,
    filedOnline: visits.filter((x) => x.filedOnline).length,
    eidSetUp: visits.filter((x) => x.eidSetUp).length,
    satisfactionIndex: index(allRated),
    sessions: rows,
    places: [...places.values()].map(({ rated, ...p }) => ({ ...p, satisfactionIndex: index(rated) })),
    centre: { served: servedN, assistedFilings: assistedN, assistedShare: servedN ? assistedN / servedN : null },
  });
}

const lastPurge = new WeakMap<object, number>();

/**
 * Clears the names and phones of the bookings of sessions that ended more than the centre's
 * retentionDays ago (the counts and visits stay). Run by the periodic jobs.
 */
export async function purgeOutreachBookings(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  // At most one pass an hour per store: the jobs run every minute, a retention counts in days.
  if (Math.abs(now - (lastPurge.get(deps.store) ?? Number.NEGATIVE_INFINITY)) < 3_600_000) return 0;
  lastPurge.set(deps.store, now);
  let cleared = 0;
  for (const o of await deps.store.db.select({ id: offices.id }).from(offices)) {
    const days = (await getOffice(deps.store.db, o.id))?.settings.retentionDays ?? 90;
    const ended = deps.store.db
      .select({ id: outreachSessions.id })
      .from(outreachSessions)
      .where(and(eq(outreachSessions.officeId, o.id), lt(outreachSessions.endsAt, now - days * 86_400_000)));
    const r = await deps.store.write((tx) =>
      tx
        .update(outreachBookings)
        .set({ name: null, phone: null })
        .where(
          and(
            eq(outreachBookings.officeId, o.id),
            inArray(outreachBookings.sessionId, ended),
            or(isNotNull(outreachBookings.name), isNotNull(outreachBookings.phone)),
          ),
        )
        .returning({ id: outreachBookings.id }),
    );
    cleared += r.length;
  }
  return cleared;
}

export interface BoardView {
  placeName: string;
  startsAt: string;
  endsAt: string;
  /** Booking codes checked in and not served yet, in check-in order: the first is called. */
  waiting: string[];
  served: number;
}

/**
 * What the session's display (a phone or a borrowed TV) shows: the codes of the residents checked
 * in and not helped yet, in arrival order, and how many were helped. Codes only: no names.
 */
export async function sessionBoard(db: Db, sessionId: number): Promise<Result<BoardView>> {
  const s = await getSession(db, sessionId);
  if (!s) return fail('OUTREACH_NOT_FOUND');
  const [checkedIn, visits] = await Promise.all([
    db
      .select({ id: outreachBookings.id, code: outreachBookings.code })
      .from(outreachBookings)
      .where(and(eq(outreachBookings.sessionId, sessionId), eq(outreachBookings.state, 'checked_in')))
      .orderBy(asc(outreachBookings.checkedInAt), asc(outreachBookings.id)),
    db.select({ bookingId: outreachVisits.bookingId }).from(outreachVisits).where(eq(outreachVisits.sessionId, sessionId)),
  ]);
  const helped = new Set(visits.map((v) => v.bookingId));
  return ok({
    placeName: s.placeName,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    waiting: checkedIn.filter((b) => !helped.has(b.id)).map((b) => b.code),
    served: visits.length,
  });
}

/** The office's name, for the resident's page and the .ics file. */
export async function officeOfSession(db: Db, s: SessionRow) {
  return (await db.select().from(offices).where(eq(offices.id, s.officeId)))[0];
}
