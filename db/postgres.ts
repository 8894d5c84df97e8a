// The PostgreSQL store: the city's deployment, several processes on one database. Writes are
// READ COMMITTED transactions that take what they need from PostgreSQL itself (atomic upserts
// for numbers and capacity, unique constraints, row locks and the per-office advisory lock of
// lockOffice); a serialization failure or deadlock is retried with the whole write.

import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { pgSchema, useDialect } from './schema';
import { type Db, isRetryable, type OpenOptions, type Store, type Tx } from './store';

const defaultMigrations = fileURLToPath(new URL('../db/migrations/pg', import.meta.url));

// Epoch milliseconds are bigint columns and counts are bigint: read both back as numbers (every
// value the product stores is far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** Advisory lock keys (one namespace, 2xxx) for the whole database. */
const MIGRATE_LOCK = 2001;
const JOBS_LOCK = 2002;
const WRITE_ATTEMPTS = 8;

/** Runs `fn` again, after a short random pause, when it loses a serialization race or a deadlock. */
export async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= WRITE_ATTEMPTS || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

export interface PostgresStore extends Store {
  readonly pool: pg.Pool;
}

export async function openPostgresStore(url: string, options: OpenOptions = {}): Promise<PostgresStore> {
  useDialect('postgres');
  // TCP keepalive, so a connection to a server that vanished (the jobs' lease among them) is
  // noticed and dropped rather than held forever.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: 'reception',
    keepAlive: true,
  });
  // An idle connection the server dropped must not take the process down.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema: pgSchema }) as unknown as Db & { $client: pg.Pool };
  let closed = false;
  let leader: pg.PoolClient | null = null;
  // Readiness is asked on a connection of its own, outside the pool: under a rush every pooled
  // connection is taken and hundreds of queries wait for one, so a check through the pool timed
  // out and the load balancer took a busy but healthy process out (answering 503 for it).
  let health: pg.Client | null = null;
  let checking: Promise<boolean> | null = null;
  const checkHealth = async (): Promise<boolean> => {
    try {
      if (!health) {
        const client = new pg.Client({ connectionString: url, application_name: 'reception-health', keepAlive: true });
        client.on('error', () => {
          if (health === client) health = null;
        });
        await client.connect();
        health = client;
      }
      const { rows } = await health.query<{ recovery: boolean }>('select pg_is_in_recovery() as recovery');
      return rows[0]?.recovery === false;
    } catch {
      // Connect again on the next check (a restarted or failed-over server).
      health?.end().catch(() => {});
      health = null;
      return false;
    }
  };

  const store: PostgresStore = {
    dialect: 'postgres',
    db,
    pool,
    write(fn) {
      return retried(() => db.transaction((tx) => fn(tx as unknown as Tx)));
    },
    // One process of the city runs the periodic jobs: the one holding a session-level advisory
    // lock on a dedicated connection. If that process dies, its connection closes, the lock is
    // released and the next process to ask takes over.
    async isLeader() {
      if (closed) return false;
      if (leader) {
        try {
          await leader.query('select 1');
          return true;
        } catch {
          leader.release(true);
          leader = null;
        }
      }
      const client = await pool.connect();
      // A connection the server drops while held here must not take the process down.
      client.on('error', () => {});
      try {
        const { rows } = await client.query<{ held: boolean }>('select pg_try_advisory_lock($1) as held', [JOBS_LOCK]);
        if (rows[0]?.held) {
          leader = client;
          return true;
        }
      } catch {
        // Not the leader this time.
      }
      client.release();
      return false;
    },
    async ready() {
      if (closed) return false;
      // Checks asked at once share one query.
      checking ??= checkHealth().finally(() => {
        checking = null;
      });
      return checking;
    },
    async close() {
      if (closed) return;
      closed = true;
      leader?.release(true);
      leader = null;
      await health?.end().catch(() => {});
      health = null;
      await pool.end();
    },
  };

  // Several processes may start at once: one migrates (and seeds) while the others wait.
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      await migrate(drizzle(client, { schema: pgSchema }), { migrationsFolder: options.migrationsFolder ?? defaultMigrations });
      if (options.afterMigrate) await options.afterMigrate(store);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK]);
    }
  } catch (e) {
    client.release();
    await pool.end();
    throw e;
  }
  client.release();
  return store;
}
