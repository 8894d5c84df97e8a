// Socket.IO on the HTTP server: who a socket is (display, phone, staff), which rooms it joins,
// replay from the event log on reconnect, and the fan-out of committed events. Queue snapshots
// are coalesced per office (at most one per QUEUE_INTERVAL_MS, city-wide with Redis); calls are
// sent as they commit.
//
// In a city (REDIS_URL) every process hears every other's committed events (Socket.IO's Redis
// adapter, serverSideEmit) and delivers them to its own sockets in each office's id order: ids
// of an office follow commit order (server/events.ts), so when event N+2 arrives before N+1,
// N+1 is already committed and is read from the log first. A socket is welcomed (replay, rooms,
// snapshot) in the same per-office turn as deliveries, so it misses nothing and gets nothing
// twice.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Db } from '../../db/client';
import { dossierByToken, publicView } from '../dossiers/store';
import { refreshForecast } from '../estimates/forecasts';
import { queueSnapshot } from '../estimates/store';
import type { Notifier, Published, Push } from '../events';
import { feedbackByToken, publicView as feedbackPublicView } from '../feedback/store';
import { SESSION_COOKIE } from '../http';
import { getOffice } from '../offices/store';
import type { Redis } from '../redis';
import { mayAccess } from '../staff/scope';
import { sessionUser } from '../staff/store';
import { getTicketByToken, ticketView } from '../tickets/store';
import type { Clock } from '../time';
import type { ClientAuth, ClientToServerEvents, ServerToClientEvents, SocketData } from './contract';
import { eventsSince, latestEventId, officeEventsAfter } from './log';

export const QUEUE_INTERVAL_MS = 250;
/** The room of the /city pages' sockets. */
const CITY_ROOM = 'city';
export const STAFF_RECHECK_MS = 15_000;
const MAX_ID = 2 ** 31 - 1;

export type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const officeRoom = (id: number) => `office:${id}`;
const staffRoom = (id: number) => `staff:${id}`;
const ticketRoom = (token: string) => `ticket:${token}`;
const dossierRoom = (token: string) => `dossier:${token}`;
const feedbackRoom = (token: string) => `feedback:${token}`;

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

export function createRealtime(deps: { db: Db; clock: Clock; publicUrl?: string; redis?: Redis }) {
  const { db, clock, redis } = deps;
  let io: Io | null = null;
  /** Redis connections of the adapter (a subscriber cannot run other commands). */
  const adapterClients: Redis[] = [];
  /** Per office: the highest event id delivered to this process's sockets, and its turn. */
  const offices = new Map<number, { delivered: number; turn: Promise<void> }>();
  /** Tokens of phones connected per office, with how many sockets each: positions to refresh. */
  const phones = new Map<number, Map<string, number>>();
  const lastFlush = new Map<number, number>();
  const timers = new Map<number, NodeJS.Timeout>();
  // Per office: the last snapshot flush started, and the latest one whose snapshot was sent. A
  // flush that took longer than the interval (a slow forecast, a busy database) must not send
  // its older counts after a later flush sent newer ones.
  const flushesStarted = new Map<number, number>();
  const flushSent = new Map<number, number>();
  /**
   * Each connected staff socket's session cookie (memory only), and the role and office its user
   * had when it connected: to drop sockets whose session ended. Kept from the handshake
   * (`pendingStaff`, gone with a socket that never connects) to the socket's disconnect.
   */
  type StaffSession = { session: string; role: string; officeId: number | null };
  const staffSessions = new Map<string, StaffSession>();
  const pendingStaff = new WeakMap<object, StaffSession>();
  /** Sockets whose welcome (below) has not finished yet. */
  let welcoming = 0;

  /** Sends one event to this process's sockets that may see it. */
  function send(e: Published): void {
    if (!io) return;
    const local = io.local;
    if (e.kind === 'call')
      local.to([officeRoom(e.officeId), staffRoom(e.officeId)]).emit('call', { ...e.payload, eventId: e.id });
    else if (e.kind === 'ticket') local.to(ticketRoom(e.ticketToken)).emit('ticket', { ...e.payload, eventId: e.id });
    else if (e.kind === 'counter') local.to(staffRoom(e.officeId)).emit('counter', { ...e.payload, eventId: e.id });
    else if (e.kind === 'feedback')
      local.to(ticketRoom(e.ticketToken)).emit('feedback:answered', { ...e.payload, eventId: e.id });
    else if (e.kind === 'dossier') local.to(dossierRoom(e.ticketToken)).emit('dossier', { ...e.payload, eventId: e.id });
    else if (e.kind === 'dossier:changed')
      local.to(staffRoom(e.officeId)).emit('dossier:changed', { ...e.payload, eventId: e.id });
    else local.to([officeRoom(e.officeId), staffRoom(e.officeId)]).emit('office:changed', { ...e.payload, eventId: e.id });
  }

  function stateOf(officeId: number) {
    let state = offices.get(officeId);
    if (!state) {
      state = { delivered: -1, turn: Promise.resolve() };
      offices.set(officeId, state);
    }
    return state;
  }

  /** Runs fn after the office's earlier deliveries and welcomes, one at a time. */
  function inTurn(officeId: number, fn: (state: { delivered: number }) => Promise<void>): Promise<void> {
    const state = stateOf(officeId);
    const run = state.turn.then(() => fn(state));
    state.turn = run.catch((e) => console.error(JSON.stringify({ t: new Date().toISOString(), realtime: String(e) })));
    return run;
  }

  /** Delivers the office's events up to `upTo` that this process has not delivered yet, from the log. */
  async function catchUp(officeId: number, state: { delivered: number }, upTo: number): Promise<void> {
    while (state.delivered < upTo) {
      const missed = await officeEventsAfter(db, officeId, state.delivered, upTo);
      if (!missed.length) break;
      for (const m of missed) send(m);
      state.delivered = missed.at(-1)!.id;
    }
    state.delivered = Math.max(state.delivered, upTo);
  }

  /** Committed events, from this process or another: delivered in each office's id order, once. */
  function receive(events: Published[]): void {
    const byOffice = new Map<number, Published[]>();
    for (const e of events) {
      const list = byOffice.get(e.officeId);
      if (list) list.push(e);
      else byOffice.set(e.officeId, [e]);
    }
    for (const [officeId, list] of byOffice) {
      void inTurn(officeId, async (state) => {
        for (const e of list.sort((a, b) => a.id - b.id)) {
          // Nobody of this office was welcomed here yet: nothing to keep in order.
          if (state.delivered < 0) state.delivered = e.id - 1;
          if (e.id <= state.delivered) continue;
          if (e.id > state.delivered + 1) await catchUp(officeId, state, e.id - 1);
          send(e);
          state.delivered = e.id;
        }
      });
    }
  }

  async function flush(officeId: number): Promise<void> {
    timers.delete(officeId);
    lastFlush.set(officeId, performance.now());
    if (!io) return;
    if (redis) {
      // One snapshot per office per interval for the whole city: the process that takes the
      // slot sends it to every process's sockets; one that finds it taken tries again after it,
      // so the last change is always shown.
      const slot = await redis.set(`reception:queue-slot:${officeId}`, String(process.pid), { NX: true, PX: QUEUE_INTERVAL_MS });
      if (slot !== 'OK') {
        queueChanged(officeId);
        return;
      }
    }
    const now = clock.now();
    // The estimate's forecast follows the queue: remade here (at most once every two seconds per office),
    // so the snapshot, the phones and the next slips show it.
    await refreshForecast(db, officeId, now).catch((e) =>
      console.error(JSON.stringify({ t: new Date().toISOString(), realtime: 'forecast', error: String(e) })),
    );
    const turn = (flushesStarted.get(officeId) ?? 0) + 1;
    flushesStarted.set(officeId, turn);
    const eventId = await latestEventId(db, officeId);
    const snapshot = await queueSnapshot(db, officeId, now);
    if ((flushSent.get(officeId) ?? 0) > turn) return; // a later flush already sent fresher counts
    flushSent.set(officeId, turn);
    io.to([officeRoom(officeId), staffRoom(officeId)]).emit('queue', { ...snapshot, eventId });
    io.to(CITY_ROOM).emit('city:queue', { ...snapshot, eventId, officeId });
    if (redis) io.serverSideEmit('phones', officeId);
    await refreshPhones(officeId, eventId);
  }

  /** Waiting phones move up when anyone ahead is called: refresh the phones connected here. */
  async function refreshPhones(officeId: number, eventId: number): Promise<void> {
    if (!io) return;
    const now = clock.now();
    for (const token of phones.get(officeId)?.keys() ?? []) {
      const t = await getTicketByToken(db, token);
      if (t?.state === 'waiting') io.local.to(ticketRoom(token)).emit('ticket', { ...(await ticketView(db, t, now)), eventId });
    }
  }

  function queueChanged(officeId: number): void {
    if (timers.has(officeId)) return;
    const since = performance.now() - (lastFlush.get(officeId) ?? -Infinity);
    const delay = Math.max(0, QUEUE_INTERVAL_MS - since);
    const timer = setTimeout(() => {
      flush(officeId).catch((e) =>
        console.error(JSON.stringify({ t: new Date().toISOString(), realtime: 'queue', error: String(e) })),
      );
    }, delay);
    timer.unref?.();
    timers.set(officeId, timer);
  }

  /** Pushes without a log entry (events.ts Push): through the adapter, so every process's sockets get them. */
  function sendPush(p: Push): void {
    if (!io) return;
    if (p.to === 'feedback') io.to(feedbackRoom(p.token)).emit('feedback', p.payload);
    else io.to(staffRoom(p.officeId)).emit('feedback:changed', p.payload);
  }

  const notifier: Notifier = {
    committed(out) {
      for (const p of out.pushes) sendPush(p);
      if (out.events.length) {
        if (redis && io) io.serverSideEmit('events', out.events);
        receive(out.events);
      }
      for (const officeId of out.dirtyOffices) queueChanged(officeId);
    },
  };

  async function attach(httpServer: HttpServer): Promise<Io> {
    io = new Server(httpServer, {
      serveClient: false,
      // No connection state recovery: a client that reconnects says the last event id it saw
      // and is replayed from the log, then welcomed with fresh snapshots (web/live.ts), on one
      // process as in a city. Recovery kept every packet sent in the last minutes (each socket's
      // own welcome included) and each departed socket's session, for 2 to 3 minutes: memory
      // that grew with the traffic and with a day's phones coming and going (bench scenario 4).
      pingInterval: 20_000,
      pingTimeout: 20_000,
    });
    if (redis) {
      // Loaded only in a city process (with its Redis client library).
      const { createAdapter } = await import('@socket.io/redis-adapter');
      const pub = redis.duplicate();
      const sub = redis.duplicate();
      for (const c of [pub, sub]) c.on('error', () => {});
      await Promise.all([pub.connect(), sub.connect()]);
      adapterClients.push(pub, sub);
      io.adapter(createAdapter(pub, sub, { key: 'reception' }));
      io.on('events' as never, (events: Published[]) => receive(events));
      io.on('phones' as never, (officeId: number) => {
        void latestEventId(db, officeId).then((eventId) => refreshPhones(officeId, eventId));
      });
    }

    io.use((socket, next) => {
      // A database error (or garbage no check foresaw) refuses the socket; it never escapes.
      identify(socket).then(next, (e) => {
        console.error(JSON.stringify({ t: new Date().toISOString(), realtime: 'handshake', error: String(e) }));
        next(new Error('UNAVAILABLE'));
      });
    });

    async function identify(socket: Parameters<Parameters<Io['use']>[0]>[0]): Promise<Error | undefined> {
      const next = (e?: Error) => e;
      const auth = (socket.handshake.auth ?? {}) as ClientAuth;
      const session = fromOwnPage(socket.handshake.headers, deps.publicUrl)
        ? cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE)
        : undefined;
      const user = session ? await sessionUser(db, session, clock.now()) : null;
      // Ids are 32-bit in the database: anything else names no office.
      const requested = Number(auth.officeId);
      const requestedOffice = Number.isInteger(requested) && requested > 0 && requested <= MAX_ID ? requested : Number.NaN;
      if (user && !auth.ticketToken) {
        // The office asked for, else the staff member's own: an admin or city leader of every
        // office names the one to watch.
        const officeId = Number.isInteger(requestedOffice) && requestedOffice > 0 ? requestedOffice : user.officeId;
        if (officeId === null) return next(new Error('OFFICE_REQUIRED'));
        if (!mayAccess(user, officeId, 'read')) return next(new Error('FORBIDDEN'));
        if (!(await getOffice(db, officeId))) return next(new Error('OFFICE_NOT_FOUND'));
        socket.data = { kind: 'staff', officeId, staffId: user.id };
        pendingStaff.set(socket, { session: session!, role: user.role, officeId: user.officeId });
        return next();
      }
      if (auth.city === true) {
        socket.data = { kind: 'city', officeId: 0 };
        return next();
      }
      if (typeof auth.dossierToken === 'string') {
        const d = await dossierByToken(db, auth.dossierToken);
        if (!d) return next(new Error('DOSSIER_NOT_FOUND'));
        socket.data = { kind: 'dossier', officeId: d.officeId, dossierToken: d.token };
        return next();
      }
      if (typeof auth.feedbackToken === 'string') {
        const f = await feedbackByToken(db, auth.feedbackToken);
        if (!f) return next(new Error('FEEDBACK_NOT_FOUND'));
        socket.data = { kind: 'feedback', officeId: f.officeId ?? 0, feedbackToken: f.token! };
        return next();
      }
      if (typeof auth.ticketToken === 'string') {
        const t = await getTicketByToken(db, auth.ticketToken);
        if (!t) return next(new Error('TICKET_NOT_FOUND'));
        socket.data = { kind: 'phone', officeId: t.officeId, ticketToken: t.token };
        return next();
      }
      if (Number.isInteger(requestedOffice) && (await getOffice(db, requestedOffice))) {
        socket.data = { kind: 'display', officeId: requestedOffice };
        return next();
      }
      return next(new Error('OFFICE_NOT_FOUND'));
    }

    io.on('connection', (socket) => {
      welcoming++;
      welcome(socket)
        .catch((e) => console.error(JSON.stringify({ t: new Date().toISOString(), realtime: 'welcome', error: String(e) })))
        .finally(() => welcoming--);
    });
    return io;
  }

  /** A socket just connected: its bookkeeping, its rooms, and what it must see first. */
  async function welcome(socket: IoSocket): Promise<void> {
    const { kind, officeId, ticketToken } = socket.data;
    const auth = (socket.handshake.auth ?? {}) as ClientAuth;
    // The upgrade request (its headers, raw headers and parser state) is held by engine.io
    // for the connection's life; everything we read from it was read by the handshake.
    (socket.conn as { request: unknown }).request = null;
    // Bookkeeping first, its release on disconnect with it: a socket that leaves while it is
    // being welcomed below must not stay counted.
    const staff = pendingStaff.get(socket);
    if (staff) {
      pendingStaff.delete(socket);
      staffSessions.set(socket.id, staff);
      socket.once('disconnect', () => staffSessions.delete(socket.id));
    }
    if (ticketToken) following(socket, officeId, ticketToken);
    // The city page gets each centre's coalesced snapshots from now on; it fetched the rest.
    if (kind === 'city') {
      socket.join(CITY_ROOM);
      return;
    }
    // A resident's dossier page: its room first, then how the dossier is now (with the office's
    // newest event id: a pushed event with an id not above it is older than this view).
    // The sender's feedback page: its room, then how the item is now.
    if (kind === 'feedback') {
      const token = socket.data.feedbackToken!;
      socket.join(feedbackRoom(token));
      const f = await feedbackByToken(db, token);
      if (f) socket.emit('feedback', await feedbackPublicView(db, f, clock.now()));
      return;
    }
    if (kind === 'dossier') {
      const token = socket.data.dossierToken!;
      socket.join(dossierRoom(token));
      const [eventId, d] = await Promise.all([latestEventId(db, officeId), dossierByToken(db, token)]);
      if (d) socket.emit('dossier', { ...(await publicView(db, d, clock.now())), eventId });
      return;
    }
    const last = Number(auth.lastEventId);
    const replayFrom =
      auth.lastEventId !== undefined && auth.lastEventId !== null && Number.isInteger(last) && last >= 0
        ? Math.min(last, MAX_ID)
        : null;
    // The snapshot is read before the office's turn, so the turn itself is short (deliveries
    // wait behind it); a change committed meanwhile brings a fresh snapshot within 250 ms.
    const now = clock.now();
    const [eventId, snapshot, ticket] = await Promise.all([
      latestEventId(db, officeId),
      queueSnapshot(db, officeId, now),
      ticketToken ? getTicketByToken(db, ticketToken).then((t) => (t ? ticketView(db, t, now) : null)) : null,
    ]);
    await inTurn(officeId, async (state) => {
      // The snapshot may already hold events this process has not delivered yet (committed
      // just before the read, still on their way here): they go out to the office's sockets
      // first, so the new one, in its room only after them, does not hear them a second time.
      if (state.delivered < 0) state.delivered = eventId;
      else if (state.delivered < eventId) await catchUp(officeId, state, eventId);
      // A socket that names no last event starts from the snapshot read above: what this process
      // delivered after that read went out before the socket was in its room, so it is replayed
      // too (a display opened at the moment of a call would otherwise never hear it).
      const from = replayFrom ?? (state.delivered > eventId ? eventId : null);
      if (from !== null) {
        // Bring this process's sockets of the office up to the log first, so the replay
        // below and the live events after it meet exactly.
        const latest = await latestEventId(db, officeId);
        if (latest > state.delivered) await catchUp(officeId, state, latest);
        for (const m of await eventsSince(db, { officeId, lastEventId: from, ticketToken, staff: kind === 'staff' })) {
          if (m.event.eventId > state.delivered) break;
          // The log's kind names the event, except the answer's (a fact: 'feedback:answered').
          socket.emit((m.kind === 'feedback' ? 'feedback:answered' : m.kind) as 'call', m.event as never);
        }
      }
      // Gone while its welcome was being read: nobody to send it to.
      if (!socket.connected) return;
      socket.join(kind === 'staff' ? staffRoom(officeId) : officeRoom(officeId));
      if (ticketToken) socket.join(ticketRoom(ticketToken));
      socket.emit('queue', { ...snapshot, eventId });
      if (ticket) socket.emit('ticket', { ...ticket, eventId });
    }).catch((e) => {
      console.error(JSON.stringify({ t: new Date().toISOString(), realtime: 'welcome', error: String(e) }));
      socket.disconnect(true);
    });
  }

  /** Counts a phone's socket on its ticket until it disconnects (refreshPhones follows these). */
  function following(socket: IoSocket, officeId: number, token: string): void {
    const tokens = phones.get(officeId) ?? new Map<string, number>();
    tokens.set(token, (tokens.get(token) ?? 0) + 1);
    phones.set(officeId, tokens);
    socket.once('disconnect', () => {
      const n = (tokens.get(token) ?? 1) - 1;
      if (n > 0) tokens.set(token, n);
      else {
        tokens.delete(token);
        if (!tokens.size && phones.get(officeId) === tokens) phones.delete(officeId);
      }
    });
  }

  /**
   * Staff sockets whose session has ended (logout, expiry, an admin disabling the account), or
   * whose user an admin has since given another role or office, are disconnected: checked every
   * STAFF_RECHECK_MS, bounded by the few staff sockets there are. A moved user's page connects
   * again (web/live.ts) and the handshake gives it the scope the user has now.
   */
  async function revalidateStaff(): Promise<number> {
    let dropped = 0;
    for (const [socketId, was] of staffSessions) {
      const socket = io?.sockets.sockets.get(socketId);
      if (!socket) {
        staffSessions.delete(socketId);
        continue;
      }
      const user = await sessionUser(db, was.session, clock.now());
      if (!user || user.role !== was.role || user.officeId !== was.officeId) {
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
    for (const c of adapterClients.splice(0)) await c.quit().catch(() => {});
  }

  /**
   * What this process holds per connected socket: Socket.IO's sockets and rooms (a socket's own
   * room included), the phones followed, the staff sessions and the welcomes under way. All
   * zero once every socket has left (tests/core/realtime-memory.test.ts).
   */
  function held() {
    // Connection state recovery's stores (off here; they would be there if it were on).
    const adapter = io?.of('/').adapter as
      | (Io['sockets']['adapter'] & { sessions?: Map<string, unknown>; packets?: unknown[] })
      | undefined;
    let followed = 0;
    for (const tokens of phones.values()) followed += tokens.size;
    return {
      sockets: io?.of('/').sockets.size ?? 0,
      rooms: adapter?.rooms.size ?? 0,
      socketsInRooms: adapter?.sids.size ?? 0,
      phoneOffices: phones.size,
      phones: followed,
      staffSessions: staffSessions.size,
      welcoming,
      recoverySessions: adapter?.sessions?.size ?? 0,
      recoveryPackets: adapter?.packets?.length ?? 0,
    };
  }

  return {
    notifier,
    attach,
    close,
    revalidateStaff,
    held,
    get io() {
      return io;
    },
  };
}
