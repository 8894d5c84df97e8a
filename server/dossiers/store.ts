// Dossiers from the counter to the result: received while a ticket is served, tracked through
// their states with a history of every move, late against the promised date (an apology gives
// the resident a new date but never makes a late dossier on time), and picked up at the kiosk
// with a ticket in the result-return line. Dates in working days: ./working-days.ts.
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { type Db, lockKey, type Tx } from '../../db/client';
import {
  counters,
  type DossierState,
  dossierApologies,
  dossierSequences,
  dossierStates,
  dossierSteps,
  dossiers,
  holidays,
  openingHours,
  sectors,
  services,
  tickets,
} from '../../db/schema';
import { reject } from '../errors';
import { type Deps, transact } from '../events';
import { getOffice } from '../offices/store';
import { insertTicket } from '../tickets/store';
import { localDay, zonedTime } from '../time';
import { dueAt, type OfficeCalendar, resumedDueAt } from './working-days';

type Reader = Db | Tx;

/** The result-return line of an office: a service with this code (seeded, called like any other). */
export const RESULT_RETURN_CODE = 'TRA-KET-QUA';

/** Which moves each state allows (DESIGN.md, the contract's transition row). */
export const MOVES: Record<DossierState, readonly DossierState[]> = {
  received: ['processing', 'supplement_requested', 'result_ready', 'refused', 'withdrawn'],
  processing: ['supplement_requested', 'result_ready', 'refused', 'withdrawn'],
  supplement_requested: ['processing', 'refused', 'withdrawn'],
  result_ready: ['returned'],
  returned: [],
  refused: [],
  withdrawn: [],
};
/** Moves that need a reason (what papers are missing; why it is refused). */
export const NEEDS_REASON: readonly DossierState[] = ['supplement_requested', 'refused'];
/** States whose result is settled: an apology no longer applies. */
const SETTLED: readonly DossierState[] = ['result_ready', 'returned', 'refused', 'withdrawn'];

export type DossierRow = typeof dossiers.$inferSelect;

/** The office's calendar for due dates: its holidays and its closing time per weekday. */
export async function officeCalendar(db: Reader, officeId: number, timezone: string): Promise<OfficeCalendar> {
  const [days, hours] = await Promise.all([
    db.select({ date: holidays.date }).from(holidays).where(eq(holidays.officeId, officeId)),
    db.select().from(openingHours).where(eq(openingHours.officeId, officeId)),
  ]);
  const closesAt = new Map<number, number>();
  for (const h of hours) closesAt.set(h.weekday, Math.max(closesAt.get(h.weekday) ?? 0, h.closesAt));
  return { timezone, holidays: new Set(days.map((d) => d.date)), closesAt };
}

/** Late: not made ready by its due instant (or not yet, and the instant has passed). */
export function isLate(d: Pick<DossierRow, 'state' | 'dueAt' | 'resultReadyAt'>, now: number): boolean {
  if (d.state === 'refused' || d.state === 'withdrawn') return false;
  if (d.resultReadyAt !== null) return d.resultReadyAt > d.dueAt;
  return now > d.dueAt;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

async function apologiesOf(db: Reader, dossierId: number) {
  return db.select().from(dossierApologies).where(eq(dossierApologies.dossierId, dossierId)).orderBy(asc(dossierApologies.at));
}

/** What the resident's page shows (the receipt's QR): no name, no phone. */
export async function publicView(db: Reader, d: DossierRow, now: number) {
  const service = (await db.select({ name: services.name }).from(services).where(eq(services.id, d.serviceId)))[0];
  const apologies = await apologiesOf(db, d.id);
  return {
    code: d.code,
    serviceName: service?.name ?? '',
    state: d.state,
    receivedAt: iso(d.receivedAt)!,
    dueAt: iso(d.dueAt)!,
    late: isLate(d, now),
    resultReadyAt: iso(d.resultReadyAt),
    returnedAt: iso(d.returnedAt),
    supplementReason: d.state === 'supplement_requested' ? d.lastReason : null,
    apologies: apologies.map((a) => ({ at: iso(a.at)!, reason: a.reason, newDueAt: iso(a.newDueAt)! })),
  };
}

/** What staff of the office see: the public view, the applicant, the papers and the history. */
export async function staffView(db: Reader, d: DossierRow, now: number) {
  const steps = await db.select().from(dossierSteps).where(eq(dossierSteps.dossierId, d.id)).orderBy(asc(dossierSteps.id));
  return {
    id: d.id,
    officeId: d.officeId,
    serviceId: d.serviceId,
    token: d.token,
    ...(await publicView(db, d, now)),
    applicantName: d.applicantName,
    phone: d.phone,
    papers: d.papers,
    daysLate: isLate(d, now) ? Math.max(1, Math.ceil(((d.resultReadyAt ?? now) - d.dueAt) / 86_400_000)) : 0,
    history: steps.map((s) => ({ at: iso(s.at)!, from: s.fromState, to: s.toState, staffId: s.staffId, reason: s.reason })),
  };
}

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

export interface ReceiveInput {
  counterId: number;
  officerId: number;
  serviceId?: number;
  applicantName: string;
  phone: string;
  papers?: string[];
}

/**
 * Receives a dossier for the ticket being served at the counter: its code (the office, the day,
 * a daily sequence: unique across the city), an unguessable token, the due date from the
 * service's processing days on the office's calendar, and the first step of its history.
 */
export function receiveDossier(deps: Deps, input: ReceiveInput) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
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
    if (!service) reject('UNKNOWN_SERVICE');
    const day = localDay(now, office.timezone);
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
          state: 'received',
          receivedAt: now,
          dueAt: dueAt(now, service.processingDays, cal),
          receivedBy: input.officerId,
        })
        .returning()
    )[0]!;
    await tx
      .insert(dossierSteps)
      .values({ dossierId: row.id, at: now, staffId: input.officerId, fromState: null, toState: 'received' });
    out.queueChanged(office.id);
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
 * needed reason. Papers coming back (supplement_requested -> processing) move the due date on by
 * the working days waited.
 */
export function transitionDossier(deps: Deps, id: number, staffId: number, to: DossierState, reason: string | null) {
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
    await tx.insert(dossierSteps).values({ dossierId: id, at: now, staffId, fromState: d.state, toState: to, reason });
    out.queueChanged(d.officeId);
    return staffView(tx, moved[0]!, now);
  });
}

/** The apology letter (form 04): a new promised date for the resident; `dueAt` stays. */
export function apologise(
  deps: Deps,
  id: number,
  staffId: number,
  input: { reason: string; newDueAt: number; signer?: string | null },
) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    await lockKey(tx, `dossier:${id}`);
    const d = await dossierById(tx, id);
    if (!d) reject('DOSSIER_NOT_FOUND');
    if (SETTLED.includes(d.state)) reject('DOSSIER_RESOLVED');
    const last = (await apologiesOf(tx, id)).at(-1);
    if (input.newDueAt <= (last?.newDueAt ?? d.dueAt)) reject('APOLOGY_DATE_NOT_LATER');
    const row = (
      await tx
        .insert(dossierApologies)
        .values({ dossierId: id, at: now, staffId, reason: input.reason, newDueAt: input.newDueAt, signer: input.signer ?? null })
        .returning()
    )[0]!;
    return { id: row.id, at: iso(row.at)!, reason: row.reason, newDueAt: iso(row.newDueAt)!, signer: row.signer };
  });
}

/** A ready result picked up: a ticket in the office's result-return line, for that dossier. */
export function pickup(deps: Deps, officeId: number, code: string) {
  return transact(deps, async (tx, out) => {
    const d = (
      await tx
        .select()
        .from(dossiers)
        .where(and(eq(dossiers.officeId, officeId), eq(dossiers.code, code)))
    )[0];
    if (!d) reject('DOSSIER_NOT_FOUND');
    if (d.state !== 'result_ready') reject('RESULT_NOT_READY');
    const line = (
      await tx
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.officeId, officeId), eq(services.code, RESULT_RETURN_CODE), eq(services.active, true)))
    )[0];
    if (!line) reject('UNKNOWN_SERVICE');
    return insertTicket(tx, out, deps.clock.now(), { officeId, serviceId: line.id, priority: null });
  });
}

/** The staff list: newest first, with filters; late ones carry their days overdue. */
export async function listDossiers(db: Reader, officeId: number, q: { state?: DossierState; late?: boolean }, now: number) {
  const where = [eq(dossiers.officeId, officeId)];
  if (q.state) where.push(eq(dossiers.state, q.state));
  const rows = await db
    .select()
    .from(dossiers)
    .where(and(...where))
    .orderBy(desc(dossiers.receivedAt))
    .limit(500);
  const views = await Promise.all(rows.map((d) => staffView(db, d, now)));
  return q.late ? views.filter((v) => v.late) : views;
}

/** Received, resolved, early / on time / late and the on-time rate for a range of local days. */
export async function dossierStats(db: Reader, officeId: number, from: string, to: string, now: number) {
  const office = (await getOffice(db, officeId))!;
  const start = zonedTime(from, 0, office.timezone);
  const end = zonedTime(to, 24 * 60, office.timezone);
  const received = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.officeId, officeId), gte(dossiers.receivedAt, start), lt(dossiers.receivedAt, end)));
  const all = await db.select().from(dossiers).where(eq(dossiers.officeId, officeId));
  const resolvedAt = (d: DossierRow) => d.resultReadyAt ?? d.endedAt;
  const resolved = all.filter((d) => {
    const at = resolvedAt(d);
    return at !== null && at >= start && at < end;
  });
  const day = (t: number) => localDay(t, office.timezone);
  const ready = resolved.filter((d) => d.resultReadyAt !== null);
  const early = ready.filter((d) => day(d.resultReadyAt!) < day(d.dueAt)).length;
  const onTime = ready.filter((d) => day(d.resultReadyAt!) === day(d.dueAt)).length;
  const late = ready.length - early - onTime;
  const openLate = all.filter((d) => !SETTLED.includes(d.state) && d.dueAt < Math.min(end, now) && d.receivedAt < end).length;
  const sectorOf = new Map(
    (
      await db
        .select({ id: services.id, name: services.name, sector: sectors.name })
        .from(services)
        .innerJoin(sectors, eq(sectors.id, services.sectorId))
        .where(eq(services.officeId, officeId))
    ).map((s) => [s.id, s]),
  );
  const breakdown = (key: (d: DossierRow) => string) => {
    const groups = new Map<string, DossierRow[]>();
    for (const d of ready) groups.set(key(d), [...(groups.get(key(d)) ?? []), d]);
    return [...groups.entries()].map(([name, ds]) => {
      const e = ds.filter((d) => day(d.resultReadyAt!) < day(d.dueAt)).length;
      const o = ds.filter((d) => day(d.resultReadyAt!) === day(d.dueAt)).length;
      return {
        name,
        resolved: ds.length,
        early: e,
        onTime: o,
        late: ds.length - e - o,
        onTimeRate: ds.length ? (e + o) / ds.length : null,
      };
    });
  };
  return {
    received: received.length,
    resolved: resolved.length,
    early,
    onTime,
    late,
    onTimeRate: ready.length ? (early + onTime) / ready.length : null,
    openLate,
    bySector: breakdown((d) => sectorOf.get(d.serviceId)?.sector ?? ''),
    byService: breakdown((d) => sectorOf.get(d.serviceId)?.name ?? ''),
  };
}

export { dossierStates, inArray };
