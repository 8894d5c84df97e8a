// The SQLite store: one file, one process. A writer connection runs the writes, one transaction
// at a time, from a queue: every write that arrives in the same event-loop turn joins one
// IMMEDIATE transaction, each in its own savepoint, so they share one commit and its fsync
// (`synchronous=FULL` costs one fsync per commit, most of a ticket's time). Each caller is
// answered only after that commit. A reader connection serves everything else; under WAL it
// sees committed data only, never a write in progress.

import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sqliteSchema, useDialect } from './schema';
import { type Db, isStorageFailure, type OpenOptions, type Store, type Tx } from './store';

// Resolved as ../db/migrations/sqlite so it holds from db/ and from the server bundle in
// dist-server/ alike.
const defaultMigrations = fileURLToPath(new URL('../db/migrations/sqlite', import.meta.url));

/** A bound on one commit's size, so a burst cannot hold the write lock for long. */
const MAX_GROUP = 256;
/**
 * While another connection holds the write lock (a backup, a second process, a sqlite3 shell),
 * the writer does not wait inside SQLite (busy_timeout 0 blocks nothing): BEGIN is tried again
 * from timers on the event loop, so reads, /healthz and sockets go on meanwhile, until this long
 * has passed; then the group's writes answer BUSY (503, Retry-After).
 */
const DEFAULT_BUSY_WAIT_MS = 5000;
/** How long an idle store trusts its last successful write before /healthz proves it again. */
const WRITE_PROOF_MS = 10_000;

export interface SqliteStore extends Store {
  /** The connection writes run on (tests and backups reach the file through it). */
  readonly writer: Database.Database;
}

/**
 * Each connection's page cache, KiB (SQLite's own default; better-sqlite3 builds SQLite with
 * 16 MB). The cache grows with the pages a connection has read and is never given back, so on
 * a busy office's database (10 MB after 25,000 tickets) the writer and the reader held up to
 * 16 MB each: 4 MB more RSS with 2,000 sockets, 9 MB more after a day's phones, and up to 32 MB
 * on a database of a few months. What it would save is a copy from the operating system's
 * file cache, which holds the file anyway: CPU per ticket and per call the same within the noise
 * (README, Benchmarks, scenario 4).
 */
export const PAGE_CACHE_KB = 2000;

function connect(path: string): Database.Database {
  const sqlite = new Database(path);
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 defaults to NORMAL under WAL, which can lose the last commits on power loss:
  // an acknowledged ticket must survive, so FULL.
  sqlite.pragma('synchronous = FULL');
  // An in-memory database lives in its page cache: no bound there.
  if (path !== ':memory:') sqlite.pragma(`cache_size = -${PAGE_CACHE_KB}`);
  cachePreparedStatements(sqlite);
  return sqlite;
}

/** Refuses, with the reason, a database file (or its folder) this process cannot write. */
function checkWritable(path: string): void {
  if (path === ':memory:') return;
  const problem = (what: string, e: unknown) =>
    new Error(
      `Cannot write the database ${what} ${what === 'file' ? path : dirname(path)}: ${(e as Error).message}. ` +
        'The server needs to write it (and its -wal and -shm files beside it): check the permissions, ' +
        'that the file system is not mounted read-only, and that the disk has space.',
    );
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    throw problem('folder', e);
  }
  if (existsSync(path)) {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      throw problem('file', e);
    }
  }
}

export async function openSqliteStore(path: string, options: OpenOptions = {}): Promise<SqliteStore> {
  useDialect('sqlite');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  checkWritable(path);
  const writer = connect(path);
  writer.pragma('busy_timeout = 0');
  // Each write of a group runs inside a savepoint (WriteQueue), and SQLite keeps the pages a
  // savepoint changed in a sub-journal, which spills to a temporary file past 64 KiB: a group
  // of 20 tickets made about 30 write() calls per ticket to a file opened and deleted per commit
  // (strace). In memory it holds the same pages for the length of one group: a quarter less
  // CPU per ticket (README, Benchmarks, scenario 1). Only the writer: the reader's sorts for
  // reports keep spilling to disk.
  writer.pragma('temp_store = MEMORY');
  const writeDb = drizzle(writer, { schema: sqliteSchema });
  // drizzle-kit changes a table by rebuilding it (copy, drop the old one, rename) between
  // "PRAGMA foreign_keys=OFF/ON" lines, but the migrator runs all migrations in one transaction,
  // where that pragma does nothing: with foreign keys on, dropping a referenced table fails on
  // any database that holds data. So migrations run with foreign keys off (SQLite's documented
  // procedure for schema changes), then every reference is checked before they are turned on.
  writer.pragma('foreign_keys = OFF');
  migrate(writeDb, { migrationsFolder: options.migrationsFolder ?? defaultMigrations });
  const broken = writer.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (broken.length) {
    writer.close();
    const sample = broken.slice(0, 5).map((b) => `${b.table} row ${b.rowid} -> ${b.parent}`);
    throw new Error(`Database references broken after migrating (${broken.length}): ${sample.join('; ')}`);
  }
  writer.pragma('foreign_keys = ON');

  // An in-memory database exists only on its one connection: reads share the writer there.
  const reader = path === ':memory:' ? writer : connect(path);
  if (reader !== writer) {
    reader.pragma('busy_timeout = 5000');
    reader.pragma('query_only = ON');
  }
  const readDb = reader === writer ? writeDb : drizzle(reader, { schema: sqliteSchema });
  const queue = new WriteQueue(writer, writeDb as unknown as Tx, options.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS);
  // A write that proves the file takes writes (a page of the WAL and its fsync): one small row.
  const proof = writer.prepare(
    "insert into server_secrets (name, value, created_at) values ('write_proof', ?, ?) " +
      'on conflict (name) do update set value = excluded.value, created_at = excluded.created_at',
  );
  const prove = () =>
    queue.push(async () => {
      const now = Date.now();
      proof.run(String(now), now);
    });
  let proving: Promise<boolean> | null = null;
  let closed = false;

  const store: SqliteStore = {
    dialect: 'sqlite',
    db: readDb as unknown as Db,
    writer,
    write: (fn) => queue.push(fn),
    isLeader: async () => true,
    // Ready when it can be read and written: a store whose last write failed for want of space
    // or permission (or that has not written for a while) proves it with a small write first,
    // so a load balancer stops sending work to a process that cannot keep it, and sends it again
    // once space comes back.
    ready: async () => {
      if (closed) return false;
      try {
        reader.prepare('select 1').get();
      } catch {
        return false;
      }
      if (path === ':memory:' || (queue.healthy && Date.now() - queue.lastCommitAt < WRITE_PROOF_MS)) return queue.healthy;
      proving ??= prove()
        .then(
          () => true,
          () => false,
        )
        .finally(() => {
          proving = null;
        });
      // A proof held up by another connection's write lock says nothing new: answer at once.
      return Promise.race([proving, new Promise<boolean>((r) => setTimeout(() => r(queue.healthy), 1000).unref())]);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await queue.drained();
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
  if (options.afterMigrate) await options.afterMigrate(store);
  return store;
}

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { value: unknown } | { error: unknown };

/**
 * Runs writes one group at a time on the writer connection. Writes of a group run one after
 * another in arrival order, each seeing the ones before, exactly as separate transactions
 * would; an error rolls back that write's savepoint only.
 */
class WriteQueue {
  private pending: Job[] = [];
  private running: Promise<void> | null = null;
  /** False after a write failed for the storage (full, read-only, I/O), true again after a commit. */
  healthy = true;
  lastCommitAt = 0;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly tx: Tx,
    private readonly busyWaitMs: number,
  ) {
    this.begin = sqlite.prepare('begin immediate');
    this.commit = sqlite.prepare('commit');
    this.rollback = sqlite.prepare('rollback');
    this.savepoint = sqlite.prepare('savepoint grouped_write');
    this.release = sqlite.prepare('release grouped_write');
    this.rollbackTo = sqlite.prepare('rollback to grouped_write');
  }

  push<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as Job['resolve'], reject });
      if (!this.running) this.running = new Promise((done) => setImmediate(() => void this.drain().then(done)));
    });
  }

  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const jobs = this.pending.splice(0, MAX_GROUP);
      await this.runGroup(jobs);
      // Let the writes that arrived meanwhile gather into the next group.
      if (this.pending.length) await new Promise((r) => setImmediate(r));
    }
    this.running = null;
  }

  /** BEGIN IMMEDIATE, tried again from timers while another connection holds the write lock. */
  private async beginWhenFree(): Promise<void> {
    const until = Date.now() + this.busyWaitMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      try {
        this.begin.run();
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw e;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  private noteFailure(e: unknown): void {
    if (isStorageFailure(e)) this.healthy = false;
  }

  private async runGroup(jobs: Job[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.beginWhenFree();
    } catch (e) {
      this.noteFailure(e);
      for (const job of jobs) job.reject(e);
      return;
    }
    try {
      for (const job of jobs) {
        this.savepoint.run();
        try {
          outcomes.push({ value: await job.fn(this.tx) });
          this.release.run();
        } catch (error) {
          this.rollbackTo.run();
          this.release.run();
          outcomes.push({ error });
        }
      }
      // Nothing to keep: roll back rather than commit pages a refused write touched and
      // restored (a commit would still write and fsync them).
      if (outcomes.some((o) => 'value' in o)) {
        this.commit.run();
        this.healthy = true;
        this.lastCommitAt = Date.now();
      } else this.rollback.run();
    } catch (e) {
      // COMMIT (or a savepoint statement) failed: nothing of the group was written.
      this.noteFailure(e);
      if (this.sqlite.inTransaction) {
        try {
          this.rollback.run();
        } catch {
          // SQLite already rolled back (a full disk or an I/O error ends the transaction).
        }
      }
      for (const job of jobs) job.reject(e);
      return;
    }
    // A write that failed inside its savepoint for the storage (a full disk while writing pages)
    // marks the store too, though the group committed nothing of it.
    for (const o of outcomes) if ('error' in o) this.noteFailure(o.error);
    for (const [i, job] of jobs.entries()) {
      const o = outcomes[i]!;
      if ('value' in o) job.resolve(o.value);
      else job.reject(o.error);
    }
  }
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
