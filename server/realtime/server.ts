// Socket.IO on the HTTP server: who a socket is (display, phone, staff), which rooms it joins,
// replay from the event log on reconnect, and the fan-out of committed events. Queue snapshots
// are coalesced per office (at most one per QUEUE_INTERVAL_MS); calls are sent as they commit.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Db } from '../../db/client';
import { queueSnapshot } from '../estimates/store';
import type { Notifier, Published } from '../events';
import { SESSION_COOKIE } from '../http';
import { getOffice } from '../offices/store';
import { mayAccess } from '../staff/scope';
import { sessionUser } from '../staff/store';
import { getTicketByToken, ticketView } from '../tickets/store';
import type { Clock } from '../time';
import type { ClientAuth, ClientToServerEvents, ServerToClientEvents, SocketData } from './contract';
import { eventsSince, latestEventId } from './log';

export const QUEUE_INTERVAL_MS = 250;
export const STAFF_RECHECK_MS = 15_000;

export type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const officeRoom = (id: number) => `office:${id}`;
const staffRoom = (id: number) => `staff:${id}`;
const ticketRoom = (token: string) => `ticket:${token}`;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * A page of another site may open a WebSocket to this server, and the browser sends it our
 * cookies: a session cookie only makes a socket staff when the handshake comes from one of this
 * server's own pages (no Origin, as from a same-origin poll or a non-browser client, or an
 * Origin naming this host or the public URL's).
 */
function fromOwnPage(headers: { origin?: string; host?: string }, publicUrl?: string): boolean {
  if (!headers.origin) return true;
  let origin: string;
  try {
    origin = new URL(headers.origin).host;
  } catch {
    return false;
  }
  const own = [headers.host, publicUrl ? new URL(publicUrl).host : undefined];
  return own.includes(origin);
}

export function createRealtime(deps: { db: Db; clock: Clock; publicUrl?: string }) {
  const { db, clock } = deps;
  let io: Io | null = null;
  /** Tokens of phones connected per office, with how many sockets each: positions to refresh. */
  const phones = new Map<number, Map<string, number>>();
  const lastFlush = new Map<number, number>();
  const timers = new Map<number, NodeJS.Timeout>();
  /** Staff socket id -> its session cookie (memory only), to drop sockets whose session ended. */
  const staffSessions = new Map<string, string>();

  function emit(e: Published): void {
    if (!io) return;
    if (e.kind === 'call') io.to([officeRoom(e.officeId), staffRoom(e.officeId)]).emit('call', { ...e.payload, eventId: e.id });
    else if (e.kind === 'ticket') io.to(ticketRoom(e.ticketToken)).emit('ticket', { ...e.payload, eventId: e.id });
    else if (e.kind === 'counter') io.to(staffRoom(e.officeId)).emit('counter', { ...e.payload, eventId: e.id });
    else if (e.kind === 'feedback') io.to(ticketRoom(e.ticketToken)).emit('feedback:answered', { ...e.payload, eventId: e.id });
    else io.to([officeRoom(e.officeId), staffRoom(e.officeId)]).emit('office:changed', { ...e.payload, eventId: e.id });
  }

  async function flush(officeId: number): Promise<void> {
    timers.delete(officeId);
    lastFlush.set(officeId, performance.now());
    if (!io) return;
    const now = clock.now();
    const eventId = await latestEventId(db, officeId);
    io.to([officeRoom(officeId), staffRoom(officeId)]).emit('queue', { ...await queueSnapshot(db, officeId, now), eventId });
    // Waiting phones move up when anyone ahead is called: refresh only the phones connected now.
    for (const token of phones.get(officeId)?.keys() ?? []) {
      const t = await getTicketByToken(db, token);
      if (t?.state === 'waiting') io.to(ticketRoom(token)).emit('ticket', { ...await ticketView(db, t, now), eventId });
    }
  }

  function queueChanged(officeId: number): void {
    if (timers.has(officeId)) return;
    const since = performance.now() - (lastFlush.get(officeId) ?? -Infinity);
    const delay = Math.max(0, QUEUE_INTERVAL_MS - since);
    const timer = setTimeout(() => flush(officeId), delay);
    timer.unref?.();
    timers.set(officeId, timer);
  }

  const notifier: Notifier = {
    committed(out) {
      for (const e of out.events) emit(e);
      for (const officeId of out.dirtyOffices) queueChanged(officeId);
    },
  };

  function attach(httpServer: HttpServer): Io {
    io = new Server(httpServer, {
      serveClient: false,
      // A recovered socket goes through the middleware again: a session ended meanwhile does not
      // come back as staff.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      pingInterval: 20_000,
      pingTimeout: 20_000,
    });

    io.use(async (socket, next) => {
      const auth = (socket.handshake.auth ?? {}) as ClientAuth;
      const session = fromOwnPage(socket.handshake.headers, deps.publicUrl)
        ? cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE)
        : undefined;
      const user = session ? await sessionUser(db, session, clock.now()) : null;
      const requestedOffice = Number(auth.officeId);
      if (user && !auth.ticketToken) {
        // The office asked for, else the staff member's own: an admin or city leader of every
        // office names the one to watch.
        const officeId = Number.isInteger(requestedOffice) && requestedOffice > 0 ? requestedOffice : user.officeId;
        if (officeId === null) return next(new Error('OFFICE_REQUIRED'));
        if (!mayAccess(user, officeId, 'read')) return next(new Error('FORBIDDEN'));
        if (!await getOffice(db, officeId)) return next(new Error('OFFICE_NOT_FOUND'));
        socket.data = { kind: 'staff', officeId, staffId: user.id };
        staffSessions.set(socket.id, session!);
        return next();
      }
      if (typeof auth.ticketToken === 'string') {
        const t = await getTicketByToken(db, auth.ticketToken);
        if (!t) return next(new Error('TICKET_NOT_FOUND'));
        socket.data = { kind: 'phone', officeId: t.officeId, ticketToken: t.token };
        return next();
      }
      if (Number.isInteger(requestedOffice) && await getOffice(db, requestedOffice)) {
        socket.data = { kind: 'display', officeId: requestedOffice };
        return next();
      }
      return next(new Error('OFFICE_NOT_FOUND'));
    });

    io.on('connection', async (socket) => {
      const { kind, officeId, ticketToken } = socket.data;
      const auth = (socket.handshake.auth ?? {}) as ClientAuth;
      // Replay, join and snapshot run in one synchronous block: no commit can interleave (commits
      // and their emits are synchronous too), so nothing is missed and nothing is sent twice.
      if (!socket.recovered) {
        const last = Number(auth.lastEventId);
        if (auth.lastEventId !== undefined && auth.lastEventId !== null && Number.isInteger(last) && last >= 0) {
          for (const m of await eventsSince(db, { officeId, lastEventId: last, ticketToken, staff: kind === 'staff' })) {
            // The log's kind names the event, except the answer's (a fact: 'feedback:answered').
            socket.emit((m.kind === 'feedback' ? 'feedback:answered' : m.kind) as 'call', m.event as never);
          }
        }
        socket.join(kind === 'staff' ? staffRoom(officeId) : officeRoom(officeId));
        if (ticketToken) socket.join(ticketRoom(ticketToken));
        const now = clock.now();
        const eventId = await latestEventId(db, officeId);
        socket.emit('queue', { ...await queueSnapshot(db, officeId, now), eventId });
        if (ticketToken) {
          const t = await getTicketByToken(db, ticketToken);
          if (t) socket.emit('ticket', { ...await ticketView(db, t, now), eventId });
        }
      }
      if (ticketToken) {
        const tokens = phones.get(officeId) ?? new Map<string, number>();
        tokens.set(ticketToken, (tokens.get(ticketToken) ?? 0) + 1);
        phones.set(officeId, tokens);
        socket.on('disconnect', () => {
          const n = (tokens.get(ticketToken) ?? 1) - 1;
          if (n <= 0) tokens.delete(ticketToken);
          else tokens.set(ticketToken, n);
        });
      }
    });
    return io;
  }

  /**
   * Staff sockets whose session has ended (logout, expiry, an admin disabling the account) are
   * disconnected: checked every STAFF_RECHECK_MS, bounded by the few staff sockets there are.
   */
  async function revalidateStaff(): Promise<number> {
    let dropped = 0;
    for (const [socketId, session] of staffSessions) {
      const socket = io?.sockets.sockets.get(socketId);
      if (!socket) {
        staffSessions.delete(socketId);
        continue;
      }
      if (!await sessionUser(db, session, clock.now())) {
        staffSessions.delete(socketId);
        socket.disconnect(true);
        dropped++;
      }
    }
    return dropped;
  }
  const recheck = setInterval(revalidateStaff, STAFF_RECHECK_MS);
  recheck.unref?.();

  async function close(): Promise<void> {
    clearInterval(recheck);
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    if (io) await new Promise<void>((resolve) => io!.close(() => resolve()));
    io = null;
  }

  return {
    notifier,
    attach,
    close,
    revalidateStaff,
    get io() {
      return io;
    },
  };
}
