// Dossiers from the counter to the result: received while a ticket is served, tracked through
// their states and hand-offs between the office's units with a history of every step, late
// against the promised date (an apology gives the resident a new date but never makes a late
// dossier on time), and picked up at the kiosk with a ticket in the result-return line. Dates in
// working days: ./working-days.ts. Every change pushes `dossier` to the dossier's page and
// `dossier:changed` to the office's staff (server/realtime).

import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, lockKey, readAll, type Tx } from '../../db/client';
import {
  appointments,
  counters,
  type DossierState,
  dossierApologies,
  dossierRefusals,
  dossierSequences,
  dossierSteps,
  dossierSupplements,
  dossiers,
  holidays,
  officeUnits,
  openingHours,
  sectors,
  services,
  staff,
  tickets,
} from '../../db/schema';
import { contactPhone } from '../booking/identity';
import { reject } from '../errors';
import { type Deps, type Outbox, transact } from '../events';
import { getOffice } from '../offices/store';
import type { DossierChange, DossierPublicView } from '../realtime/contract';
import { getTicket, type IssuedTicket, insertTicket, ticketView } from '../tickets/store';
import { addDays, localDay, weekdayOf, zonedTime } from '../time';
import { MOVES, NEEDS_REASON, SETTLED } from './moves';
import { papersOf } from './papers';
import { dueAt, type OfficeCalendar, resumedDueAt, workingDaysBetween } from './working-days';

type Reader = Db | Tx;

/** The result-return line of an office: a service with this code (seeded, called like any other). */
export const RESULT_RETURN_CODE = 'TRA-KET-QUA';

/** Open and due within this long: the supervisor's amber warning, in time to apologise. */
export const WARN_BEFORE_MS = 24 * 60 * 60_000;

export type DossierRow = typeof dossiers.$inferSelect;

/** The office's calendar for due dates: its holidays and its closing time per weekday. */
export async function officeCalendar(db: Reader, officeId: number, timezone: string): Promise<OfficeCalendar> {
  const [days, hours] = await readAll(
    db,
    () => db.select({ date: holidays.date }).from(holidays).where(eq(holidays.officeId, officeId)),
    () => db.select().from(openingHours).where(eq(openingHours.officeId, officeId)),
  );
  const closesAt = new Map<number, number>();
  for (const h of hours) closesAt.set(h.weekday, Math.max(closesAt.get(h.weekday) ?? 0, h.closesAt));
  return { timezone, holidays: new Set(days.map((d) => d.date)), closesAt };
}

/** Late: not made ready by its due instant (or not yet, and the instant has passed). */
export function isLate(d: Pick<DossierRow, 'state' | 'dueAt' | 'resultReadyAt' | 'pausedAt'>, now: number): boolean {
  if (d.state === 'refused' || d.state === 'withdrawn') return false;
  if (d.resultReadyAt !== null) return d.resultReadyAt > d.dueAt;
  // Papers awaited: the clock stopped when they were asked for (its due date moves on when they
  // come back), so waiting never makes a dossier late by itself; one already late stays late.
  if (d.state === 'supplement_requested' && d.pausedAt !== null) return d.pausedAt > d.dueAt;
  return now > d.dueAt;
}

/** 'late' (red), 'soon' (amber: open and due within a day) or null. */
export function warningOf(
  d: Pick<DossierRow, 'state' | 'dueAt' | 'resultReadyAt' | 'pausedAt'>,
  now: number,
): 'late' | 'soon' | null {
  if (SETTLED.includes(d.state)) return null;
  if (isLate(d, now)) return 'late';
  if (d.state === 'supplement_requested') return null;
  return d.dueAt - now <= WARN_BEFORE_MS ? 'soon' : null;
}

/**
 * Working days late: from the due day to the day the result was made ready (or today), at least
 * 1 once late (a dossier late by an hour on its due day is a day late).
 */
export function daysLateOf(
  d: Pick<DossierRow, 'state' | 'dueAt' | 'resultReadyAt' | 'pausedAt'>,
  now: number,
  cal: OfficeCalendar,
): number {
  if (!isLate(d, now)) return 0;
  const stoppedAt = d.state === 'supplement_requested' ? d.pausedAt : null;
  const until = localDay(d.resultReadyAt ?? stoppedAt ?? now, cal.timezone);
  return Math.max(1, workingDaysBetween(localDay(d.dueAt, cal.timezone), until, cal));
}

/** The rules ask for the apology at least a day before the promised date: was this one? */
export const apologyInTime = (at: number, dueAt: number) => at <= dueAt - WARN_BEFORE_MS;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

async function apologiesOf(db: Reader, dossierId: number) {
  return db.select().from(dossierApologies).where(eq(dossierApologies.dossierId, dossierId)).orderBy(asc(dossierApologies.id));
}
async function openSupplement(db: Reader, dossierId: number) {
  return (
    await db
      .select()
      .from(dossierSupplements)
      .where(and(eq(dossierSupplements.dossierId, dossierId), isNull(dossierSupplements.resolvedAt)))
      .orderBy(desc(dossierSupplements.id))
      .limit(1)
  )[0];
}
async function unitName(db: Reader, unitId: number | null): Promise<string | null> {
  if (unitId === null) return null;
  return (await db.select({ name: officeUnits.name }).from(officeUnits).where(eq(officeUnits.id, unitId)))[0]?.name ?? null;
}

/** What the resident's page shows (the receipt's QR): no name, no phone. */
export async function publicView(db: Reader, d: DossierRow, now: number): Promise<DossierPublicView> {
  const [service, apologies, supplement, unit] = await readAll(
    db,
    () =>
      db
        .select({ name: services.name })
        .from(services)
        .where(eq(services.id, d.serviceId))
        .then((r) => r[0]),
    () => apologiesOf(db, d.id),
    () => (d.state === 'supplement_requested' ? openSupplement(db, d.id) : Promise.resolve(undefined)),
    () => unitName(db, d.unitId),
  );
  return {
    code: d.code,
    serviceName: service?.name ?? '',
    state: d.state,
    receivedAt: iso(d.receivedAt)!,
    dueAt: iso(d.dueAt)!,
    late: isLate(d, now),
    resultReadyAt: iso(d.resultReadyAt),
    returnedAt: iso(d.returnedAt),
    newDueAt: iso(apologies.at(-1)?.newDueAt ?? null),
    unitName: unit,
    supplementReason: d.state === 'supplement_requested' ? (supplement?.reason ?? d.lastReason) : null,
    missingPapers: d.state === 'supplement_requested' ? (supplement?.missing ?? []) : [],
    apologies: apologies.map((a) => ({ at: iso(a.at)!, reason: a.reason, newDueAt: iso(a.newDueAt)! })),
  };
}

/** What staff of the office see: the public view, the applicant, the papers, the forms and the history. */
export async function staffView(db: Reader, d: DossierRow, now: number) {
  const office = (await getOffice(db, d.officeId))!;
  const [pub, cal, steps, apologies, supplements, refusals, names, units, service] = await readAll(
    db,
    () => publicView(db, d, now),
    () => officeCalendar(db, d.officeId, office.timezone),
    () => db.select().from(dossierSteps).where(eq(dossierSteps.dossierId, d.id)).orderBy(asc(dossierSteps.id)),
    () => apologiesOf(db, d.id),
    () => db.select().from(dossierSupplements).where(eq(dossierSupplements.dossierId, d.id)).orderBy(asc(dossierSupplements.id)),
    () => db.select().from(dossierRefusals).where(eq(dossierRefusals.dossierId, d.id)).orderBy(asc(dossierRefusals.id)),
    () => db.select({ id: staff.id, name: staff.displayName }).from(staff),
    () => db.select({ id: officeUnits.id, name: officeUnits.name }).from(officeUnits).where(eq(officeUnits.officeId, d.officeId)),
    () =>
      db
        .select({
          code: services.code,
          processingDays: services.processingDays,
          sectorId: services.sectorId,
          sectorName: sectors.name,
        })
        .from(services)
        .innerJoin(sectors, eq(sectors.id, services.sectorId))
        .where(eq(services.id, d.serviceId))
        .then((r) => r[0]),
  );
  const staffName = new Map(names.map((s) => [s.id, s.name]));
  const unitOf = new Map(units.map((u) => [u.id, u.name]));
  const who = (id: number | null) => (id === null ? null : { id, name: staffName.get(id) ?? '' });
  const unit = (id: number | null) => (id === null ? null : { id, name: unitOf.get(id) ?? '' });
  return {
    id: d.id,
    officeId: d.officeId,
    serviceId: d.serviceId,
    serviceCode: service?.code ?? '',
    processingDays: service?.processingDays ?? 0,
    sectorId: service?.sectorId ?? null,
    sectorName: service?.sectorName ?? '',
    token: d.token,
    ticketId: d.ticketId,
    counterId: d.counterId,
    ...pub,
    applicantName: d.applicantName,
    phone: d.phone,
    papers: d.papers,
    note: d.note,
    receivedBy: who(d.receivedBy),
    unit: unit(d.unitId),
    endedAt: iso(d.endedAt),
    pausedAt: iso(d.pausedAt),
    warning: warningOf(d, now),
    daysLate: daysLateOf(d, now, cal),
    history: steps.map((s) => ({
      at: iso(s.at)!,
      kind: s.kind as 'state' | 'handoff',
      from: s.fromState,
      to: s.toState,
      staff: who(s.staffId),
      unit: unit(s.unitId),
      reason: s.reason,
    })),
    supplements: supplements.map((x) => ({
      id: x.id,
      at: iso(x.at)!,
      staff: who(x.staffId),
      unit: unit(x.unitId),
      reason: x.reason,
      missing: x.missing,
      resolvedAt: iso(x.resolvedAt),
    })),
    refusals: refusals.map((x) => ({ id: x.id, at: iso(x.at)!, staff: who(x.staffId), unit: unit(x.unitId), reason: x.reason })),
    apologyLetters: apologies.map((a) => ({
      id: a.id,
      at: iso(a.at)!,
      staff: who(a.staffId),
      unit: unit(a.unitId),
      reason: a.reason,
      signer: a.signer,
      originalDueAt: iso(d.dueAt)!,
      newDueAt: iso(a.newDueAt)!,
      inTime: apologyInTime(a.at, d.dueAt),
    })),
  };
}
export type DossierStaffView = Awaited<ReturnType<typeof staffView>>;

export function dossierByToken(db: Reader, token: string) {
  return db
    .select()
    .from(dossiers)
    .where(eq(dossiers.token, token))
    .then((r) => r[0]);
}
export function dossierById(db: Reader, id: number) {
  return db
    .select()
    .from(dossiers)
    .where(eq(dossiers.id, id))
    .then((r) => r[0]);
}
export async function dossierOffice(db: Db, id: number): Promise<number | undefined> {
  return (await dossierById(db, id))?.officeId;
}

/** The dossier's page and the office's staff hear of the change once it commits. */
async function announce(tx: Tx, out: Outbox, d: DossierRow, now: number): Promise<void> {
  out.log(now, { officeId: d.officeId, kind: 'dossier', ticketToken: d.token, payload: await publicView(tx, d, now) });
  const change: DossierChange = {
    id: d.id,
    code: d.code,
    serviceId: d.serviceId,
    state: d.state,
    dueAt: iso(d.dueAt)!,
    late: isLate(d, now),
    unitId: d.unitId,
  };
  out.log(now, { officeId: d.officeId, kind: 'dossier:changed', payload: change });
}

/** The counter's receive form: the ticket being served, the booking's name and phone, the services with their papers, the units. */
/**
 * The receive form's data. The booking's name and phone go only to the officer at the counter
 * serving the ticket (as the calling screen's do); anyone else of the office gets the form without them.
 */
export async function receiveDraft(db: Reader, counterId: number, now: number, viewerId: number) {
  const counter = (await db.select().from(counters).where(eq(counters.id, counterId)))[0];
  if (!counter) return null;
  const ticket = counter.currentTicketId
    ? (await db.select().from(tickets).where(eq(tickets.id, counter.currentTicketId)))[0]
    : undefined;
  const serving = ticket && ['called', 'serving'].includes(ticket.state) ? ticket : undefined;
  const booking =
    serving?.appointmentId && counter.officerId === viewerId
      ? (
          await db
            .select({ name: appointments.name, phone: appointments.phone })
            .from(appointments)
            .where(eq(appointments.id, serving.appointmentId))
        )[0]
      : undefined;
  const office = (await getOffice(db, counter.officeId))!;
  const cal = await officeCalendar(db, office.id, office.timezone);
  const list = await db
    .select({
      id: services.id,
      code: services.code,
      name: services.name,
      sectorName: sectors.name,
      processingDays: services.processingDays,
      whatToBring: services.whatToBring,
    })
    .from(services)
    .innerJoin(sectors, eq(sectors.id, services.sectorId))
    .where(and(eq(services.officeId, office.id), eq(services.active, true)))
    .orderBy(asc(sectors.position), asc(services.position), asc(services.id));
  return {
    ticket: serving ? { id: serving.id, number: serving.number, serviceId: serving.serviceId } : null,
    applicantName: booking?.name ?? null,
    phone: contactPhone(booking?.phone ?? null),
    services: list
      .filter((s) => s.code !== RESULT_RETURN_CODE)
      .map(({ whatToBring, ...s }) => ({
        ...s,
        papers: papersOf(whatToBring),
        // The due instant if received now.
        dueAt: iso(dueAt(now, s.processingDays, cal))!,
      })),
    units: await listUnits(db, office.id, true),
  };
}

export async function listUnits(db: Reader, officeId: number, activeOnly = false) {
  return db
    .select({ id: officeUnits.id, name: officeUnits.name, active: officeUnits.active, position: officeUnits.position })
    .from(officeUnits)
    .where(
      activeOnly ? and(eq(officeUnits.officeId, officeId), eq(officeUnits.active, true)) : eq(officeUnits.officeId, officeId),
    )
    .orderBy(asc(officeUnits.position), asc(officeUnits.id));
}

export interface ReceiveInput {
  counterId: number;
  officerId: number;
  serviceId?: number;
  applicantName: string;
  phone: string;
  papers?: string[];
  note?: string | null;
  /**
   * What the officer does with it: receive it (default), ask for more papers on the spot (form 02:
   * recorded with the clock stopped from the start) or refuse it on the spot (form 03).
   */
  outcome?: 'received' | 'supplement_requested' | 'refused';
  reason?: string | null;
  missing?: string[];
}

/**
 * Receives a dossier for the ticket being served at the counter: its code (the office, the day,
 * a daily sequence: unique across the city), an unguessable token, the due date from the
 * service's processing days on the office's calendar, and the first step of its history.
 */
export function receiveDossier(deps: Deps, input: ReceiveInput) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const outcome = input.outcome ?? 'received';
    if (outcome !== 'received' && !input.reason) reject('REASON_REQUIRED');
    const counter = (await tx.select().from(counters).where(eq(counters.id, input.counterId)))[0];
    if (!counter) reject('COUNTER_NOT_FOUND');
    if (counter.officerId !== input.officerId) reject('NOT_AT_COUNTER');
    const ticket = counter.currentTicketId
      ? (await tx.select().from(tickets).where(eq(tickets.id, counter.currentTicketId)))[0]
      : undefined;
    if (!ticket || !['called', 'serving'].includes(ticket.state)) reject('NO_CURRENT_TICKET');
    const office = (await getOffice(tx, counter.officeId))!;
    const serviceId = input.serviceId ?? ticket.serviceId;
    const service = (
      await tx
        .select()
        .from(services)
        .where(and(eq(services.id, serviceId), eq(services.officeId, office.id)))
    )[0];
    if (!service || service.code === RESULT_RETURN_CODE) reject('UNKNOWN_SERVICE');
    const day = localDay(now, office.timezone);
    // One row per office and day, taken under its row lock: concurrent receipts get 1, 2, 3...
    const seq = (
      await tx
        .insert(dossierSequences)
        .values({ officeId: office.id, day, lastSeq: 1 })
        .onConflictDoUpdate({
          target: [dossierSequences.officeId, dossierSequences.day],
          set: { lastSeq: sql`${dossierSequences.lastSeq} + 1` },
        })
        .returning({ lastSeq: dossierSequences.lastSeq })
    )[0]!.lastSeq;
    const code = `HS${String(office.id).padStart(3, '0')}-${day.slice(2).replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
    const cal = await officeCalendar(tx, office.id, office.timezone);
    const row = (
      await tx
        .insert(dossiers)
        .values({
          officeId: office.id,
          serviceId,
          ticketId: ticket.id,
          counterId: counter.id,
          code,
          token: randomBytes(18).toString('base64url'),
          applicantName: input.applicantName,
          phone: input.phone,
          papers: input.papers ?? [],
          note: input.note ?? null,
          state: outcome,
          receivedAt: now,
          dueAt: dueAt(now, service.processingDays, cal),
          pausedAt: outcome === 'supplement_requested' ? now : null,
          endedAt: outcome === 'refused' ? now : null,
          lastReason: outcome === 'received' ? null : (input.reason ?? null),
          receivedBy: input.officerId,
        })
        .returning()
    )[0]!;
    await tx
      .insert(dossierSteps)
      .values({ dossierId: row.id, at: now, staffId: input.officerId, fromState: null, toState: 'received' });
    if (outcome !== 'received') {
      await tx.insert(dossierSteps).values({
        dossierId: row.id,
        at: now,
        staffId: input.officerId,
        fromState: 'received',
        toState: outcome,
        reason: input.reason,
      });
      if (outcome === 'supplement_requested')
        await tx
          .insert(dossierSupplements)
          .values({ dossierId: row.id, at: now, staffId: input.officerId, reason: input.reason!, missing: input.missing ?? [] });
      else
        await tx.insert(dossierRefusals).values({ dossierId: row.id, at: now, staffId: input.officerId, reason: input.reason! });
    }
    await announce(tx, out, row, now);
    return {
      id: row.id,
      code: row.code,
      token: row.token,
      serviceId: row.serviceId,
      state: row.state,
      receivedAt: iso(row.receivedAt)!,
      dueAt: iso(row.dueAt)!,
    };
  });
}

/**
 * Moves a dossier, one move at a time per dossier (its lock; the state is checked again under
 * it): 409 INVALID_TRANSITION for a move its state does not allow, 400 REASON_REQUIRED without a
 * needed reason. Asking for papers records the request (form 02, with the papers missing) and
 * stops the clock; their coming back (supplement_requested -> processing) moves the due date on
 * by the working days waited. A refusal records form 03.
 */
export function transitionDossier(
  deps: Deps,
  id: number,
  staffId: number,
  to: DossierState,
  reason: string | null,
  missing: string[] = [],
) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    if (NEEDS_REASON.includes(to) && !reason) reject('REASON_REQUIRED');
    await lockKey(tx, `dossier:${id}`);
    const d = await dossierById(tx, id);
    if (!d) reject('DOSSIER_NOT_FOUND');
    if (!MOVES[d.state].includes(to)) reject('INVALID_TRANSITION');
    const office = (await getOffice(tx, d.officeId))!;
    const patch: Partial<DossierRow> = { state: to, lastReason: reason ?? d.lastReason };
    if (to === 'supplement_requested') patch.pausedAt = now;
    if (d.state === 'supplement_requested' && to === 'processing' && d.pausedAt !== null) {
      patch.dueAt = resumedDueAt(d.dueAt, d.pausedAt, now, await officeCalendar(tx, office.id, office.timezone));
      patch.pausedAt = null;
    }
    if (to === 'result_ready') patch.resultReadyAt = now;
    if (to === 'returned') patch.returnedAt = now;
    if (to === 'refused' || to === 'withdrawn') patch.endedAt = now;
    // The state is checked once more in the update itself: a move that lost a race changes nothing.
    const moved = await tx
      .update(dossiers)
      .set(patch)
      .where(and(eq(dossiers.id, id), eq(dossiers.state, d.state)))
      .returning();
    if (!moved.length) reject('INVALID_TRANSITION');
    await tx
      .insert(dossierSteps)
      .values({ dossierId: id, at: now, staffId, fromState: d.state, toState: to, reason, unitId: d.unitId });
    if (to === 'supplement_requested')
      await tx.insert(dossierSupplements).values({ dossierId: id, at: now, staffId, reason: reason!, missing, unitId: d.unitId });
    if (d.state === 'supplement_requested')
      await tx
        .update(dossierSupplements)
        .set({ resolvedAt: now })
        .where(and(eq(dossierSupplements.dossierId, id), isNull(dossierSupplements.resolvedAt)));
    if (to === 'refused')
      await tx.insert(dossierRefusals).values({ dossierId: id, at: now, staffId, reason: reason!, unitId: d.unitId });
    await announce(tx, out, moved[0]!, now);
    return staffView(tx, moved[0]!, now);
  });
}

/** Hands an open dossier to another unit of the office: a step with who and when (the control sheet, form 05). */
export function handOff(deps: Deps, id: number, staffId: number, unitId: number, note: string | null) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    await lockKey(tx, `dossier:${id}`);
    const d = await dossierById(tx, id);
    if (!d) reject('DOSSIER_NOT_FOUND');
    const unit = (
      await tx
        .select()
        .from(officeUnits)
        .where(and(eq(officeUnits.id, unitId), eq(officeUnits.officeId, d.officeId), eq(officeUnits.active, true)))
    )[0];
    if (!unit) reject('UNIT_NOT_FOUND');
    if (SETTLED.includes(d.state)) reject('DOSSIER_RESOLVED');
    if (d.unitId === unitId) reject('SAME_UNIT');
    const moved = (await tx.update(dossiers).set({ unitId }).where(eq(dossiers.id, id)).returning())[0]!;
    await tx
      .insert(dossierSteps)
      .values({ dossierId: id, at: now, staffId, fromState: d.state, toState: d.state, kind: 'handoff', unitId, reason: note });
    await announce(tx, out, moved, now);
    return staffView(tx, moved, now);
  });
}

/** The apology letter (form 04): a new promised date for the resident; `dueAt` stays. */
export function apologise(
  deps: Deps,
  id: number,
  staffId: number,
  input: { reason: string; newDueAt: number; signer?: string | null },
) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    await lockKey(tx, `dossier:${id}`);
    const d = await dossierById(tx, id);
    if (!d) reject('DOSSIER_NOT_FOUND');
    if (SETTLED.includes(d.state)) reject('DOSSIER_RESOLVED');
    // The rules let the new date be set once (reference/one-stop-rules.md): a second letter
    // would move the promise again, so it is refused; the dossier stays late against both dates.
    if ((await apologiesOf(tx, id)).length > 0) reject('APOLOGY_ALREADY_GIVEN');
    if (input.newDueAt <= d.dueAt) reject('APOLOGY_DATE_NOT_LATER');
    const row = (
      await tx
        .insert(dossierApologies)
        .values({
          dossierId: id,
          at: now,
          staffId,
          reason: input.reason,
          newDueAt: input.newDueAt,
          signer: input.signer ?? null,
          unitId: d.unitId,
        })
        .returning()
    )[0]!;
    await announce(tx, out, d, now);
    return {
      id: row.id,
      at: iso(row.at)!,
      reason: row.reason,
      newDueAt: iso(row.newDueAt)!,
      originalDueAt: iso(d.dueAt)!,
      inTime: apologyInTime(row.at, d.dueAt),
      signer: row.signer,
      unitId: row.unitId,
    };
  });
}

/** Accepts the receipt's code, or the /h/<token> link its QR holds. */
function codeOrToken(input: string): { code: string } | { token: string } {
  const link = /\/h\/([A-Za-z0-9_-]{16,64})\/?(?:[?#].*)?$/.exec(input.trim());
  return link ? { token: link[1]! } : { code: input.trim().toUpperCase() };
}

/**
 * A ready result picked up: a ticket in the office's result-return line, for that dossier. While
 * that ticket is still in the line (or at a counter), scanning the receipt again gives the same
 * ticket, never a second place in the line; once it has ended without the result being returned
 * (a no-show), a new scan gives a new one.
 */
export function pickup(deps: Deps, officeId: number, input: string) {
  return transact(deps, async (tx, out): Promise<IssuedTicket> => {
    const now = deps.clock.now();
    const key = codeOrToken(input);
    const found = (
      await tx
        .select({ id: dossiers.id })
        .from(dossiers)
        .where(and(eq(dossiers.officeId, officeId), 'code' in key ? eq(dossiers.code, key.code) : eq(dossiers.token, key.token)))
    )[0];
    if (!found) reject('DOSSIER_NOT_FOUND');
    // Two scans at once: the second waits here and then finds the first one's ticket.
    await lockKey(tx, `dossier:${found.id}`);
    const d = (await dossierById(tx, found.id))!;
    if (d.state !== 'result_ready') reject('RESULT_NOT_READY');
    const earlier = d.pickupTicketId === null ? undefined : await getTicket(tx, d.pickupTicketId);
    if (earlier && ['waiting', 'called', 'serving', 'on_hold'].includes(earlier.state)) {
      const view = await ticketView(tx, earlier, now);
      return {
        id: earlier.id,
        number: earlier.number,
        token: earlier.token,
        serviceId: earlier.serviceId,
        state: earlier.state,
        position: view.position,
        etaMinutes: view.etaMinutes,
        createdAt: new Date(earlier.issuedAt).toISOString(),
        priority: earlier.priority,
        source: earlier.source,
      };
    }
    const line = (
      await tx
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.officeId, officeId), eq(services.code, RESULT_RETURN_CODE), eq(services.active, true)))
    )[0];
    if (!line) reject('UNKNOWN_SERVICE');
    const ticket = await insertTicket(tx, out, now, { officeId, serviceId: line.id, priority: null });
    await tx.update(dossiers).set({ pickupTicketId: ticket.id }).where(eq(dossiers.id, d.id));
    return ticket;
  });
}

/** A lost receipt: the code and the last four digits of the phone give the token, else nothing. */
export async function lookupDossier(db: Reader, code: string, phone4: string): Promise<string | null> {
  const d = (
    await db
      .select({ token: dossiers.token, phone: dossiers.phone })
      .from(dossiers)
      .where(eq(dossiers.code, code.trim().toUpperCase()))
  )[0];
  const digits = (d?.phone ?? '').replace(/\D/g, '');
  return d && digits.length >= 4 && digits.endsWith(phone4) ? d.token : null;
}

export interface ListQuery {
  state?: DossierState;
  late?: boolean;
  /** Open and due from Monday to Sunday of the current local week. */
  dueThisWeek?: boolean;
  unitId?: number;
  sectorId?: number;
  serviceId?: number;
  /** Part of the code (case-insensitive). */
  q?: string;
}

/**
 * The staff list: late ones first (most overdue first), then those due within a day, then the
 * other open ones by due date, then the settled ones newest first; at most 500. Each row carries
 * no more than the list shows; the history is the one dossier's view.
 */
export async function listDossiers(db: Reader, officeId: number, q: ListQuery, now: number) {
  const office = (await getOffice(db, officeId))!;
  const cal = await officeCalendar(db, officeId, office.timezone);
  const where = [eq(dossiers.officeId, officeId)];
  if (q.state) where.push(eq(dossiers.state, q.state));
  if (q.unitId) where.push(eq(dossiers.unitId, q.unitId));
  if (q.serviceId) where.push(eq(dossiers.serviceId, q.serviceId));
  if (q.sectorId) where.push(eq(services.sectorId, q.sectorId));
  if (q.q) where.push(sql`upper(${dossiers.code}) like ${`%${q.q.toUpperCase().replace(/[%_\\]/g, '')}%`}`);
  if (q.late) where.push(sql`${dossiers.state} not in ('refused', 'withdrawn')`);
  if (q.dueThisWeek) {
    const today = localDay(now, office.timezone);
    const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
    const nextMonday = addDays(monday, 7);
    where.push(sql`${dossiers.dueAt} >= ${zonedTime(monday, 0, office.timezone)}`);
    where.push(sql`${dossiers.dueAt} < ${zonedTime(nextMonday, 0, office.timezone)}`);
    where.push(inArray(dossiers.state, ['received', 'processing', 'supplement_requested']));
  }
  const rows = await db
    .select({
      d: dossiers,
      serviceName: services.name,
      serviceCode: services.code,
      sectorId: services.sectorId,
      unitName: officeUnits.name,
    })
    .from(dossiers)
    .innerJoin(services, eq(services.id, dossiers.serviceId))
    .leftJoin(officeUnits, eq(officeUnits.id, dossiers.unitId))
    .where(and(...where))
    .orderBy(desc(dossiers.receivedAt))
    .limit(q.late ? 5000 : 500);
  const ids = rows.map((r) => r.d.id);
  const apologies = ids.length
    ? await db
        .select({ dossierId: dossierApologies.dossierId, newDueAt: dossierApologies.newDueAt })
        .from(dossierApologies)
        .where(inArray(dossierApologies.dossierId, ids))
        .orderBy(asc(dossierApologies.id))
    : [];
  const newDue = new Map(apologies.map((a) => [a.dossierId, a.newDueAt]));
  const list = rows
    .map(({ d, ...r }) => ({
      id: d.id,
      code: d.code,
      token: d.token,
      serviceId: d.serviceId,
      serviceCode: r.serviceCode,
      serviceName: r.serviceName,
      sectorId: r.sectorId,
      unitId: d.unitId,
      unitName: r.unitName,
      applicantName: d.applicantName,
      state: d.state,
      receivedAt: iso(d.receivedAt)!,
      dueAt: iso(d.dueAt)!,
      newDueAt: iso(newDue.get(d.id) ?? null),
      resultReadyAt: iso(d.resultReadyAt),
      late: isLate(d, now),
      warning: warningOf(d, now),
      daysLate: daysLateOf(d, now, cal),
      receivedBy: d.receivedBy,
    }))
    .filter((v) => !q.late || v.late);
  const rank = (v: (typeof list)[number]) =>
    v.warning === 'late' ? 0 : v.warning === 'soon' ? 1 : SETTLED.includes(v.state) ? 3 : 2;
  list.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) === 0 ? b.daysLate - a.daysLate || a.dueAt.localeCompare(b.dueAt) : 0) ||
      (rank(a) < 3 ? a.dueAt.localeCompare(b.dueAt) : b.receivedAt.localeCompare(a.receivedAt)) ||
      a.code.localeCompare(b.code),
  );
  return list.slice(0, 500);
}
