// The write side of realtime: facts are appended to the public event log inside the change's
// transaction (collected in an Outbox) and handed to the notifier only after the commit.

import { type Db, immediate, type Tx } from '../db/client';
import { publicEvents } from '../db/schema';
import { ok, Rejection, type Result } from './errors';
import type { CallEvent, CounterView, TicketView } from './realtime/contract';
import type { Clock } from './time';

export type Published =
  | { id: number; officeId: number; kind: 'call'; ticketToken: string; payload: Omit<CallEvent, 'eventId'> }
  | { id: number; officeId: number; kind: 'ticket'; ticketToken: string; payload: TicketView }
  | { id: number; officeId: number; kind: 'counter'; payload: CounterView }
  | { id: number; officeId: number; kind: 'office'; payload: { officeId: number } };

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
