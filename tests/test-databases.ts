// PostgreSQL test databases. The seeded demo office is made once per run as a template database
// (tests/pg-template.ts, the postgres project's global setup); every testDb() clones it
// (CREATE DATABASE ... TEMPLATE, ~50 ms) and drops its clones when the test file ends.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export type Backend = 'sqlite' | 'postgres';

/** The backend of this run: TEST_BACKEND=postgres (the postgres project) or SQLite. */
export function testBackend(): Backend {
  return process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

/** The server the test databases live on (a maintenance database of it). */
export const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs fn on a connection of its own to the database at `url`, closed after. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The rows of one statement on the database at `url`, over a connection of its own. */
export function queryRows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query(sql, params)).rows as T[]);
}

/**
 * The template's name carries a hash of what it is made from (the migrations and the seed), so
 * a changed schema or seed gets a new template rather than a stale one.
 */
export function templateName(): string {
  const h = createHash('sha256');
  const migrations = join(import.meta.dirname, '../db/migrations/pg');
  for (const f of readdirSync(migrations).sort()) if (f.endsWith('.sql')) h.update(readFileSync(join(migrations, f)));
  h.update(readFileSync(join(import.meta.dirname, '../server/seed.ts')));
  h.update(readFileSync(join(import.meta.dirname, 'helpers.ts')));
  return `rt_template_${h.digest('hex').slice(0, 12)}`;
}

let clones = 0;
const made: string[] = [];

const admin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withClient(adminUrl, fn);

/** A new database holding the seeded demo office; returns its URL. */
export async function cloneTestDatabase(): Promise<string> {
  const name = `rt_${process.pid}_${++clones}`;
  const template = templateName();
  await admin(async (c) => {
    // Clones taken at the same moment from one template may collide on its lock: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${template}`);
        return;
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });
  made.push(name);
  return databaseUrl(name);
}

/** A new, empty database (a server started on it migrates and seeds it); returns its URL. */
export async function emptyTestDatabase(): Promise<string> {
  const name = `rt_${process.pid}_${++clones}`;
  await admin((c) => c.query(`create database ${name}`));
  made.push(name);
  return databaseUrl(name);
}

/** Drops this process's clones (their pools are closed by then). */
export async function dropTestDatabases(): Promise<void> {
  if (!made.length) return;
  const names = made.splice(0);
  await admin(async (c) => {
    for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
  });
}
