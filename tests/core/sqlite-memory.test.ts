// The SQLite store's native memory: each connection's page cache is bounded at SQLite's own
// default (2 MB), not the 16 MB better-sqlite3 builds SQLite with, which the writer and the
// reader each filled on a busy office's database (README, Benchmarks, scenario 4).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, PAGE_CACHE_KB, type SqliteStore } from '../../db/sqlite';

let dir: string | undefined;
let store: SqliteStore | undefined;

afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = undefined;
  dir = undefined;
});

const cacheKb = (c: Database.Database) => -(c.pragma('cache_size', { simple: true }) as number);

describe('SQLite page cache', () => {
  it('the writer and the reader each cache at most 2 MB of pages', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-memory-'));
    store = await openSqliteStore(join(dir, 'reception.db'));
    const reader = (store.db as unknown as { $client: Database.Database }).$client;
    expect(reader).not.toBe(store.writer);
    expect(PAGE_CACHE_KB).toBe(2000);
    expect(cacheKb(store.writer)).toBe(2000);
    expect(cacheKb(reader)).toBe(2000);
  });
});
