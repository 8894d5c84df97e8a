// The write side of realtime: facts are appended to the public event log inside the change's
// transaction (collected in an Outbox) and handed to the notifier only after the commit.

import { sql } from 'drizzle-orm';
import type { Db, Store, Tx } from '../db/client';
import { placeholders, prepared, preparedByShape } from '../db/prepared';
import { officeEventCounters, publicEvents } from '../db/schema';
import { ok, Rejection, type Result } from './errors';
import type {
  CallEvent,
  CounterView,
  DossierChange,
  DossierPublicView,
  FeedbackAnswer,
  FeedbackChange,
  FeedbackPublicView,
  TicketView,
} from './realtime/contract';
import type { Clock } from './time';

export type Published =
  | { id: number; officeId: number; kind: 'call'; ticketToken: string; payload: Omit<CallEvent, 'eventId'> }
  | { id: number; officeId: number; kind: 'ticket'; ticketToken: string; payload: TicketView }
  | { id: number; officeId: number; kind: 'counter'; payload: CounterView }
  | { id: number; officeId: number; kind: 'office'; payload: { officeId: number } }
  | { id: number; officeId: number; kind: 'feedback'; ticketToken: string; payload: FeedbackAnswer }
  // The routing token of a dossier's event is the dossier's own (its /h/<token> page).
  | { id: number; officeId: number; kind: 'dossier'; ticketToken: string; payload: DossierPublicView }
  | { id: number; officeId: number; kind: 'dossier:changed'; payload: DossierChange };

/**
 * A push that is not replayed from the event log: the sender's tracking page and the staff's
 * inbox read the whole item again when they (re)connect, so a missed push loses nothing. Used
 * for feedback, which may belong to no office (the city's), where the per-office log has no place.
 */
export type Push =
  | { to: 'feedback'; token: string; payload: FeedbackPublicView }
  | { to: 'staff'; officeId: number; payload: FeedbackChange };

type Draft = Published extends infer P ? (P extends Published ? Omit<P, 'id'> : never) : never;

// The log's two writes, built once (db/prepared.ts): the insert once per number of rows, up to
// ROWS_PER_INSERT (a call logs three events, a counter's change two).
const ROWS_PER_INSERT = 8;
const takeEventIds = prepared((db) =>
  db
    .insert(officeEventCounters)
    .values({ officeId: sql.placeholder('officeId'), lastEventId: sql.placeholder('n') })
    .onConflictDoUpdate({
      target: officeEventCounters.officeId,
      set: { lastEventId: sql`${officeEventCounters.lastEventId} + ${sql.placeholder('n')}` },
    })
    .returning({ last: officeEventCounters.lastEventId }),
);
const insertPublicEvents = preparedByShape((db, rows) =>
  db.insert(publicEvents).values(
    Array.from({ length: Number(rows) }, (_, i) => ({
      ...placeholders('id,officeId,kind,ticketToken,counterId,at', String(i)),
      // JSON text as is: the payload is never null (see tickets/store.ts jsonOrNull).
      payload: sql`${sql.placeholder(`payload${i}`)}`,
    })) as never,
  ),
);

export class Outbox {
  readonly events: Published[] = [];
  /** Offices whose waiting counts may have changed: their displays get a fresh snapshot. */
  readonly dirtyOffices = new Set<number>();
  private drafts: { at: number; draft: Draft; event: Published }[] = [];
  /** Sent after the commit, never logged (see Push). */
  readonly pushes: Push[] = [];

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

  push(p: Push): void {
    this.pushes.push(p);
  }

  queueChanged(officeId: number): void {
    this.dirtyOffices.add(officeId);
  }

  /**
   * Writes the recorded facts as the change's last statements. Event ids must reach every
   * reader in commit order (a display that has seen id N must never later find a smaller one of
   * its office): each office's ids come from its counter row (office_event_counters), updated
   * here and locked until the commit.
   */
  async flush(tx: Tx): Promise<void> {
    if (!this.drafts.length) return;
    const byOffice = new Map<number, typeof this.drafts>();
    for (const d of this.drafts) {
      const list = byOffice.get(d.draft.officeId);
      if (list) list.push(d);
      else byOffice.set(d.draft.officeId, [d]);
    }
    // Ascending office order, so two changes touching the same offices never wait on each other.
    for (const officeId of [...byOffice.keys()].sort((x, y) => x - y)) {
      const drafts = byOffice.get(officeId)!;
      // Takes the office's next ids and locks its counter row until this change commits: a later
      // change of the office waits here, so its ids are larger and it commits later.
      const counter = await takeEventIds(tx).get({ officeId, n: drafts.length });
      const first = counter!.last - drafts.length + 1;
      for (const [i, d] of drafts.entries()) d.event.id = first + i;
      // At most ROWS_PER_INSERT rows a statement: a day's end may log thousands (SQLite takes
      // 32,766 values a statement), and the prepared shapes stay few.
      for (let from = 0; from < drafts.length; from += ROWS_PER_INSERT) {
        const chunk = drafts.slice(from, from + ROWS_PER_INSERT);
        const row: Record<string, unknown> = {};
        for (const [i, { at, draft, event }] of chunk.entries()) {
          row[`id${i}`] = event.id;
          row[`officeId${i}`] = draft.officeId;
          row[`kind${i}`] = draft.kind;
          row[`ticketToken${i}`] = 'ticketToken' in draft ? draft.ticketToken : null;
          row[`counterId${i}`] =
            draft.kind === 'counter' ? draft.payload.id : draft.kind === 'call' ? draft.payload.counterId : null;
          row[`payload${i}`] = JSON.stringify(draft.payload);
          row[`at${i}`] = at;
        }
        await insertPublicEvents(tx, String(chunk.length)).run(row);
      }
    }
    this.drafts = [];
  }
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
  if (out.events.length || out.dirtyOffices.size || out.pushes.length) deps.notify.committed(out);
  return ok(value);
}
