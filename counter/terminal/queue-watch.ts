// Which `queue` snapshots concern a counter terminal. Its waiting list changes only when a line it
// calls from changes: a waiting count (or estimate) of one of its services, or of the service of
// a ticket sent to it. Refetching the counter's state on every snapshot of the office made six
// terminals read the whole office's changes six times over.
import type { QueueEvent } from '../../server/realtime/contract';

/** The snapshot's entries for these services, as a key that changes when one of them does. */
export function queueKey(entries: QueueEvent['services'], serviceIds: Iterable<number>): string {
  const byId = new Map(entries.map((s) => [s.serviceId, s]));
  return [...new Set(serviceIds)]
    .sort((a, b) => a - b)
    .map((id) => {
      const s = byId.get(id);
      return s ? `${id}:${s.waiting}:${s.etaMinutes}` : `${id}:-`;
    })
    .join(' ');
}

/** The services a counter's list depends on: its own, and those of the tickets sent to it. */
export function watchedServices(state: { counter: { serviceIds: number[] }; waiting: { serviceId: number }[] }): number[] {
  return [...state.counter.serviceIds, ...state.waiting.map((t) => t.serviceId)];
}

/**
 * One terminal's watch over the snapshots. Counts alone can hide a change: a ticket called
 * elsewhere and one joining the same line within one snapshot leave them as they were. Waiting
 * tickets leave a line by being called (or when the day closes, which empties it), and every call
 * is a `call` event naming the ticket's service, so a call from a listed line marks the next
 * snapshot as a change.
 */
export function createQueueWatch() {
  let seen: string | null = null;
  let left = false;
  return {
    /** A `queue` snapshot arrived: does the list (built on `watched`, null before the first
     * read) need a refetch? */
    snapshot(entries: QueueEvent['services'], watched: number[] | null): boolean {
      const key = watched ? queueKey(entries, watched) : null;
      const changed = key === null || key !== seen || left;
      seen = key;
      left = false;
      return changed;
    },
    /** Another counter called a ticket of `serviceId` (a recall moves nothing). */
    called(serviceId: number, watched: number[] | null, recall: boolean): void {
      if (!recall && watched?.includes(serviceId)) left = true;
    },
    /** After a reconnection nothing is known: the next snapshot refetches. */
    reset(): void {
      seen = null;
    },
  };
}
