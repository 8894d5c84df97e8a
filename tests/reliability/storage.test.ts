// The storage under strain (SQLite): another connection holding the write lock freezes nothing
// (reads, /healthz and the event loop go on; the write waits on timers and commits when the lock
// is released, or answers BUSY after a bounded time); a full disk makes writes answer 503
// STORAGE_UNAVAILABLE and /healthz 503, loses nothing acknowledged, and recovers by itself once
// space is back; a database on a read-only file system refuses to start, saying why. (Linux will
// not remount a file system read-only under a process writing to it, so a disk turning read-only
// while running is not reproduced here; SQLite reports it as SQLITE_READONLY or SQLITE_IOERR,
// which take the same path as a full disk.) The disk tests mount a small tmpfs (root only).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../db/sqlite';
import { serviceIdOf, testServer } from '../helpers';
import { allTickets, ensureStopped, inspect, type ServerProcess, startProcess, tempDir } from './server-process';

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

/** A tmpfs of `size` at a new directory, for a disk that can fill or turn read-only. */
function smallDisk(size: string) {
  const { dir, cleanup } = tempDir('disk');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  return {
    dir,
    remount: (mode: 'ro' | 'rw') => expect(spawnSync('mount', ['-o', `remount,${mode}`, dir]).status).toBe(0),
    cleanup: () => {
      spawnSync('umount', ['-l', dir]);
      cleanup();
    },
  };
}

/** Fills the rest of the disk with one file; returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // Byte by byte to the last one.
  const fd2 = openSync(path, 'a');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(512, 1));
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
  return path;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('another connection holds the write lock', () => {
  it('reads, /healthz and the event loop go on; the write commits once the lock is released', async () => {
    const srv = await testServer();
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    const A = await serviceIdOf(srv.db, 'A');
    const other = new Database(srv.path!);
    other.pragma('busy_timeout = 0');
    other.prepare('begin immediate').run();
    cleanups.push(() => {
      if (other.inTransaction) other.prepare('rollback').run();
      other.close();
    });
    const t0 = performance.now();
    const write = officer.post('/api/offices/1/tickets', { serviceId: A });
    await new Promise((r) => setTimeout(r, 100));
    for (const path of ['/healthz', '/api/offices/1/calls', '/api/offices/1/services']) {
      const started = performance.now();
      const r = await officer.get(path);
      expect(r.status, path).toBe(200);
      // Well under the 5 s a blocked event loop took: the read did not wait for the lock.
      expect(performance.now() - started, path).toBeLessThan(1000);
    }
    setTimeout(() => other.prepare('commit').run(), 1500);
    const r = await write;
    expect(r.status).toBe(201);
    expect(performance.now() - t0).toBeGreaterThan(1400);
  });

  it('a write waits on timers, not in SQLite, and answers BUSY once its wait is over', async () => {
    const { dir, cleanup } = tempDir('busy');
    cleanups.push(cleanup);
    const store = await openSqliteStore(join(dir, 'busy.db'), { busyWaitMs: 600 });
    cleanups.push(() => store.close());
    const other = new Database(join(dir, 'busy.db'));
    other.prepare('begin immediate').run();
    cleanups.push(() => {
      other.close();
    });
    // The event loop keeps ticking while the write waits.
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    await expect(store.write(async () => 1)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    clearInterval(ticker);
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
    expect(longest).toBeLessThan(300);
    other.prepare('rollback').run();
  });
});

describe.skipIf(!canMount)('a full or read-only disk', () => {
  let proc: ServerProcess | undefined;
  afterEach(async () => {
    await ensureStopped(proc);
    proc = undefined;
  });

  it('writes answer 503 STORAGE_UNAVAILABLE and /healthz 503; nothing acknowledged is lost; it recovers by itself', {
    timeout: 120_000,
  }, async () => {
    const disk = smallDisk('24m');
    cleanups.push(disk.cleanup);
    const path = join(disk.dir, 'reception.db');
    proc = await startProcess(path, { JOBS_INTERVAL_SECONDS: '3600' });
    const officer = proc.client();
    await officer.login('canbo1');
    expect((await officer.get('/healthz')).status).toBe(200);
    const filler = fill(disk.dir);

    // Issue until the disk refuses; every 201 is a ticket that must survive.
    const acknowledged: string[] = [];
    let refused: { status: number; body: { error: { code: string } } } | undefined;
    for (let i = 0; i < 3000 && !refused; i++) {
      const r = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
      if (r.status === 201) acknowledged.push(r.body.token);
      else refused = r;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.body.error.code).toBe('STORAGE_UNAVAILABLE');
    expect((await officer.get('/healthz')).status).toBe(503);
    // Reads still answer.
    expect((await officer.get('/api/offices/1/services')).status).toBe(200);

    // Space comes back: the process recovers without a restart.
    rmSync(filler);
    let healthy = 0;
    for (let i = 0; i < 50 && healthy !== 200; i++) {
      healthy = (await officer.get('/healthz')).status;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy).toBe(200);
    const after = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(after.status).toBe(201);
    acknowledged.push(after.body.token);

    proc.child.kill('SIGKILL');
    await proc.exited;
    const stored = await inspect(path, async (db) => {
      expect(await db.integrity()).toBe('ok');
      return new Set((await allTickets(db)).map((t) => t.token));
    });
    for (const token of acknowledged) expect(stored.has(token)).toBe(true);
  });

  it('a database that cannot be written refuses to start, and says why', { timeout: 120_000 }, async () => {
    const disk = smallDisk('24m');
    cleanups.push(disk.cleanup);
    mkdirSync(join(disk.dir, 'data'));
    const path = join(disk.dir, 'data', 'reception.db');
    const first = await startProcess(path, { JOBS_INTERVAL_SECONDS: '3600' });
    first.child.kill('SIGTERM');
    await first.exited;
    disk.remount('ro');
    await expect(startProcess(path, { JOBS_INTERVAL_SECONDS: '3600' })).rejects.toThrow(
      /Cannot start: Cannot write the database (folder|file) .*read-only/s,
    );
    disk.remount('rw');
  });
});
