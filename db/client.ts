// The seam between the product and its database. Every store function is written once, async,
// against the PostgreSQL query builder's types, and runs on either backend:
//   - SQLite (the embedded default, one process): db/sqlite.ts, one writer connection whose
//     writes are queued and grouped into shared commits, and a reader connection;
//   - PostgreSQL (the city, DATABASE_URL=postgres://...): db/postgres.ts, a pool, row locks,
//     constraints and advisory locks, serialization failures retried.
// The table names in db/schema are bound to the chosen dialect's tables when the store opens.

import { isPostgresUrl, type OpenOptions, type Store } from './store';

export * from './store';

export async function openStore(options: OpenOptions = {}): Promise<Store> {
  if (isPostgresUrl(options.databaseUrl)) {
    const { openPostgresStore } = await import('./postgres');
    return openPostgresStore(options.databaseUrl, options);
  }
  const { openSqliteStore } = await import('./sqlite');
  return openSqliteStore(options.databasePath ?? ':memory:', options);
}
