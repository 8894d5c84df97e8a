// The one test fixture: the seeded demo database, on SQLite (a file of its own) or on PostgreSQL
// (a database of its own, cloned from a seeded template) as TEST_BACKEND says, opened by
// openStore exactly as the server opens it, with the app over app.request (testApp) or a real server on port 0 (testServer); a
// controllable clock, a staff client, and small look-ups in the demo office.

import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll } from 'vitest';
import { type Db, openStore, rows, run, type Store } from '../db/client';
import { counters, services, tickets } from '../db/schema';
import { createApp } from '../server/app';
import { forgetServiceFacts } from '../server/booking/book-postgres';
import { RateLimiter } from '../server/booking/rate-limit';
import { type Config, testConfig } from '../server/config';
import type { Notifier, Outbox, Published } from '../server/events';
import type { ClientAuth, ServerToClientEvents } from '../server/realtime/contract';
import { seed } from '../server/seed';
import { createAppDeps, type RunningServer, startServer } from '../server/server';
import { zonedTime } from '../server/time';
import { ADMIN_PASSWORD, STAFF_PASSWORD, TEST_START } from './constants';
import { cloneTestDatabase, dropTestDatabases, testBackend } from './test-databases';

export { ADMIN_PASSWORD, STAFF_PASSWORD };

/** A clock the test moves by hand. Defaults to a Monday 09:00 in Ha Noi. */
export class TestClock {
  constructor(public t = TEST_START) {}
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

// ---------------------------------------------------------------- the database

// A RAM-backed directory where there is one, so WAL and fsync are real but cheap.
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'reception-test-'));
const opened: Store[] = [];
const servers: RunningServer[] = [];
const sockets: Socket[] = [];
let files = 0;

// Registered when a test file imports this module, so it runs after that file's own hooks.
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const s of servers) await s.close();
  for (const store of opened) await store.close();
  await dropTestDatabases();
  rmSync(scratch, { recursive: true, force: true });
});

let template: Promise<string> | null = null;

/**
 * The seeded demo office on SQLite, made once per test file: seeding hashes five passwords with
 * scrypt, which would otherwise dominate a test's time. Closing it checkpoints the WAL.
 */
function seededTemplate(): Promise<string> {
  template ??= (async () => {
    const path = join(scratch, 'template.db');
    const store = await openStore({ databasePath: path });
    await seed(store, { adminPassword: ADMIN_PASSWORD, staffPassword: STAFF_PASSWORD, now: new TestClock().now() });
    await store.close();
    return path;
  })();
  return template;
}

export interface TestDb {
  db: Db;
  store: Store;
  /** The SQLite file (SQLite runs only). */
  path: string;
  /** The PostgreSQL database's URL (PostgreSQL runs only). */
  url: string;
}

export interface TestDbOptions {
  /** SQLite: how long a write waits for another process's lock. */
  busyWaitMs?: number;
}

/**
 * A fresh copy of the seeded demo database on the backend of this run (TEST_BACKEND: sqlite by
 * default, postgres for the PostgreSQL project), opened as production opens it; removed after
 * the file's tests.
 */
export async function testDb(options: TestDbOptions = {}): Promise<TestDb> {
  if (testBackend() === 'postgres') {
    const url = await cloneTestDatabase();
    const store = await openStore({ databaseUrl: url, poolSize: 4 });
    opened.push(store);
    return { db: store.db, store, path: '', url };
  }
  const path = join(scratch, `test-${++files}.db`);
  copyFileSync(await seededTemplate(), path);
  const store = await openStore({ databasePath: path, busyWaitMs: options.busyWaitMs });
  opened.push(store);
  return { db: store.db, store, path, url: '' };
}

/** Rows of a raw SQL query (drizzle's sql template: values become parameters on both engines). */
export function query<T = Record<string, any>>(db: Db, q: SQL): Promise<T[]> {
  return rows<T>(db, q);
}

/** Runs a raw statement as one write (setting up a case no route makes). */
export async function exec(store: Store, q: SQL): Promise<void> {
  await store.write((tx) => run(tx, q));
}

// ---------------------------------------------------------------- the app

export interface TestOptions {
  /** Over testConfig(): silent logs, no extra accept handles. */
  config?: Partial<Config>;
  /** The booking rate limiter; by default the configuration's, as in production. */
  limiter?: RateLimiter;
  /** Defaults to a Monday 09:00 in Ha Noi. */
  clock?: TestClock;
}

/** The Hono app over app.request (no port): for most API tests. */
export async function testApp(options: TestOptions = {}) {
  const { db, store, path, url } = await testDb();
  const clock = options.clock ?? new TestClock();
  const notify = new RecordingNotifier();
  const deps = await createAppDeps({ store, clock, notify, config: testConfig(options.config), bookingLimiter: options.limiter });
  const app = createApp(deps);
  const client = new TestClient((p, init) => app.request(p, init), 'http://localhost');
  return { db, store, path, url, clock, notify, deps, officeId: 1, app, client };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** A real server on port 0 with Socket.IO, started as production starts it: for realtime and end-to-end tests. */
export async function testServer(options: TestOptions & { distDir?: string } = {}) {
  const { db, store, path, url: databaseUrl } = await testDb();
  const clock = options.clock ?? new TestClock();
  const server = await startServer({
    store,
    config: testConfig(options.config),
    clock,
    port: 0,
    host: '127.0.0.1',
    jobsIntervalMs: 0,
    distDir: options.distDir,
    bookingLimiter: options.limiter,
  });
  servers.push(server);
  // For calling store functions directly: the server's, but what they commit is recorded, not pushed.
  const notify = new RecordingNotifier();
  return {
    db,
    store,
    path,
    databaseUrl,
    clock,
    notify,
    deps: { ...server.deps, notify },
    officeId: 1,
    server,
    url: server.url,
    client: new TestClient((p, init) => fetch(server.url + p, init), server.url),
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

/** A booking limiter no test reaches: for tests that book more than an address may. */
export const unlimited = () => new RateLimiter({ limit: 100_000, windowMs: 60_000 });

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

// ---------------------------------------------------------------- look-ups in the demo office

/** The demo office's service id for a ticket prefix (A = birth registration, ...). */
export async function serviceIdOf(db: Db, prefix: string): Promise<number> {
  const row = (
    await db
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.officeId, 1), eq(services.prefix, prefix)))
  )[0];
  if (!row) throw new Error(`no service with prefix ${prefix}`);
  return row.id;
}

/** The demo office's counter id for a counter number. */
export async function counterIdOf(db: Db, number: number): Promise<number> {
  const row = (
    await db
      .select({ id: counters.id })
      .from(counters)
      .where(and(eq(counters.officeId, 1), eq(counters.number, number)))
  )[0];
  if (!row) throw new Error(`no counter ${number}`);
  return row.id;
}

export async function ticketRow(db: Db, id: number) {
  const row = (await db.select().from(tickets).where(eq(tickets.id, id)))[0];
  if (!row) throw new Error(`no ticket ${id}`);
  return row;
}

/** Sets a service's configured places per slot (null: derived from its counters). */
/** A service's places per slot, changed as an admin's change is (the booking's remembered facts forgotten). */
export async function setCapacity(store: Store, serviceId: number, n: number | null) {
  await store.write((tx) => tx.update(services).set({ capacityPerSlot: n }).where(eq(services.id, serviceId)));
  forgetServiceFacts(store);
}

const watched = [
  'tickets',
  'ticket_events',
  'ticket_sequences',
  'counters',
  'public_events',
  'service_stats',
  'sessions',
  'devices',
  'staff',
  'offices',
  'services',
] as const;

/** Every row of the tables a queue request can touch, to compare before and after. */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of watched) {
    const all = await rows(db, sql.raw(`select * from ${table}`));
    out[table] = all.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

export async function rowCount(db: Db, table: string): Promise<number> {
  return Number((await rows<{ n: number }>(db, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
}

/** Opens the counter as the signed-in officer, failing the test if it cannot. */
export async function openCounter(client: TestClient, counterId: number) {
  const r = await client.post(`/api/counters/${counterId}/open`);
  if (r.status !== 200) throw new Error(`open ${counterId}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function issue(client: TestClient, serviceId: number, priority?: string, officeId = 1) {
  const r = await client.post(`/api/offices/${officeId}/tickets`, priority ? { serviceId, priority } : { serviceId });
  if (r.status !== 201) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: number; number: string; token: string; position: number; etaMinutes: number; serviceId: number };
}

/** Expects the contract's error shape with a code and a status. */
export function expectError(r: { status: number; body: unknown }, status: number, code: string) {
  const error = (r.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (r.status !== status || error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  if (typeof error.message !== 'string' || error.message.length === 0) {
    throw new Error(`error without a message: ${JSON.stringify(r.body)}`);
  }
}

/** Polls until fn returns a truthy value (rejects after ms): for pushed events. */
export async function until<T>(fn: () => T | undefined | null | false, ms = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const TZ = 'Asia/Ho_Chi_Minh';
/** Local wall-clock instant in Ha Noi. */
export const at = (day: string, hh: number, mm = 0) => zonedTime(day, hh * 60 + mm, TZ);
export const isoAt = (day: string, hh: number, mm = 0) => new Date(at(day, hh, mm)).toISOString();

/** The i-th of many distinct, valid Vietnamese mobile numbers. */
export const phoneNo = (i: number) => `091${String(1_000_000 + i).slice(-7)}`;

// ---------------------------------------------------------------- raw SQL on either backend

/** Raw SQL text with `?` placeholders, as a drizzle query (rendered for the run's engine). */
function sqlText(text: string, params: unknown[]): SQL {
  const parts = text.split('?');
  if (parts.length - 1 !== params.length) throw new Error(`${parts.length - 1} placeholders, ${params.length} values: ${text}`);
  const chunks: SQL[] = [];
  for (const [i, part] of parts.entries()) {
    chunks.push(sql.raw(part));
    if (i < params.length) chunks.push(sql`${params[i]}`);
  }
  return sql.join(chunks);
}

/** Every row of a read. */
export function sqlAll<T = any>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return rows<T>(db, sqlText(text, params));
}

/** The first row of a read, or undefined. */
export async function sqlGet<T = any>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await sqlAll<T>(db, text, ...params))[0];
}

/** The first column of the first row of a read. */
export async function sqlValue<T = any>(db: Db, text: string, ...params: unknown[]): Promise<T> {
  const row = await sqlGet<Record<string, unknown>>(db, text, ...params);
  return (row ? Object.values(row)[0] : undefined) as T;
}

/** A raw write, as one transaction (setting up a case no route makes). */
export async function sqlRun(store: Store, text: string, ...params: unknown[]): Promise<void> {
  await store.write((tx) => run(tx, sqlText(text, params)));
}
