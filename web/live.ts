// A live Socket.IO connection that never misses a call: it remembers the newest eventId it has
// seen, reconnects by itself with that id (the server replays what was missed, in order) and
// drops anything it has already seen. Exposes a reactive "connected" flag for the badge.

import { io, type Socket } from 'socket.io-client';
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
}

export function createLive(options: LiveOptions) {
  const [connected, setConnected] = createSignal(false);
  let lastEventId = options.lastEventId;
  // Calls and ticket events must be seen once each; queue snapshots carry the high-water mark
  // and are always applied.
  const seen = (id: number) => lastEventId !== undefined && id <= lastEventId;

  const socket: LiveSocket = io({
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
  socket.on('disconnect', () => setConnected(false));
  socket.on('connect_error', () => setConnected(false));

  socket.on('call', (e) => {
    if (seen(e.eventId)) return;
    lastEventId = e.eventId;
    options.handlers.call?.(e);
  });
  socket.on('ticket', (e) => {
    if (lastEventId === undefined || e.eventId > lastEventId) lastEventId = e.eventId;
    options.handlers.ticket?.(e);
  });
  socket.on('counter', (e) => {
    if (lastEventId === undefined || e.eventId > lastEventId) lastEventId = e.eventId;
    options.handlers.counter?.(e);
  });
  socket.on('queue', (e) => {
    options.handlers.queue?.(e);
  });
  socket.on('feedback:answered', (e) => {
    if (seen(e.eventId)) return;
    lastEventId = e.eventId;
    options.handlers['feedback:answered']?.(e);
  });

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
