// PostgreSQL tests only: a query sent on a connection that is still running another fails the
// test. A transaction is one connection, so `Promise.all` over its queries only queues them
// there (no faster), interleaves multi-statement steps, and pg 9 will refuse it outright (pg 8
// prints "Calling client.query() when the client is already executing a query" and goes on).
import pg from 'pg';
import { afterEach, expect } from 'vitest';

const overlapping: string[] = [];
type Queued = { _activeQuery?: unknown; _queryQueue?: unknown[] };
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: Queued, ...args: unknown[]) {
  if (this._activeQuery || this._queryQueue?.length)
    overlapping.push(new Error('a query on a connection already running one').stack!);
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

afterEach(() => {
  const found = overlapping.splice(0);
  expect(found, found[0]).toEqual([]);
});
