// A counter's actions: open, call next (through the policy), call a specific ticket, recall,
// start, hold, finish, no-show, transfer, pause, resume, close. Each is one IMMEDIATE
// transaction that checks the counter, moves the ticket, updates the counter and logs the
// public events; two counters can never take the same ticket.
import { and, asc, eq, gt, inArray, isNull, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import { type Db, isPostgres, lockOffice, type Tx } from '../../db/client';
import { placeholders, prepared, preparedByShape } from '../../db/prepared';
import { counterServices, counters, services, tickets, waitingCounts } from '../../db/schema';
import { writeAudit } from '../admin/audit';
import { type Lang, ok, type Result, reject } from '../errors';
import { ticketEstimate } from '../estimates/forecasts';
import { estimateWait, estimator, recordServiceTime } from '../estimates/store';
import { type Deps, type Outbox, transact } from '../events';
import { getOffice, type Office } from '../offices/store';
import type { CounterView } from '../realtime/contract';
import { mayAccess } from '../staff/scope';
import { MAX_CALLS } from '../tickets/state';
import { getTicket, moveTicket, positionOf, type TicketRow } from '../tickets/store';
import { type CallReason, type Candidate, callReason, chooseNext, explainCall } from './policy';

type Reader = Db | Tx;
type CounterRow = typeof counters.$inferSelect;

export interface Actor {
  id: number;
  role: string;
  /** The staff member's office; null for an admin of every office. */
  officeId?: number | null;
}

export interface TicketDetail {
  id: number;
  number: string;
  serviceId: number;
  state: TicketRow['state'];
  position: number;
  etaMinutes: number;
  createdAt: string;
  source: TicketRow['source'];
  priority: string | null;
  queuedAt: string;
  calledAt: string | null;
  startedAt: string | null;
  counterNumber: number | null;
  recallCount: number;
  waitMs: number;
  serviceMs: number;
  appointmentId: number | null;
}

export async function ticketDetail(db: Reader, t: TicketRow, now: number): Promise<TicketDetail> {
  const position = await positionOf(db, t);
  const number = t.counterId ? ((await counterNumber(db as Db).get({ counterId: t.counterId }))?.n ?? null) : null;
  const etaMinutes =
    t.state === 'waiting'
      ? (ticketEstimate(t, position - 1, now)?.etaMinutes ?? (await estimateWait(db, t.serviceId, position - 1, now)))
      : 0;
  return detailOf(t, { position, counterNumber: number, etaMinutes }, now);
}

/** A ticket's detail from its row and what was read beside it (its place, counter and wait). */
function detailOf(
  t: Pick<TicketRow, keyof typeof detailColumns>,
  read: { position: number; counterNumber: number | null; etaMinutes: number },
  now: number,
): TicketDetail {
  return {
    id: t.id,
    number: t.number,
    serviceId: t.serviceId,
    state: t.state,
    position: read.position,
    etaMinutes: read.etaMinutes,
    createdAt: new Date(t.issuedAt).toISOString(),
    source: t.source,
    priority: t.priority,
    queuedAt: new Date(t.queuedAt).toISOString(),
    calledAt: t.calledAt ? new Date(t.calledAt).toISOString() : null,
    startedAt: t.startedAt ? new Date(t.startedAt).toISOString() : null,
    counterNumber: read.counterNumber,
    recallCount: t.recallCount,
    waitMs: t.state === 'waiting' ? t.waitMs + Math.max(0, now - t.stateSince) : t.waitMs,
    serviceMs: t.state === 'serving' ? t.serviceMs + Math.max(0, now - t.stateSince) : t.serviceMs,
    appointmentId: t.appointmentId,
  };
}

const servicesOfCounter = prepared((db) =>
  db
    .select({ id: counterServices.serviceId })
    .from(counterServices)
    .where(eq(counterServices.counterId, sql.placeholder('counterId')))
    .orderBy(asc(counterServices.position)),
);
export async function counterServiceIds(db: Reader, counterId: number): Promise<number[]> {
  return (await servicesOfCounter(db as Db).all({ counterId })).map((r) => r.id);
}

const heldAt = prepared((db) =>
  db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.counterId, sql.placeholder('counterId')), eq(tickets.state, 'on_hold')))
    .orderBy(asc(tickets.id)),
);
const counterNumber = prepared((db) =>
  db
    .select({ n: counters.number })
    .from(counters)
    .where(eq(counters.id, sql.placeholder('counterId'))),
);
const counterRow = prepared((db) =>
  db
    .select()
    .from(counters)
    .where(eq(counters.id, sql.placeholder('counterId'))),
);

const officeOfCounter = prepared((db) =>
  db
    .select({ officeId: counters.officeId })
    .from(counters)
    .where(eq(counters.id, sql.placeholder('counterId'))),
);

export async function counterView(db: Reader, c: CounterRow): Promise<CounterView> {
  const onHold = (await heldAt(db as Db).all({ counterId: c.id })).map((r) => r.id);
  return viewOf(c, onHold);
}

function viewOf(c: CounterRow, onHold: number[]): CounterView {
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    ...(c.pauseReason ? { pauseReason: c.pauseReason } : {}),
    ...(c.currentTicketId ? { currentTicketId: c.currentTicketId } : {}),
    onHold,
  };
}

async function loadCounter(tx: Tx, counterId: number): Promise<CounterRow> {
  // Every change of a counter decides on its office's state (who is next, is this ticket still
  // waiting, may it close): city-wide, one such change per office at a time (db/client.ts). A
  // counter never moves to another office, so its office is known before the lock.
  if (isPostgres()) {
    const o = await officeOfCounter(tx).get({ counterId });
    if (!o) reject('COUNTER_NOT_FOUND');
    await lockOffice(tx, o.officeId);
  }
  const c = await counterRow(tx).get({ counterId });
  if (!c) reject('COUNTER_NOT_FOUND');
  return c;
}

/** Whether the staff member may act on this counter's office (server/staff/scope.ts). */
function mayChange(actor: Actor, c: CounterRow): boolean {
  return mayAccess({ role: actor.role, officeId: actor.officeId ?? null }, c.officeId, 'write');
}

/** The counter must be open (or paused) and held by this officer. */
async function ownCounter(tx: Tx, counterId: number, actor: Actor): Promise<CounterRow> {
  const c = await loadCounter(tx, counterId);
  if (c.status === 'closed') reject('COUNTER_CLOSED');
  if (c.officerId !== actor.id) reject('NOT_AT_COUNTER');
  return c;
}

async function currentTicket(tx: Tx, c: CounterRow): Promise<TicketRow> {
  const t = c.currentTicketId ? await getTicket(tx, c.currentTicketId) : undefined;
  if (!t) reject('NO_CURRENT_TICKET');
  return t;
}

// Built once per set of columns (db/prepared.ts): a call sets the current ticket and the streak.
const updateCounterRow = preparedByShape((db, shape) =>
  db
    .update(counters)
    .set(placeholders(shape))
    .where(eq(counters.id, sql.placeholder('counterId')))
    .returning(),
);

async function updateCounter(
  tx: Tx,
  out: Outbox,
  now: number,
  c: CounterRow,
  patch: Partial<typeof counters.$inferInsert>,
): Promise<CounterRow> {
  const set: Record<string, unknown> = { ...patch };
  for (const k of Object.keys(set)) if (set[k] === undefined) delete set[k];
  const updated = (await updateCounterRow(tx, Object.keys(set).sort().join(',')).get({ ...set, counterId: c.id }))!;
  out.log(now, { officeId: c.officeId, kind: 'counter', payload: await counterView(tx, updated) });
  // Open counters change the estimated waits displays show.
  if (patch.status !== undefined && patch.status !== c.status) out.queueChanged(c.officeId);
  return updated;
}

function logCall(out: Outbox, now: number, t: TicketRow, c: CounterRow, recall: boolean): void {
  out.log(now, {
    officeId: t.officeId,
    kind: 'call',
    ticketToken: t.token,
    payload: {
      ticketId: t.id,
      number: t.number,
      counterNumber: c.number,
      counterId: c.id,
      serviceId: t.serviceId,
      calledAt: new Date(now).toISOString(),
      recall,
    },
  });
}

export interface CounterResult {
  ticket: TicketDetail | null;
  counter: CounterView;
}

export interface CallResult {
  ticket: TicketDetail;
  counter: CounterView;
  reason: string;
  reasonCode: CallReason['reasonCode'];
}

export function openCounter(deps: Deps, counterId: number, actor: Actor): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    let c = await loadCounter(tx, counterId);
    if (!mayChange(actor, c)) reject('FORBIDDEN');
    if (c.status !== 'closed' && c.officerId !== actor.id) reject('COUNTER_IN_USE');
    const elsewhere = (
      await tx
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.officerId, actor.id), ne(counters.status, 'closed'), ne(counters.id, c.id)))
    )[0];
    if (elsewhere) reject('ALREADY_AT_COUNTER');
    if (c.status === 'closed') {
      c = await updateCounter(tx, out, now, c, {
        status: 'open',
        officerId: actor.id,
        openedAt: now,
        pauseReason: null,
        priorityStreak: 0,
      });
    }
    return {
      ticket: c.currentTicketId ? await ticketDetail(tx, await currentTicket(tx, c), now) : null,
      counter: await counterView(tx, c),
    };
  });
}

/**
 * The waiting tickets this counter may call: for each of its services the head of each class
 * (priority, due bookings, early bookings, everyone else), plus those transferred to it;
 * tickets sent to another counter are left for that counter. Each head is one index range read
 * in line order (tickets_line), so this does not grow with the day's volume.
 */
// The call path's reads, built once (db/prepared.ts): a call runs one per line head and
// service, and building a drizzle query costs more than running it.
const candidateCols = {
  id: tickets.id,
  serviceId: tickets.serviceId,
  queueClass: tickets.queueClass,
  priority: tickets.priority,
  slotStart: tickets.slotStart,
  queuedAt: tickets.queuedAt,
  targetCounterId: tickets.targetCounterId,
};
/** The oldest waiting ticket of a service's class that this counter may take (`extra` narrows class 1). */
const headQuery = (extra?: (dueBy: ReturnType<typeof sql.placeholder>) => SQL | undefined) =>
  prepared((db) =>
    db
      .select(candidateCols)
      .from(tickets)
      .where(
        and(
          eq(tickets.serviceId, sql.placeholder('serviceId')),
          eq(tickets.state, 'waiting'),
          eq(tickets.queueClass, sql.placeholder('queueClass')),
          or(isNull(tickets.targetCounterId), eq(tickets.targetCounterId, sql.placeholder('counterId'))),
          extra?.(sql.placeholder('dueBy')),
        ),
      )
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .limit(1),
  );
const classHead = headQuery();
const dueBookingHead = headQuery((dueBy) => lte(tickets.slotStart, dueBy));
const otherClassOneHead = headQuery((dueBy) => or(isNull(tickets.slotStart), gt(tickets.slotStart, dueBy)));
const sentHere = prepared((db) =>
  db
    .select(candidateCols)
    .from(tickets)
    .where(and(eq(tickets.targetCounterId, sql.placeholder('counterId')), eq(tickets.state, 'waiting'))),
);

// The office's lines that have someone waiting, from the counts kept with every move
// (waiting_counts, the displays' figures too): a call reads only those lines' heads.
const linesWaiting = prepared((db) =>
  db
    .select({ serviceId: waitingCounts.serviceId, queueClass: waitingCounts.queueClass })
    .from(waitingCounts)
    .where(and(eq(waitingCounts.officeId, sql.placeholder('officeId')), gt(waitingCounts.waiting, 0))),
);

/**
 * `everyLine` reads every head whatever the counts say: callNext's second look before it
 * answers QUEUE_EMPTY, so a count gone wrong could never leave a resident uncalled.
 */
async function candidatesFor(
  tx: Tx,
  c: CounterRow,
  now: number,
  bookingLeadMinutes: number,
  everyLine = false,
): Promise<Candidate[]> {
  const serviceIds = await counterServiceIds(tx, c.id);
  const waiting = everyLine
    ? null
    : new Set((await linesWaiting(tx).all({ officeId: c.officeId })).map((l) => `${l.serviceId}:${l.queueClass}`));
  // A checked-in booking is due from shortly before its slot; until then it waits as a walk-in.
  // Both kinds sit in class 1, so each needs its own head, however many of the other kind are
  // ahead of it in the class.
  const dueBy = now + bookingLeadMinutes * 60_000;
  const heads = [
    { query: classHead, queueClass: 0 },
    { query: dueBookingHead, queueClass: 1 },
    { query: otherClassOneHead, queueClass: 1 },
    { query: classHead, queueClass: 2 },
  ];
  const out: Candidate[] = [];
  const seen = new Set<number>();
  const add = (t: Candidate | undefined) => {
    if (t && !seen.has(t.id)) {
      seen.add(t.id);
      out.push(t);
    }
  };
  for (const serviceId of serviceIds) {
    for (const head of heads) {
      if (waiting && !waiting.has(`${serviceId}:${head.queueClass}`)) continue;
      add(await head.query(tx).get({ serviceId, queueClass: head.queueClass, counterId: c.id, dueBy }));
    }
  }
  for (const t of await sentHere(tx).all({ counterId: c.id })) add(t);
  return out;
}

function readyToCall(c: CounterRow): void {
  if (c.status === 'paused') reject('COUNTER_PAUSED');
  if (c.currentTicketId) reject('TICKET_IN_PROGRESS');
}

async function performCall(
  tx: Tx,
  out: Outbox,
  now: number,
  c: CounterRow,
  t: TicketRow,
  actor: Actor,
  why: { logged: LoggedReason; text: string; countsAsPriority: boolean | null },
): Promise<Called> {
  const called = await moveTicket(
    tx,
    out,
    t,
    'call',
    { now, counterId: c.id, officerId: actor.id, reason: why.logged.reason, data: why.logged.data },
    {
      counterId: c.id,
      officerId: actor.id,
      calledAt: now,
      recallCount: 0,
      targetCounterId: null,
    },
  );
  const streak = why.countsAsPriority === null ? c.priorityStreak : why.countsAsPriority ? c.priorityStreak + 1 : 0;
  const counter = await updateCounter(tx, out, now, c, { currentTicketId: called.id, priorityStreak: streak });
  logCall(out, now, called, counter, false);
  return { called, counter, now, reason: why.text, reasonCode: why.logged.data.reasonCode };
}

/** What a call committed, before the officer's views of it are read. */
interface Called {
  called: TicketRow;
  counter: CounterRow;
  now: number;
  reason: string;
  reasonCode: CallReason['reasonCode'];
}

/**
 * The officer's answer to a call, read after the commit: the call is on its way to the lobby
 * (transact hands it to the notifier at the commit) while this is read, not after.
 */
async function answerCall(db: Db, r: Result<Called>): Promise<Result<CallResult>> {
  if (!r.ok) return r;
  const { called, counter, now, reason, reasonCode } = r.value;
  return ok({ ticket: await ticketDetail(db, called, now), counter: await counterView(db, counter), reason, reasonCode });
}

/** A call's reason as the event log keeps it: its code and figures, and the officer's words. */
interface LoggedReason {
  reason: string | null;
  data: CallReason;
}

/** The "why this ticket" line the officer sees: the logged reason, in the officer's language. */
function explainLogged(logged: LoggedReason, lang: Lang, office?: Office): string {
  return explainCall(logged, lang, (code) => office?.settings.priorityCategories.find((p) => p.code === code)?.[lang]);
}

export async function callNext(deps: Deps, counterId: number, actor: Actor, lang: Lang): Promise<Result<CallResult>> {
  const committed = await transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    readyToCall(c);
    const office = await getOffice(tx, c.officeId);
    if (!office) reject('OFFICE_NOT_FOUND');
    const rule = office.settings.fairness;
    const pick = async (everyLine: boolean) =>
      chooseNext(await candidatesFor(tx, c, now, rule.bookingLeadMinutes, everyLine), {
        now,
        priorityStreak: c.priorityStreak,
        rule,
      });
    const choice = (await pick(false)) ?? (await pick(true));
    if (!choice) reject('QUEUE_EMPTY');
    const t = await getTicket(tx, choice.ticketId);
    if (!t) reject('TICKET_NOT_FOUND');
    const logged = { reason: null, data: callReason(choice, t.priority, rule) };
    const text = explainLogged(logged, lang, office);
    return performCall(tx, out, now, c, t, actor, { logged, text, countsAsPriority: choice.countsAsPriority });
  });
  return answerCall(deps.db, committed);
}

/** Calls a specific ticket: a waiting one out of order (reason required, logged), or this
 * counter's own ticket on hold back (no reason needed). */
export async function callTicket(
  deps: Deps,
  counterId: number,
  actor: Actor,
  input: { ticketId: number; reason?: string | null },
  lang: Lang,
): Promise<Result<CallResult>> {
  const committed = await transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    readyToCall(c);
    const t = await getTicket(tx, input.ticketId);
    if (!t || t.officeId !== c.officeId) reject('TICKET_NOT_FOUND');
    if (t.state === 'on_hold') {
      if (t.counterId !== c.id) reject('NOT_SERVED_HERE');
      const logged: LoggedReason = { reason: null, data: { reasonCode: 'ON_HOLD_RETURN' } };
      return performCall(tx, out, now, c, t, actor, { logged, text: explainLogged(logged, lang), countsAsPriority: null });
    }
    const reason = input.reason?.trim();
    if (t.state === 'waiting' && !reason) reject('REASON_REQUIRED');
    if (t.state === 'waiting') {
      const served = (await counterServiceIds(tx, c.id)).includes(t.serviceId) || t.targetCounterId === c.id;
      if (!served || (t.targetCounterId !== null && t.targetCounterId !== c.id)) reject('NOT_SERVED_HERE');
    }
    // The officer's own words are logged as they are; the line around them is localised.
    const logged: LoggedReason = { reason: reason ?? null, data: { reasonCode: 'SPECIFIC' } };
    return performCall(tx, out, now, c, t, actor, { logged, text: explainLogged(logged, lang), countsAsPriority: null });
  });
  return answerCall(deps.db, committed);
}

export function recall(deps: Deps, counterId: number, actor: Actor): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    const t = await currentTicket(tx, c);
    if (t.state === 'called' && t.recallCount + 1 >= MAX_CALLS) reject('RECALL_LIMIT');
    const updated = await moveTicket(
      tx,
      out,
      t,
      'recall',
      { now, counterId: c.id, officerId: actor.id, data: { call: t.recallCount + 2 } },
      {
        recallCount: t.recallCount + 1,
      },
    );
    logCall(out, now, updated, c, true);
    return { ticket: await ticketDetail(tx, updated, now), counter: await counterView(tx, c) };
  });
}

type SimpleAction = 'start' | 'hold' | 'finish' | 'no_show';

/** start, hold, finish, no-show: a move of the counter's current ticket. */
export function actOnCurrent(deps: Deps, counterId: number, actor: Actor, action: SimpleAction): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    const t = await currentTicket(tx, c);
    const patch: Partial<typeof tickets.$inferInsert> =
      action === 'start'
        ? { startedAt: t.startedAt ?? now }
        : action === 'finish'
          ? { finishedAt: now, endedAt: now }
          : action === 'no_show'
            ? { endedAt: now, endReason: 'no_show' }
            : {};
    const moved = await moveTicket(tx, out, t, action, { now, counterId: c.id, officerId: actor.id }, patch);
    if (action === 'finish') await recordServiceTime(tx, moved.serviceId, moved.serviceMs, now, c.id);
    // Starting keeps the ticket at the counter, but staff screens still hear of it.
    const counter = await updateCounter(tx, out, now, c, { currentTicketId: action === 'start' ? c.currentTicketId : null });
    return { ticket: await ticketDetail(tx, moved, now), counter: await counterView(tx, counter) };
  });
}

export function transfer(
  deps: Deps,
  counterId: number,
  actor: Actor,
  target: { serviceId: number } | { counterId: number },
): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    const t = await currentTicket(tx, c);
    let patch: Partial<typeof tickets.$inferInsert>;
    let data: Record<string, unknown>;
    let sentTo: CounterRow | null = null;
    if ('serviceId' in target) {
      const svc = (
        await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.id, target.serviceId), eq(services.officeId, c.officeId), eq(services.active, true)))
      )[0];
      if (!svc) reject('UNKNOWN_SERVICE');
      if (target.serviceId === t.serviceId) reject('SAME_TARGET');
      patch = { serviceId: target.serviceId, targetCounterId: null };
      data = { fromServiceId: t.serviceId, toServiceId: target.serviceId };
    } else {
      const dest = (
        await tx
          .select()
          .from(counters)
          .where(and(eq(counters.id, target.counterId), eq(counters.officeId, c.officeId)))
      )[0];
      if (!dest) reject('UNKNOWN_COUNTER');
      if (dest.id === c.id) reject('SAME_TARGET');
      if (dest.status === 'closed') reject('TARGET_COUNTER_CLOSED');
      patch = { targetCounterId: dest.id };
      data = { fromCounterId: c.id, toCounterId: dest.id };
      sentTo = dest;
    }
    // Back to waiting with its original queuedAt and class: it keeps its place in the new line.
    const moved = await moveTicket(
      tx,
      out,
      t,
      'transfer',
      { now, counterId: c.id, officerId: actor.id, data },
      { ...patch, counterId: null, recallCount: 0 },
    );
    // The counter it was sent to hears of it: its terminal refetches its list on its own counter's
    // events, and on `queue` snapshots only for the lines it lists (counter/terminal/queue-watch.ts).
    if (sentTo) out.log(now, { officeId: sentTo.officeId, kind: 'counter', payload: await counterView(tx, sentTo) });
    const counter = await updateCounter(tx, out, now, c, { currentTicketId: null });
    return { ticket: await ticketDetail(tx, moved, now), counter: await counterView(tx, counter) };
  });
}

export function pause(deps: Deps, counterId: number, actor: Actor, reason: string): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    if (c.status === 'paused') reject('COUNTER_PAUSED');
    if (c.currentTicketId) reject('TICKET_IN_PROGRESS');
    const counter = await updateCounter(tx, out, now, c, { status: 'paused', pauseReason: reason });
    return { ticket: null, counter: await counterView(tx, counter) };
  });
}

export function resume(deps: Deps, counterId: number, actor: Actor): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    let c = await ownCounter(tx, counterId, actor);
    if (c.status === 'paused') c = await updateCounter(tx, out, now, c, { status: 'open', pauseReason: null });
    return {
      ticket: c.currentTicketId ? await ticketDetail(tx, await currentTicket(tx, c), now) : null,
      counter: await counterView(tx, c),
    };
  });
}

export function closeCounter(deps: Deps, counterId: number, actor: Actor): Promise<Result<CounterResult>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await ownCounter(tx, counterId, actor);
    if (c.currentTicketId) reject('TICKET_IN_PROGRESS');
    const held = (
      await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.counterId, c.id), eq(tickets.state, 'on_hold')))
    )[0];
    if (held) reject('TICKETS_ON_HOLD');
    return { ticket: null, counter: await counterView(tx, await shut(tx, out, now, c)) };
  });
}

/** Closes a counter: tickets sent to it go back to their service's line; nobody holds it. */
async function shut(tx: Tx, out: Outbox, now: number, c: CounterRow): Promise<CounterRow> {
  const untargeted = await tx
    .update(tickets)
    .set({ targetCounterId: null })
    .where(and(eq(tickets.targetCounterId, c.id), eq(tickets.state, 'waiting')))
    .returning({ id: tickets.id });
  if (untargeted.length) out.queueChanged(c.officeId);
  return updateCounter(tx, out, now, c, {
    status: 'closed',
    officerId: null,
    currentTicketId: null,
    pauseReason: null,
    priorityStreak: 0,
    openedAt: null,
  });
}

export interface ForceClosed {
  counter: CounterView;
  /** The tickets the counter held (called, serving or on hold), now back in their lines. */
  released: { id: number; number: string }[];
}

/**
 * A supervisor (or admin) closes a counter its officer cannot: an officer gone home or disabled
 * still holding it. Its current ticket and its tickets on hold go back to waiting in their
 * service's line with their original place (event 'released', with the reason); tickets sent to
 * it go back to their service's line; the counter is closed. The officer's terminal sees the
 * counter event and returns to the choice of counter.
 */
export function forceClose(deps: Deps, counterId: number, actor: Actor, reason: string): Promise<Result<ForceClosed>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const c = await loadCounter(tx, counterId);
    if (!mayChange(actor, c)) reject('FORBIDDEN');
    if (c.status === 'closed') reject('COUNTER_CLOSED');
    const held = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.counterId, c.id), inArray(tickets.state, ['called', 'serving', 'on_hold'])))
      .orderBy(asc(tickets.id));
    // One move after another: they share the transaction's connection and the office's event ids.
    const released: { id: number; number: string }[] = [];
    for (const t of held) {
      await moveTicket(
        tx,
        out,
        t,
        'release',
        { now, counterId: c.id, officerId: actor.id, reason, eventType: 'released', data: { closedBy: actor.id } },
        { counterId: null, targetCounterId: null, recallCount: 0 },
      );
      released.push({ id: t.id, number: t.number });
    }
    const counter = await shut(tx, out, now, c);
    await writeAudit(tx, now, {
      officeId: c.officeId,
      staffId: actor.id,
      action: 'force_close',
      entity: 'counter',
      entityId: c.id,
      before: { status: c.status, officerId: c.officerId, currentTicketId: c.currentTicketId },
      after: { status: 'closed', reason, released: released.map((t) => t.number) },
    });
    return { counter: await counterView(tx, counter), released };
  });
}

/** The office a counter belongs to, or undefined for no such counter. */
/** Every counter request's scope check (routes.ts counterScope): built once. */
export async function counterOfficeId(db: Db, counterId: number): Promise<number | undefined> {
  return (await officeOfCounter(db).get({ counterId }))?.officeId;
}

/** How much of the waiting line the counter terminal lists. */
export const WAITING_LIST = 200;

/**
 * The counter terminal's view: its state, current ticket, tickets on hold and waiting line.
 * Every terminal reads it after each change of its lines, so it is a few set-based reads
 * whatever the line's length: the counter, its services, the tickets at the desk, the waiting
 * line with each ticket's place, and the estimates of the lines it shows.
 */
export async function counterState(db: Db, counterId: number, now: number) {
  const c = (await db.select().from(counters).where(eq(counters.id, counterId)))[0];
  if (!c) return undefined;
  const serviceIds = await counterServiceIds(db, c.id);
  const atDesk = await ticketsAtDesk(db, c);
  const current = atDesk.find((r) => r.ticket.id === c.currentTicketId);
  const held = atDesk.filter((r) => r.ticket.counterId === c.id && r.ticket.state === 'on_hold');
  // A counter without services lists nothing (not even tickets sent to it), as it always did.
  const waiting = serviceIds.length ? await waitingLineOf(db).all({ counterId: c.id }) : [];
  const eta = await estimator(
    db,
    waiting.map((r) => r.ticket.serviceId),
    now,
  );
  const atDeskDetail = (r: (typeof atDesk)[number]) =>
    detailOf(r.ticket, { position: 0, counterNumber: r.counterNumber, etaMinutes: 0 }, now);
  return {
    counter: {
      ...viewOf(
        c,
        held.map((r) => r.ticket.id),
      ),
      name: c.name,
      officerId: c.officerId,
      serviceIds,
    },
    current: current ? atDeskDetail(current) : null,
    onHold: held.map(atDeskDetail),
    waiting: waiting.map((r) =>
      detailOf(
        r.ticket,
        {
          position: r.position,
          counterNumber: r.counterNumber,
          etaMinutes:
            ticketEstimate({ ...r.ticket, officeId: c.officeId }, r.position - 1, now)?.etaMinutes ??
            eta(r.ticket.serviceId, r.position - 1),
        },
        now,
      ),
    ),
  };
}

/** The counter's current ticket and its tickets on hold, with the number of their counter. */
async function ticketsAtDesk(db: Reader, c: CounterRow) {
  const onHold = and(eq(tickets.counterId, c.id), eq(tickets.state, 'on_hold'));
  return await db
    .select({ ticket: detailColumns, counterNumber: counters.number })
    .from(tickets)
    .leftJoin(counters, eq(counters.id, tickets.counterId))
    .where(c.currentTicketId ? or(eq(tickets.id, c.currentTicketId), onHold) : onHold)
    .orderBy(asc(tickets.id));
}

// The columns a ticket's detail shows (the terminal's list reads no more than that).
const detailColumns = {
  id: tickets.id,
  number: tickets.number,
  serviceId: tickets.serviceId,
  state: tickets.state,
  issuedAt: tickets.issuedAt,
  source: tickets.source,
  priority: tickets.priority,
  queueClass: tickets.queueClass,
  queuedAt: tickets.queuedAt,
  calledAt: tickets.calledAt,
  startedAt: tickets.startedAt,
  counterId: tickets.counterId,
  targetCounterId: tickets.targetCounterId,
  recallCount: tickets.recallCount,
  stateSince: tickets.stateSince,
  waitMs: tickets.waitMs,
  serviceMs: tickets.serviceMs,
  appointmentId: tickets.appointmentId,
};

/**
 * The first WAITING_LIST tickets a counter may call, in call order (class, then arrival): those
 * of its services not sent to another counter, and those sent to it. A ticket's place is among
 * every waiting ticket of its service (as positionOf counts it), so the places are numbered over
 * the whole lines of those services before the counter's share is taken. Prepared once.
 */
const waitingLineOf = prepared((db) => {
  const counterId = sql.placeholder('counterId');
  // A function: drizzle's union() extends the builder it is given, so each use builds its own.
  const served = () =>
    db.select({ serviceId: counterServices.serviceId }).from(counterServices).where(eq(counterServices.counterId, counterId));
  const sentHere = db
    .select({ serviceId: tickets.serviceId })
    .from(tickets)
    .where(and(eq(tickets.targetCounterId, counterId), eq(tickets.state, 'waiting')));
  const lines = db.$with('lines').as(
    db
      .select({
        ...detailColumns,
        position:
          sql<number>`row_number() over (partition by ${tickets.serviceId} order by ${tickets.queueClass}, ${tickets.queuedAt}, ${tickets.id})`.as(
            'position',
          ),
      })
      .from(tickets)
      .where(and(eq(tickets.state, 'waiting'), inArray(tickets.serviceId, union(served(), sentHere)))),
  );
  const { position, ...ticket } = lines._.selectedFields;
  return db
    .with(lines)
    .select({ ticket, position, counterNumber: counters.number })
    .from(lines)
    .leftJoin(counters, eq(counters.id, lines.counterId))
    .where(or(and(isNull(lines.targetCounterId), inArray(lines.serviceId, served())), eq(lines.targetCounterId, counterId)))
    .orderBy(asc(lines.queueClass), asc(lines.queuedAt), asc(lines.id))
    .limit(WAITING_LIST);
});
