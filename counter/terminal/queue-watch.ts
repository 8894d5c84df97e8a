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
