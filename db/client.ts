// Opens the SQLite file with the pragmas durability depends on, and applies the committed
// migrations. Every test and the server go through here, so they run the same database.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle a transaction callback receives: the same query API, bound to the transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// Resolved as ../db/migrations so it holds from db/client.ts and from the server bundle in
// dist-server/ alike.
const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));

export interface OpenOptions {
  /** Another migrations folder (tests of upgrades); the committed one by default. */
  migrationsFolder?: string;
}

export function openDb(path = ':memory:', options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 defaults to NORMAL under WAL, which can lose the last commits on power loss:
  // an acknowledged ticket must survive, so FULL.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  cachePreparedStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  // drizzle-kit changes a table by rebuilding it (copy, drop the old one, rename) between
  // "PRAGMA foreign_keys=OFF/ON" lines, but the migrator runs all migrations in one transaction,
  // where that pragma does nothing: with foreign keys on, dropping a referenced table fails on
  // any database that holds data. So migrations run with foreign keys off (SQLite's documented
  // procedure for schema changes), then every reference is checked before they are turned on.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: options.migrationsFolder ?? migrationsFolder });
  const broken = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (broken.length) {
    sqlite.close();
    const sample = broken.slice(0, 5).map((b) => `${b.table} row ${b.rowid} -> ${b.parent}`);
    throw new Error(`Database references broken after migrating (${broken.length}): ${sample.join('; ')}`);
  }
  sqlite.pragma('foreign_keys = ON');
  return db;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares every query again on each execution (better-sqlite3's prepare was ~5% of the
 * server's CPU under load). Keep the last prepared statements by SQL text and hand them out
 * again, reset to the default row mode (drizzle switches to raw() itself where it wants it). A
 * statement still iterating is never handed out twice.
 */
function cachePreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const stmt = prepare(source);
    if (hit) return stmt;
    cache.set(source, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return stmt;
  }) as typeof sqlite.prepare;
}

/** Whether the database answers a query (GET /healthz). */
export function isReady(db: Db): boolean {
  try {
    db.$client.prepare('select 1').get();
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs fn in one IMMEDIATE transaction (the write lock is taken at BEGIN, so two writers never
 * both read a stale count). fn must be synchronous: better-sqlite3 commits when it returns.
 */
export function immediate<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' });
}
