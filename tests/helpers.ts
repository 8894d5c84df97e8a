// Shared test fixtures: a real SQLite database with the real migrations and the demo seed, a
// controllable clock, the app over app.request, a real server on port 0 and a staff client.

import { io, type Socket } from 'socket.io-client';
import { afterAll } from 'vitest';
import { type Db, openDb } from '../db/client';
import { createApp } from '../server/app';
import { type Config, testConfig } from '../server/config';
import type { Notifier, Outbox, Published } from '../server/events';
import type { ClientAuth, ServerToClientEvents } from '../server/realtime/contract';
import { seed } from '../server/seed';
import { type RunningServer, startServer } from '../server/server';
import { LoginThrottle } from '../server/staff/throttle';
import { zonedTime } from '../server/time';

export const ADMIN_PASSWORD = 'admin-password-1';
export const STAFF_PASSWORD = 'staff-password-1';

/** A clock the test moves by hand. Defaults to a Monday 09:00 in Ha Noi. */
export class TestClock {
  constructor(public t = zonedTime('2026-11-30', 9 * 60, 'Asia/Ho_Chi_Minh')) {}
  now = () => this.t;
  set(instant: number) {
    this.t = instant;
  }
  advance(ms: number) {
    this.t += ms;
  }
  advanceMinutes(m: number) {
    this.t += m * 60_000;
  }
}

/** Records what was committed, for tests that check the outbox without sockets. */
export class RecordingNotifier implements Notifier {
  events: Published[] = [];
  dirty: number[] = [];
  committed(out: Outbox) {
    this.events.push(...out.events);
    this.dirty.push(...out.dirtyOffices);
  }
}

export interface Fixture {
  db: Db;
  clock: TestClock;
  notify: RecordingNotifier;
  officeId: number;
  deps: { db: Db; clock: TestClock; notify: RecordingNotifier };
}

export async function seededDb(path = ':memory:'): Promise<Fixture> {
  const db = openDb(path);
  const clock = new TestClock();
  const { officeId } = await seed(db, { adminPassword: ADMIN_PASSWORD, staffPassword: STAFF_PASSWORD, now: clock.now() });
  const notify = new RecordingNotifier();
  return { db, clock, notify, officeId, deps: { db, clock, notify } };
}

/** The Hono app over app.request (no port): for most API tests. */
export async function testApp() {
  const f = await seededDb();
  const app = createApp({ ...f.deps, config: testConfig(), throttle: new LoginThrottle() });
  return { ...f, app, client: new TestClient((path, init) => app.request(path, init), 'http://localhost') };
}

/** A real server on port 0 with Socket.IO: for realtime and end-to-end tests. */
export async function testServer(options: { distDir?: string; dbPath?: string; config?: Partial<Config> } = {}) {
  const f = await seededDb(options.dbPath);
  const server = await startServer({
    db: f.db,
    config: testConfig(options.config),
    clock: f.clock,
    port: 0,
    host: '127.0.0.1',
    jobsIntervalMs: 0,
    distDir: options.distDir,
  });
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });
  return {
    ...f,
    server,
    url: server.url,
    client: new TestClient((path, init) => fetch(server.url + path, init), server.url),
    socket(auth: ClientAuth, extra: { cookie?: string } = {}): Socket<ServerToClientEvents> {
      const s = io(server.url, {
        auth: auth as Record<string, unknown>,
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: extra.cookie ? { cookie: extra.cookie } : undefined,
      });
      sockets.push(s);
      return s;
    },
  };
}

type Fetcher = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** A cookie-keeping JSON client that sends Origin like a browser on this site. */
export class TestClient {
  cookie = '';
  lang = 'vi';
  constructor(
    private fetcher: Fetcher,
    private origin: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.fetcher(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        origin: this.origin,
        'accept-language': this.lang,
        host: new URL(this.origin).host,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pairs = setCookie.split(/,(?=\s*\w+=)/).map((c) => c.split(';')[0]!.trim());
      const jar = new Map(this.cookie ? this.cookie.split('; ').map((p) => p.split('=') as [string, string]) : []);
      for (const p of pairs) {
        const [k, v] = p.split('=') as [string, string];
        if (v) jar.set(k, v);
        else jar.delete(k);
      }
      this.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }
  delete(path: string, headers?: Record<string, string>) {
    return this.request('DELETE', path, undefined, headers);
  }
  async login(username: string, password = username === 'admin' ? ADMIN_PASSWORD : STAFF_PASSWORD) {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.user as { id: number; username: string; role: string };
  }
  /** A new client sharing nothing (its own cookies). */
  fresh() {
    return new TestClient(this.fetcher, this.origin);
  }
}

/** Waits for the next `event` on a socket (rejects after ms). */
export function nextEvent<T = any>(socket: Socket<any>, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Collects every `event` on a socket into an array, from now on. */
export function collect<T = any>(socket: Socket<any>, event: string): T[] {
  const list: T[] = [];
  socket.on(event, (p: T) => list.push(p));
  return list;
}

export function connected(socket: Socket<any>, ms = 3000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
