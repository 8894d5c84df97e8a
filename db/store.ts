// What every store function and both backends share: the handle types, the Store, and the
// dialect-neutral helpers (rows changed, raw SQL, the office lock, error classes). See
// db/client.ts for the seam as a whole.

import { type SQL, sql } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { type PgDatabase, PgTransaction } from 'drizzle-orm/pg-core';
import { boundDialect, type Dialect, type pgSchema } from './schema';

/** A database handle: reads outside a write, or the handle a write's transaction receives. */
export type Db = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;
/** The handle inside one write: the same query API, bound to the transaction. */
export type Tx = Db;

export interface Store {
  readonly dialect: Dialect;
  /** Reads that need no transaction (committed data only). */
  readonly db: Db;
  /**
   * One atomic write. fn may run more than once (PostgreSQL retries serialization failures and
   * deadlocks), so it must not have effects outside the transaction; an error thrown inside
   * rolls back everything fn did and comes out of the promise.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Whether this process runs the periodic jobs (one process in a city holds the lease). */
  isLeader(): Promise<boolean>;
  /** Whether the database answers (GET /healthz). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://... runs on PostgreSQL; otherwise SQLite. */
  databaseUrl?: string;
  /** The SQLite file (created with its folder when missing). */
  databasePath?: string;
  /** Another migrations folder (tests of upgrades); the committed one by default. */
  migrationsFolder?: string;
  /** Runs once after migrating, before the store is handed out (seeding a new database). */
  afterMigrate?: (store: Store) => Promise<void>;
  /** SQLite: how long a write waits for a lock another process holds (ms). */
  busyWaitMs?: number;
  /** PostgreSQL: connections in this process's pool. */
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function isPostgres(): boolean {
  return boundDialect() === 'postgres';
}

/** Rows changed by an insert, update or delete (better-sqlite3's changes, pg's rowCount). */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** Rows of a raw SQL query on either backend. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  if (isPostgres()) return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  return (db as unknown as { all(q: SQL): T[] }).all(query);
}

/**
 * Reads that do not depend on one another: together on the pool (each on its own connection),
 * one after another inside a transaction, which is one connection. There, `Promise.all` only
 * queued them behind each other in pg (no faster), and pg 9 refuses a query sent while another
 * runs. On SQLite every read runs at once anyway.
 */
export async function readAll<T extends unknown[]>(db: Db, ...reads: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as T;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as T;
}

/** readAll of one read per item, in the items' order. */
export function readEach<I, R>(db: Db, items: readonly I[], read: (item: I) => PromiseLike<R>): Promise<R[]> {
  return readAll<R[]>(db, ...items.map((item) => () => read(item)));
}

/** A raw SQL statement that returns no rows, on either backend; the rows it changed. */
export async function run(db: Db, query: SQL): Promise<number> {
  if (isPostgres()) return affected(await db.execute(query));
  return affected((db as unknown as { run(q: SQL): unknown }).run(query));
}

/**
 * Serializes, city-wide, the writes that read an office's state and decide on it (who is next,
 * may this counter close, is this the day's end). On PostgreSQL a transaction-scoped advisory
 * lock, released at commit or rollback; SQLite already runs one write at a time.
 */
export async function lockOffice(tx: Tx, officeId: number): Promise<void> {
  if (isPostgres()) await tx.execute(sql`select pg_advisory_xact_lock(1, ${officeId})`);
}

/** The same for writes on one key (an idempotency key): one at a time, city-wide. */
export async function lockKey(tx: Tx, key: string): Promise<void> {
  if (isPostgres()) await tx.execute(sql`select pg_advisory_xact_lock(4, hashtext(${key}))`);
}

const codeOf = (e: unknown): string | undefined => {
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
};

/** A unique or primary key constraint refused the write. */
export function isUniqueViolation(e: unknown): boolean {
  const code = codeOf(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A foreign key refused the write (rows of other features point at what it deletes). */
export function isForeignKeyViolation(e: unknown): boolean {
  const code = codeOf(e);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The write lost a race worth retrying later: a busy SQLite file, a PostgreSQL conflict. */
export function isRetryable(e: unknown): boolean {
  const code = codeOf(e);
  return code === 'STORE_BUSY' || code === 'SQLITE_BUSY' || code === '40001' || code === '40P01' || code === '55P03';
}

/** The database cannot be used at all (disk full, file unreadable, server gone). */
export function isStorageFailure(e: unknown): boolean {
  const code = codeOf(e);
  if (!code) return false;
  return (
    /^SQLITE_(FULL|IOERR|CANTOPEN|CORRUPT|NOTADB|READONLY)/.test(code) ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' ||
    code === '57P03' ||
    code === '53300' ||
    code.startsWith('08')
  );
}
