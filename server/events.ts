// The write side of realtime: facts are appended to the public event log inside the change's
// transaction (collected in an Outbox) and handed to the notifier only after the commit.

import type { Statement } from 'better-sqlite3';
import { type Db, immediate, type Tx } from '../db/client';
import { publicEvents } from '../db/schema';
import { type Failure, ok, Rejection, type Result } from './errors';
import type { CallEvent, CounterView, FeedbackAnswer, TicketView } from './realtime/contract';
import type { Clock } from './time';

export type Published =
  | { id: number; officeId: number; kind: 'call'; ticketToken: string; payload: Omit<CallEvent, 'eventId'> }
  | { id: number; officeId: number; kind: 'ticket'; ticketToken: string; payload: TicketView }
  | { id: number; officeId: number; kind: 'counter'; payload: CounterView }
  | { id: number; officeId: number; kind: 'office'; payload: { officeId: number } }
  | { id: number; officeId: number; kind: 'feedback'; ticketToken: string; payload: FeedbackAnswer };

type Draft = Published extends infer P ? (P extends Published ? Omit<P, 'id'> : never) : never;

export class Outbox {
  readonly events: Published[] = [];
  /** Offices whose waiting counts may have changed: their displays get a fresh snapshot. */
  readonly dirtyOffices = new Set<number>();

  log(tx: Tx, at: number, draft: Draft): Published {
    const row = tx
      .insert(publicEvents)
      .values({
        officeId: draft.officeId,
        kind: draft.kind,
        ticketToken: 'ticketToken' in draft ? draft.ticketToken : null,
        counterId: draft.kind === 'counter' ? draft.payload.id : draft.kind === 'call' ? draft.payload.counterId : null,
        payload: draft.payload as unknown as Record<string, unknown>,
        at,
      })
      .returning({ id: publicEvents.id })
      .get();
    const event = { ...draft, id: row.id } as Published;
    this.events.push(event);
    return event;
  }

  queueChanged(officeId: number): void {
    this.dirtyOffices.add(officeId);
  }
}

/** Where committed facts go: the Socket.IO fan-out in production, a recorder in tests. */
export interface Notifier {
  committed(outbox: Outbox): void;
}

export const silentNotifier: Notifier = { committed: () => {} };

export interface Deps {
  db: Db;
  clock: Clock;
  notify: Notifier;
}

/**
 * One atomic change: an IMMEDIATE transaction whose facts are pushed after it commits. A
 * `reject(...)` inside rolls everything back and comes out as a returned Failure.
 */
export function transact<T>(deps: Deps, fn: (tx: Tx, out: Outbox) => T): Result<T> {
  const out = new Outbox();
  let value: T;
  try {
    value = immediate(deps.db, (tx) => fn(tx, out));
  } catch (e) {
    if (e instanceof Rejection) return e.failure;
    throw e;
  }
  if (out.events.length || out.dirtyOffices.size) deps.notify.committed(out);
  return ok(value);
}

interface Job {
  deps: Deps;
  fn: (tx: Tx, out: Outbox) => unknown;
  resolve: (result: Result<unknown>) => void;
  reject: (error: unknown) => void;
}

/** Writes waiting for the next shared commit, per database. */
const pending = new WeakMap<Db, Job[]>();
/** A bound on one commit's size, so a burst cannot hold the write lock for long. */
const MAX_GROUP = 256;

/**
 * The same atomic change as `transact`, for the hot writes (ticket issue, check-in, booking):
 * every call made in the same event-loop turn joins one IMMEDIATE transaction, each in its own
 * savepoint, so they share one commit and its fsync (`synchronous=FULL` costs one fsync per
 * commit, most of a ticket's time). Each caller is answered only after that commit, so an
 * acknowledged write is as durable as with `transact`; the writes run one after another in
 * arrival order, each seeing the ones before, exactly as separate transactions would. A
 * rejection or an unexpected error rolls back that caller's savepoint only.
 */
export function transactGrouped<T>(deps: Deps, fn: (tx: Tx, out: Outbox) => T): Promise<Result<T>> {
  return new Promise((resolve, reject) => {
    let jobs = pending.get(deps.db);
    if (!jobs) {
      jobs = [];
      pending.set(deps.db, jobs);
      setImmediate(() => commitGroup(deps.db));
    }
    jobs.push({ deps, fn, resolve: resolve as Job['resolve'], reject });
  });
}

/**
 * What a group's transaction runs, prepared once per database: BEGIN IMMEDIATE, COMMIT,
 * ROLLBACK and the per-write savepoint, and one drizzle transaction handle reused for every
 * group (it holds no state of its own). drizzle's db.transaction builds a better-sqlite3
 * transaction function and a handle on every call, a third of a lone booking's time.
 */
interface GroupStatements {
  tx: Tx;
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

const groupStatements = new WeakMap<Db, GroupStatements>();

function statementsOf(db: Db): GroupStatements {
  let g = groupStatements.get(db);
  if (!g) {
    const sqlite = db.$client;
    g = {
      tx: db.transaction((tx) => tx),
      begin: sqlite.prepare('begin immediate'),
      commit: sqlite.prepare('commit'),
      rollback: sqlite.prepare('rollback'),
      savepoint: sqlite.prepare('savepoint grouped_write'),
      release: sqlite.prepare('release grouped_write'),
      rollbackTo: sqlite.prepare('rollback to grouped_write'),
    };
    groupStatements.set(db, g);
  }
  return g;
}

type Outcome = { value: unknown; out: Outbox } | { failure: Failure } | { error: unknown };

function commitGroup(db: Db): void {
  const queue = pending.get(db) ?? [];
  const jobs = queue.splice(0, MAX_GROUP);
  if (queue.length) setImmediate(() => commitGroup(db));
  else pending.delete(db);
  const outcomes: Outcome[] = [];
  const g = statementsOf(db);
  try {
    g.begin.run();
    for (const job of jobs) {
      const out = new Outbox();
      g.savepoint.run();
      try {
        outcomes.push({ value: job.fn(g.tx, out), out });
        g.release.run();
      } catch (e) {
        g.rollbackTo.run();
        g.release.run();
        outcomes.push(e instanceof Rejection ? { failure: e.failure } : { error: e });
      }
    }
    // Nothing to keep: roll back rather than commit pages a refused write touched and restored
    // (a commit would still write and fsync them).
    if (outcomes.some((o) => 'out' in o)) g.commit.run();
    else g.rollback.run();
  } catch (e) {
    // BEGIN or COMMIT failed: nothing of the group was written.
    if (db.$client.inTransaction) g.rollback.run();
    for (const job of jobs) job.reject(e);
    return;
  }
  for (const [i, job] of jobs.entries()) settle(job, outcomes[i]!);
}

/** Answers one write of a group after its commit (or its rollback, when none succeeded). */
function settle(job: Job, o: Outcome): void {
  if ('out' in o) {
    if (o.out.events.length || o.out.dirtyOffices.size) job.deps.notify.committed(o.out);
    job.resolve(ok(o.value));
  } else if ('failure' in o) job.resolve(o.failure);
  else job.reject(o.error);
}
