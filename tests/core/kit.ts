// Helpers shared by the queue-core tests: look-ups in the seeded demo office and a snapshot of
// the rows a request could change, to prove that a refused request changed nothing.
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';
import { counters, services, tickets } from '../../db/schema';
import { createApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { LoginThrottle } from '../../server/staff/throttle';
import { RecordingNotifier, seededDb, TestClient, TestClock } from '../helpers';

let template: Buffer | null = null;

/**
 * Like testApp() (real SQLite with the real migrations and seed, the app over app.request), but
 * the seeded database is built once per test file and copied for each test: seeding hashes five
 * passwords with scrypt, which dominates a test's time on a shared machine.
 */
export async function coreApp() {
  if (!template) {
    const f = await seededDb();
    template = f.db.$client.serialize();
    f.db.$client.close();
  }
  const sqlite = new Database(template);
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema }) as Db;
  const clock = new TestClock();
  const notify = new RecordingNotifier();
  const deps = { db, clock, notify };
  const app = createApp({ ...deps, config: testConfig(), throttle: new LoginThrottle() });
  const client = new TestClient((path, init) => app.request(path, init), 'http://localhost');
  return { db, clock, notify, deps, officeId: 1, app, client };
}

/** The demo office's service id for a ticket prefix (A = birth registration, ...). */
export function serviceIdOf(db: Db, prefix: string): number {
  const row = db.select({ id: services.id }).from(services).where(eq(services.prefix, prefix)).get();
  if (!row) throw new Error(`no service with prefix ${prefix}`);
  return row.id;
}

/** The demo office's counter id for a counter number. */
export function counterIdOf(db: Db, number: number): number {
  const row = db.select({ id: counters.id }).from(counters).where(eq(counters.number, number)).get();
  if (!row) throw new Error(`no counter ${number}`);
  return row.id;
}

export function ticketRow(db: Db, id: number) {
  const row = db.select().from(tickets).where(eq(tickets.id, id)).get();
  if (!row) throw new Error(`no ticket ${id}`);
  return row;
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
export function snapshot(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of watched) out[table] = db.$client.prepare(`select * from ${table} order by rowid`).all();
  return out;
}

export function rowCount(db: Db, table: string): number {
  return (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
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
