// Tickets: issuing numbers, reading a ticket's place in line (its estimated wait comes from
// server/estimates/), and the one primitive every move goes through (`moveTicket`), which keeps
// the measured timings and writes the ticket event.

import { and, eq, lt, lte, or, sql } from 'drizzle-orm';
import { type Db, isPostgres, type Tx } from '../../db/client';
import type { PostgresStore } from '../../db/postgres';
import { placeholders, prepared, preparedByShape } from '../../db/prepared';
import { counters, type TicketState, ticketEvents, ticketSequences, tickets, waitingCounts } from '../../db/schema';
import { type Result, reject } from '../errors';
import { joiningEstimate, orFallback, ticketEstimate } from '../estimates/forecasts';
import { estimateWait, estimator } from '../estimates/store';
import { type Deps, type Outbox, transact } from '../events';
import { getOffice, getService } from '../offices/store';
import type { TicketView } from '../realtime/contract';
import { localDay } from '../time';
import { issueOnPostgres } from './issue-postgres';
import { formatNumber, type IssuedTicket, orderedToken } from './issued';
import { nextState, type TicketAction } from './state';

export { formatNumber, type IssuedTicket, newToken, orderedToken } from './issued';

type Reader = Db | Tx;
export type TicketRow = typeof tickets.$inferSelect;

export interface IssueInput {
  officeId: number;
  serviceId: number;
  priority?: string | null;
  source?: 'walk_in' | 'booking';
  appointmentId?: number;
  /** For a checked-in booking on time: its slot start (the booking class applies from then). */
  slotStart?: number;
}

/**
 * Allocates the next number of the service's prefix for the office-local day and inserts the
 * ticket, in the caller's transaction. The sequence row is one upsert under the write lock, so
 * concurrent kiosks never get the same or a skipped number.
 */
export async function insertTicket(tx: Tx, out: Outbox, now: number, input: IssueInput): Promise<IssuedTicket> {
  const office = await getOffice(tx, input.officeId);
  if (!office) reject('OFFICE_NOT_FOUND');
  const service = await getService(tx, input.officeId, input.serviceId);
  if (!service?.active) reject('UNKNOWN_SERVICE');
  const priority = input.priority ?? null;
  if (priority !== null && !office.settings.priorityCategories.some((c) => c.code === priority)) {
    reject('UNKNOWN_PRIORITY');
  }
  const day = localDay(now, office.timezone);
  const source = input.source ?? 'walk_in';
  const queueClass = priority ? 0 : input.slotStart !== undefined ? 1 : 2;
  // The service's load is read before the line's number is taken: the number's row stays locked
  // until the commit (on PostgreSQL every other ticket of the line waits), so as little as
  // possible runs after it.
  const estimate = await estimator(tx, [service.id], now);
  const { lastSeq } = (await nextSeq(tx).get({ officeId: office.id, prefix: service.prefix, localDay: day }))!;
  // Its place is known before the insert (it is the newest of its class), so the estimate shown
  // on the slip is stored with the row: one count and no second write.
  const position = (await aheadOfNewTicket(tx, service.id, queueClass)) + 1;
  // The office's forecast (kept in memory, refreshed after queue changes), moved by who joined
  // since; today's formula until there is one.
  const eta = orFallback(
    joiningEstimate(office.id, service.id, queueClass, position - 1, now),
    estimate(service.id, position - 1),
  );
  const row = (await newTicketRow(tx).get({
    officeId: office.id,
    serviceId: service.id,
    localDay: day,
    prefix: service.prefix,
    seq: lastSeq,
    number: formatNumber(service.prefix, lastSeq),
    token: orderedToken(),
    source,
    priority,
    queueClass,
    appointmentId: input.appointmentId ?? null,
    slotStart: input.slotStart ?? null,
    now,
    etaMinutes: eta.etaMinutes,
    etaLowMinutes: eta.etaLowMinutes,
    etaHighMinutes: eta.etaHighMinutes,
  }))!;
  await countWaiting(tx).run({ officeId: office.id, serviceId: service.id, queueClass, delta: 1 });
  await newTicketEvent(tx).run({
    officeId: office.id,
    ticketId: row.id,
    type: source === 'booking' ? 'checked_in' : 'issued',
    now,
    data: priority ? JSON.stringify({ priority }) : null,
  });
  out.queueChanged(office.id);
  return {
    id: row.id,
    number: row.number,
    token: row.token,
    serviceId: row.serviceId,
    state: row.state,
    position,
    ...eta,
    createdAt: new Date(row.issuedAt).toISOString(),
    priority,
    source,
  };
}

// The statements of insertTicket, prepared once (db/prepared.ts): it runs for every ticket.
const nextSeq = prepared((db) =>
  db
    .insert(ticketSequences)
    .values({
      officeId: sql.placeholder('officeId'),
      prefix: sql.placeholder('prefix'),
      localDay: sql.placeholder('localDay'),
      lastSeq: 1,
    })
    .onConflictDoUpdate({
      target: [ticketSequences.officeId, ticketSequences.prefix, ticketSequences.localDay],
      set: { lastSeq: sql`${ticketSequences.lastSeq} + 1` },
    })
    .returning({ lastSeq: ticketSequences.lastSeq }),
);

const newTicketRow = prepared((db) =>
  db
    .insert(tickets)
    .values({
      officeId: sql.placeholder('officeId'),
      serviceId: sql.placeholder('serviceId'),
      localDay: sql.placeholder('localDay'),
      prefix: sql.placeholder('prefix'),
      seq: sql.placeholder('seq'),
      number: sql.placeholder('number'),
      token: sql.placeholder('token'),
      source: sql.placeholder('source'),
      priority: sql.placeholder('priority'),
      queueClass: sql.placeholder('queueClass'),
      appointmentId: sql.placeholder('appointmentId'),
      slotStart: sql.placeholder('slotStart'),
      state: 'waiting',
      issuedAt: sql.placeholder('now'),
      queuedAt: sql.placeholder('now'),
      stateSince: sql.placeholder('now'),
      etaMinutesAtIssue: sql.placeholder('etaMinutes'),
      etaLowMinutes: sql.placeholder('etaLowMinutes'),
      etaHighMinutes: sql.placeholder('etaHighMinutes'),
    })
    .returning({
      id: tickets.id,
      number: tickets.number,
      token: tickets.token,
      serviceId: tickets.serviceId,
      state: tickets.state,
      issuedAt: tickets.issuedAt,
    }),
);

const newTicketEvent = prepared((db) =>
  db.insert(ticketEvents).values({
    officeId: sql.placeholder('officeId'),
    ticketId: sql.placeholder('ticketId'),
    type: sql.placeholder('type'),
    fromState: null,
    toState: 'waiting',
    at: sql.placeholder('now'),
    // Raw, not through the column's JSON encoder, which would store null as the text 'null'.
    data: sql`${sql.placeholder('data')}`,
  } as never),
);

/** Keeps waiting_counts: +1 when a ticket joins a line, -1 when it leaves. */
const countWaiting = prepared((db) =>
  db
    .insert(waitingCounts)
    .values({
      officeId: sql.placeholder('officeId'),
      serviceId: sql.placeholder('serviceId'),
      queueClass: sql.placeholder('queueClass'),
      waiting: sql`${sql.placeholder('delta')}`,
    })
    .onConflictDoUpdate({
      target: [waitingCounts.serviceId, waitingCounts.queueClass],
      set: { waiting: sql`${waitingCounts.waiting} + excluded.waiting` },
    }),
);

/** Everyone waiting in the line in this class or a higher one: a new ticket comes after them. */
const waitingAheadOfNew = prepared((db) =>
  db
    .select({ n: sql<number>`coalesce(sum(${waitingCounts.waiting}), 0)` })
    .from(waitingCounts)
    .where(
      and(
        eq(waitingCounts.serviceId, sql.placeholder('serviceId')),
        lte(waitingCounts.queueClass, sql.placeholder('queueClass')),
      ),
    ),
);

export function issueTicket(deps: Deps, input: IssueInput): Promise<Result<IssuedTicket>> {
  // PostgreSQL: a walk-in's line is held for one statement, not a transaction (issue-postgres.ts).
  if (
    isPostgres() &&
    (input.source ?? 'walk_in') === 'walk_in' &&
    input.appointmentId === undefined &&
    input.slotStart === undefined
  ) {
    return issueOnPostgres(deps, deps.store as PostgresStore, {
      officeId: input.officeId,
      serviceId: input.serviceId,
      priority: input.priority ?? null,
    });
  }
  return transact(deps, (tx, out) => insertTicket(tx, out, deps.clock.now(), input));
}

/**
 * Place in the service's line: 1 = next. Counts the waiting tickets ahead by class, then
 * arrival: an index range on tickets_line, never a scan of the day.
 */
// Built once (db/prepared.ts): every phone following a ticket is re-read with these after each
// change of its office's queue.
const waitingAhead = prepared((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(tickets)
    .where(
      and(
        eq(tickets.serviceId, sql.placeholder('serviceId')),
        eq(tickets.state, 'waiting'),
        or(
          lt(tickets.queueClass, sql.placeholder('queueClass')),
          and(
            eq(tickets.queueClass, sql.placeholder('queueClass')),
            or(
              lt(tickets.queuedAt, sql.placeholder('queuedAt')),
              and(eq(tickets.queuedAt, sql.placeholder('queuedAt')), lt(tickets.id, sql.placeholder('id'))),
            ),
          ),
        ),
      ),
    ),
);
export async function positionOf(
  db: Reader,
  t: Pick<TicketRow, 'id' | 'serviceId' | 'state' | 'queueClass' | 'queuedAt'>,
): Promise<number> {
  if (t.state !== 'waiting') return 0;
  const row = await waitingAhead(db as Db).get({
    serviceId: t.serviceId,
    queueClass: t.queueClass,
    queuedAt: t.queuedAt,
    id: t.id,
  });
  return Number(row?.n ?? 0) + 1;
}

/** Waiting tickets a new ticket of this class, queued now, will have ahead of it (see positionOf:
 * the same order, since every waiting ticket was queued before now), from the kept counts. */
async function aheadOfNewTicket(tx: Tx, serviceId: number, queueClass: number): Promise<number> {
  const row = await waitingAheadOfNew(tx).get({ serviceId, queueClass });
  return Number(row?.n ?? 0);
}

const numberOfCounter = prepared((db) =>
  db
    .select({ n: counters.number })
    .from(counters)
    .where(eq(counters.id, sql.placeholder('counterId'))),
);
export async function counterNumberOf(db: Reader, counterId: number | null): Promise<number | undefined> {
  if (counterId === null) return undefined;
  return (await numberOfCounter(db as Db).get({ counterId }))?.n;
}

/** What the resident's phone sees: public data only. */
export async function ticketView(db: Reader, t: TicketRow, now: number): Promise<TicketView> {
  const position = await positionOf(db, t);
  const eta =
    t.state === 'waiting'
      ? orFallback(ticketEstimate(t, position - 1, now), await estimateWait(db, t.serviceId, position - 1, now))
      : { etaMinutes: 0, etaLowMinutes: 0, etaHighMinutes: 0 };
  const counterNumber = ['called', 'serving', 'on_hold'].includes(t.state) ? await counterNumberOf(db, t.counterId) : undefined;
  return {
    id: t.id,
    number: t.number,
    serviceId: t.serviceId,
    state: t.state,
    position,
    ...eta,
    ...(counterNumber !== undefined ? { counterNumber } : {}),
  };
}

const ticketByToken = prepared((db) =>
  db
    .select()
    .from(tickets)
    .where(eq(tickets.token, sql.placeholder('token'))),
);
export async function getTicketByToken(db: Reader, token: string): Promise<TicketRow | undefined> {
  return ticketByToken(db as Db).get({ token });
}

const ticketById = prepared((db) =>
  db
    .select()
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id'))),
);
export async function getTicket(db: Reader, id: number): Promise<TicketRow | undefined> {
  return ticketById(db as Db).get({ id });
}

const timingColumn: Partial<Record<TicketState, 'waitMs' | 'walkMs' | 'serviceMs' | 'holdMs'>> = {
  waiting: 'waitMs',
  called: 'walkMs',
  serving: 'serviceMs',
  on_hold: 'holdMs',
};

export interface MoveContext {
  now: number;
  counterId?: number | null;
  officerId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown> | null;
  /** Event type when it differs from the action name (recall, transfer, ...). */
  eventType?: string;
}

/**
 * The one way a ticket changes state: checks the move against the state machine (409
 * ILLEGAL_TRANSITION otherwise), adds the time spent in the state it leaves to that state's
 * timing, applies the extra column changes, writes the ticket event and logs the phone's
 * `ticket` event. Returns the updated row.
 */
// A move's writes, built once per shape (db/prepared.ts): the columns a move sets depend on the
// action (a call sets the counter and officer, a finish its timings), never on input.
const updateTicket = preparedByShape((db, shape) =>
  db
    .update(tickets)
    .set(placeholders(shape))
    .where(eq(tickets.id, sql.placeholder('ticketId')))
    .returning(),
);

/**
 * A JSON column's value for a prepared write: drizzle encodes a placeholder's value even when it
 * is null (it would store the text "null"), so JSON columns take the text, or SQL NULL, as is.
 */
export const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

const insertTicketEvent = prepared((db) =>
  db.insert(ticketEvents).values({
    ...placeholders('officeId,ticketId,type,fromState,toState,at,counterId,officerId,reason'),
    data: sql`${sql.placeholder('data')}`,
  } as never),
);

export async function moveTicket(
  tx: Tx,
  out: Outbox,
  t: TicketRow,
  action: TicketAction,
  ctx: MoveContext,
  patch: Partial<typeof tickets.$inferInsert> = {},
): Promise<TicketRow> {
  const to = nextState(t.state, action);
  if (to === null) {
    reject(
      'ILLEGAL_TRANSITION',
      {
        vi: `Không thể ${actionLabel[action].vi} khi số thứ tự đang ở trạng thái "${stateLabel[t.state].vi}".`,
        en: `Cannot ${actionLabel[action].en} a ticket that is ${stateLabel[t.state].en}.`,
      },
      { state: t.state, action },
    );
  }
  const spent = Math.max(0, ctx.now - t.stateSince);
  const column = timingColumn[t.state];
  const timing = column && to !== t.state ? { [column]: t[column] + spent } : {};
  const set: Record<string, unknown> = { ...timing, ...patch, state: to, stateSince: to !== t.state ? ctx.now : t.stateSince };
  for (const k of Object.keys(set)) if (set[k] === undefined) delete set[k];
  const shape = Object.keys(set).sort().join(',');
  const updated = (await updateTicket(tx, shape).get({ ...set, ticketId: t.id }))!;
  if (t.state === 'waiting')
    await countWaiting(tx).run({ officeId: t.officeId, serviceId: t.serviceId, queueClass: t.queueClass, delta: -1 });
  if (to === 'waiting') {
    await countWaiting(tx).run({ officeId: t.officeId, serviceId: updated.serviceId, queueClass: updated.queueClass, delta: 1 });
  }
  await insertTicketEvent(tx).run({
    officeId: t.officeId,
    ticketId: t.id,
    type: ctx.eventType ?? action,
    fromState: t.state,
    toState: to,
    at: ctx.now,
    counterId: ctx.counterId ?? null,
    officerId: ctx.officerId ?? null,
    reason: ctx.reason ?? null,
    data: jsonOrNull(ctx.data),
  });
  out.log(ctx.now, {
    officeId: t.officeId,
    kind: 'ticket',
    ticketToken: t.token,
    payload: await ticketView(tx, updated, ctx.now),
  });
  if (t.state === 'waiting' || to === 'waiting') out.queueChanged(t.officeId);
  return updated;
}

const actionLabel: Record<TicketAction, { vi: string; en: string }> = {
  call: { vi: 'gọi', en: 'call' },
  recall: { vi: 'gọi lại', en: 'recall' },
  start: { vi: 'bắt đầu phục vụ', en: 'start serving' },
  hold: { vi: 'tạm giữ', en: 'put on hold' },
  finish: { vi: 'hoàn thành', en: 'finish' },
  no_show: { vi: 'đánh dấu vắng mặt', en: 'mark as no-show' },
  cancel: { vi: 'hủy', en: 'cancel' },
  transfer: { vi: 'chuyển', en: 'transfer' },
  release: { vi: 'trả về hàng chờ', en: 'return to the line' },
  close_day: { vi: 'đóng ngày', en: 'close the day for' },
};

export const stateLabel: Record<TicketState, { vi: string; en: string }> = {
  waiting: { vi: 'đang chờ', en: 'waiting' },
  called: { vi: 'đã gọi', en: 'called' },
  serving: { vi: 'đang phục vụ', en: 'being served' },
  on_hold: { vi: 'tạm giữ', en: 'on hold' },
  done: { vi: 'hoàn thành', en: 'done' },
  no_show: { vi: 'vắng mặt', en: 'a no-show' },
  cancelled: { vi: 'đã hủy', en: 'cancelled' },
};
