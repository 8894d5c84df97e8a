// A live Socket.IO connection that never misses a call: it remembers the newest eventId it has
// seen, reconnects by itself with that id (the server replays what was missed, in order) and
// drops any event it has already seen. Exposes a reactive "connected" flag for the badge.

import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { createSignal } from 'solid-js';
import type { ClientAuth, ServerToClientEvents } from '../server/realtime/contract';

export type LiveSocket = Socket<ServerToClientEvents>;

export interface LiveOptions {
  auth: Omit<ClientAuth, 'lastEventId'>;
  /** The newest eventId the page already has (from GET .../calls), if any. */
  lastEventId?: number;
  handlers: { [K in keyof ServerToClientEvents]?: ServerToClientEvents[K] };
  /** Called after a reconnect that the server could not recover: refetch snapshots. */
  onResync?: () => void;
  /** Opens the socket: socket.io-client's `io`, a fake in tests. */
  connect?: (options: Partial<ManagerOptions & SocketOptions>) => LiveSocket;
}

/**
 * How many ids of each kind are remembered. A repeat comes soon after the first copy (a replay
 * overlapping what arrived live, or one event relayed by two server processes); a replay is at
 * most 500 events.
 */
export const REMEMBERED_IDS = 1000;

/** Says whether a key was seen among the latest `limit` ones, and remembers it. */
function createSeen(limit: number): (key: string | number) => boolean {
  const keys = new Set<string | number>();
  return (key) => {
    if (keys.has(key)) return true;
    keys.add(key);
    if (keys.size > limit) keys.delete(keys.values().next().value!);
    return false;
  };
}

export function createLive(options: LiveOptions) {
  const [connected, setConnected] = createSignal(false);
  let lastEventId = options.lastEventId;
  const connect = options.connect ?? io;

  const socket: LiveSocket = connect({
    auth: (cb) => cb({ ...options.auth, ...(lastEventId !== undefined ? { lastEventId } : {}) }),
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });

  let everConnected = false;
  socket.on('connect', () => {
    setConnected(true);
    if (everConnected && !socket.recovered) options.onResync?.();
    everConnected = true;
  });
  socket.on('disconnect', (reason) => {
    setConnected(false);
    // The server drops a staff socket whose user's role or office changed: connect again, and
    // the handshake gives the scope the user has now (or refuses a session that has ended).
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  });
  socket.on('connect_error', () => setConnected(false));

  // Every event but a queue snapshot is handled once: one already seen is dropped, by its id and
  // not by comparing it with the newest (events relayed by several server processes may arrive
  // out of order). Queue snapshots carry the high-water mark and are always applied.
  const once = <K extends Exclude<keyof ServerToClientEvents, 'queue' | 'feedback' | 'feedback:changed'>>(
    kind: K,
    key: (e: Parameters<ServerToClientEvents[K]>[0]) => string | number = (e) => e.eventId,
  ) => {
    const seen = createSeen(REMEMBERED_IDS);
    const on = socket.on.bind(socket) as (kind: K, fn: (e: Parameters<ServerToClientEvents[K]>[0]) => void) => void;
    on(kind, (e) => {
      if (seen(key(e))) return;
      // The newest id is what a reconnect asks the server to replay after.
      if (lastEventId === undefined || e.eventId > lastEventId) lastEventId = e.eventId;
      (options.handlers[kind] as ((e: Parameters<ServerToClientEvents[K]>[0]) => void) | undefined)?.(e);
    });
  };
  once('call');
  once('counter');
  once('feedback:answered');
  once('office:changed');
  // A phone's position updates (on connect, and when its line moves) are snapshots sent with the
  // newest id, which an earlier event or snapshot may already have carried: the same id with the
  // same content is the repeat.
  once('ticket', (e) => `${e.eventId}:${e.state}:${e.position}:${e.etaMinutes}:${e.counterNumber ?? ''}`);
  socket.on('queue', (e) => {
    options.handlers.queue?.(e);
  });
  socket.on('city:queue', (e) => {
    options.handlers['city:queue']?.(e);
  });
  // A dossier's page gets its whole view each time (a snapshot with the newest id): the page keeps the newest.
  socket.on('dossier', (e) => {
    if (lastEventId === undefined || e.eventId > lastEventId) lastEventId = e.eventId;
    options.handlers.dossier?.(e);
  });

  // Feedback pushes are not in the event log (server/events.ts Push): each carries the whole
  // item, or asks the inbox to read again, so every one is applied.
  socket.on('feedback', (e) => options.handlers.feedback?.(e));
  socket.on('feedback:changed', (e) => options.handlers['feedback:changed']?.(e));

  // A phone waking up: make sure we are connected and fresh.
  const onVisible = () => {
    if (document.visibilityState === 'visible') {
      if (!socket.connected) socket.connect();
      options.onResync?.();
    }
  };
  document.addEventListener('visibilitychange', onVisible);

  return {
    socket,
    connected,
    lastEventId: () => lastEventId,
    close() {
      document.removeEventListener('visibilitychange', onVisible);
      socket.close();
    },
  };
}
