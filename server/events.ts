// The write side of realtime: facts are appended to the public event log inside the change's
// transaction (collected in an Outbox) and handed to the notifier only after the commit.

import { sql } from 'drizzle-orm';
import { type Db, isPostgres, type Store, type Tx } from '../db/client';
import { publicEvents } from '../db/schema';
import { ok, Rejection, type Result } from './errors';
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
  private drafts: { at: number; draft: Draft; event: Published }[] = [];

  /**
   * Records a fact; it is written to the event log, and gets its id, when the change commits
   * (see flush). The returned event is complete by the time the change's promise resolves.
   */
  log(at: number, draft: Draft): Published {
    const event = { ...draft, id: 0 } as Published;
    this.drafts.push({ at, draft, event });
    this.events.push(event);
    return event;
  }

  queueChanged(officeId: number): void {
    this.dirtyOffices.add(officeId);
  }

  /**
   * Writes the recorded facts as the change's last statements. Event ids must reach every
   * reader in commit order (a display that has seen id N must never later find a smaller one of
   * its office): on PostgreSQL each office's ids are taken under that office's advisory lock,
   * held to the commit, so a later id of an office always commits later. Offices are locked in
   * ascending order, so two changes never wait on each other.
   */
  async flush(tx: Tx): Promise<void> {
    if (!this.drafts.length) return;
    const officeIds = [...new Set(this.drafts.map((d) => d.draft.officeId))].sort((a, b) => a - b);
    for (const officeId of officeIds) await lockOfficeEvents(tx, officeId);
    const rows = await tx
      .insert(publicEvents)
      .values(
        this.drafts.map(({ at, draft }) => ({
          officeId: draft.officeId,
          kind: draft.kind,
          ticketToken: 'ticketToken' in draft ? draft.ticketToken : null,
          counterId: draft.kind === 'counter' ? draft.payload.id : draft.kind === 'call' ? draft.payload.counterId : null,
          payload: draft.payload as unknown as Record<string, unknown>,
          at,
        })),
      )
      .returning({ id: publicEvents.id });
    // A multi-row insert returns its rows in the order of its values on both engines.
    for (const [i, d] of this.drafts.entries()) d.event.id = rows[i]!.id;
    this.drafts = [];
  }
}

async function lockOfficeEvents(tx: Tx, officeId: number): Promise<void> {
  if (isPostgres()) await tx.execute(sql`select pg_advisory_xact_lock(3, ${officeId})`);
}

/** Where committed facts go: the Socket.IO fan-out in production, a recorder in tests. */
export interface Notifier {
  committed(outbox: Outbox): void;
}

export const silentNotifier: Notifier = { committed: () => {} };

export interface Deps {
  /** Reads of committed data. */
  db: Db;
  store: Store;
  clock: Clock;
  notify: Notifier;
}

/**
 * One atomic change: a write transaction whose facts are pushed after it commits. A
 * `reject(...)` inside rolls everything back and comes out as a returned Failure. On SQLite,
 * changes arriving together share one commit (db/sqlite.ts); on PostgreSQL a change that loses
 * a serialization race runs again from the start, with a fresh Outbox.
 */
export async function transact<T>(deps: Deps, fn: (tx: Tx, out: Outbox) => Promise<T>): Promise<Result<T>> {
  let out = new Outbox();
  let value: T;
  try {
    value = await deps.store.write(async (tx) => {
      out = new Outbox();
      const v = await fn(tx, out);
      await out.flush(tx);
      return v;
    });
  } catch (e) {
    if (e instanceof Rejection) return e.failure;
    throw e;
  }
  if (out.events.length || out.dirtyOffices.size) deps.notify.committed(out);
  return ok(value);
}
