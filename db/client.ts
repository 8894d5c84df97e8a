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

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

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

/**
 * Runs fn in one IMMEDIATE transaction (the write lock is taken at BEGIN, so two writers never
 * both read a stale count). fn must be synchronous: better-sqlite3 commits when it returns.
 */
export function immediate<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: 'immediate' });
}
