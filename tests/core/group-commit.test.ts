// Group commit (db/sqlite.ts, the SQLite store's write queue): writes made in the same event-loop
// turn share one transaction and one commit, each in its own savepoint. The numbers stay consecutive, a
// refused or failing write leaves no trace and does not disturb the others, the facts are
// pushed only after the commit, and a failed commit answers every write with the error.
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../db/client';
import { tickets } from '../../db/schema';
import type { SqliteStore } from '../../db/sqlite';
import { reject } from '../../server/errors';
import { transact } from '../../server/events';
import { insertTicket, issueTicket } from '../../server/tickets/store';
import { rowCount, serviceIdOf, testApp } from '../helpers';

afterEach(() => vi.restoreAllMocks());

const writer = (store: Store) => (store as SqliteStore).writer;

/** Counts the COMMIT statements run on this database from now on. */
function countCommits(store: Store): () => number {
  const proto = Object.getPrototypeOf(writer(store).prepare('select 1')) as { run: (...args: unknown[]) => unknown };
  const run = vi.spyOn(proto, 'run');
  run.mockClear();
  return () => run.mock.contexts.filter((stmt) => /^\s*commit\b/i.test((stmt as { source: string }).source)).length;
}

/** A refused write: prepares the group's statements (on first use) without a ticket. */
async function warmUp(f: { deps: Parameters<typeof transact>[0] }) {
  await transact(f.deps, () => reject('UNKNOWN_SERVICE'));
}

const numbers = (n: number, prefix = 'A') => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);

describe('group commit', () => {
  it('300 writes in one turn share two commits (at most 256 each) and get consecutive numbers', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    await warmUp(f);
    const commits = countCommits(f.store);
    const results = await Promise.all(Array.from({ length: 300 }, () => issueTicket(f.deps, { officeId: 1, serviceId: A })));
    expect(commits()).toBe(2);
    expect(results.every((r) => r.ok)).toBe(true);
    // Answered in arrival order with the numbers in that order.
    expect(results.map((r) => (r.ok ? r.value.number : null))).toEqual(numbers(300));
    expect(results.map((r) => (r.ok ? r.value.position : null))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(await rowCount(f.db, 'tickets')).toBe(300);
    expect(f.notify.dirty.length).toBe(300);
  });

  it('a refused write in the group is answered with its failure and uses no number', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const results = await Promise.all([
      issueTicket(f.deps, { officeId: 1, serviceId: A }),
      issueTicket(f.deps, { officeId: 1, serviceId: A, priority: 'astronaut' }),
      issueTicket(f.deps, { officeId: 1, serviceId: 99_999 }),
      issueTicket(f.deps, { officeId: 1, serviceId: A }),
    ]);
    expect(results.map((r) => (r.ok ? r.value.number : r.code))).toEqual(['A001', 'UNKNOWN_PRIORITY', 'UNKNOWN_SERVICE', 'A002']);
    expect(await rowCount(f.db, 'tickets')).toBe(2);
    expect(await rowCount(f.db, 'ticket_events')).toBe(2);
    expect(f.notify.dirty.length).toBe(2);
  });

  it('an unexpected error rolls back only its own write and reaches its caller', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const before = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    const broken = transact(f.deps, async (tx, out) => {
      await insertTicket(tx, out, f.clock.now(), { officeId: 1, serviceId: A });
      throw new Error('disk on fire');
    });
    const after = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    await expect(broken).rejects.toThrow('disk on fire');
    const [b, a] = await Promise.all([before, after]);
    // The broken write's number was rolled back with it: no gap.
    expect([b, a].map((r) => (r.ok ? r.value.number : r.code))).toEqual(['A001', 'A002']);
    expect((await f.db.select({ number: tickets.number }).from(tickets)).map((t) => t.number)).toEqual(['A001', 'A002']);
    // Only the committed writes were pushed.
    expect(f.notify.dirty.length).toBe(2);
  });

  it('when the commit cannot happen, every write of the group fails and nothing is written', async () => {
    const f = await testApp();
    writer(f.store).pragma('busy_timeout = 50');
    const A = await serviceIdOf(f.db, 'A');
    // Another process holds the write lock (a backup, a second server).
    const other = new Database(f.path);
    other.exec('begin immediate');
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => issueTicket(f.deps, { officeId: 1, serviceId: A })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
      expect(String((results[0] as PromiseRejectedResult).reason.code)).toMatch(/^SQLITE_BUSY/);
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect(await rowCount(f.db, 'tickets')).toBe(0);
    expect(f.notify.dirty.length).toBe(0);
    // The next group goes through, from number 1.
    const next = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    expect(next.ok && next.value.number).toBe('A001');
  });

  it('a group whose writes were all refused rolls back: nothing reaches the WAL', async () => {
    const f = await testApp();
    const path = f.path;
    const A = await serviceIdOf(f.db, 'A');
    expect((await issueTicket(f.deps, { officeId: 1, serviceId: A })).ok).toBe(true);
    const wal = () => statSync(`${path}-wal`).size;
    const before = wal();
    // Each write touches pages (a ticket inserted) before it is refused.
    const refused = await Promise.all(
      Array.from({ length: 3 }, () =>
        transact(f.deps, async (tx, out) => {
          await insertTicket(tx, out, f.clock.now(), { officeId: 1, serviceId: A });
          return reject('SLOT_FULL');
        }),
      ),
    );
    expect(refused.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['SLOT_FULL', 'SLOT_FULL', 'SLOT_FULL']);
    expect(wal()).toBe(before);
    expect(await rowCount(f.db, 'tickets')).toBe(1);
    // A group with one success among refusals commits that one only.
    const mixed = await Promise.all([
      transact(f.deps, async (tx, out) => {
        await insertTicket(tx, out, f.clock.now(), { officeId: 1, serviceId: A });
        return reject('SLOT_FULL');
      }),
      issueTicket(f.deps, { officeId: 1, serviceId: A }),
    ]);
    expect(mixed.map((r) => (r.ok ? r.value.number : r.code))).toEqual(['SLOT_FULL', 'A002']);
    expect(wal()).toBeGreaterThan(before);
  });

  it("a group's savepoints keep what they would undo in memory: no temporary file is written", async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    // SQLite's temporary files, deleted as soon as they are opened, show among the open files.
    const tempFiles = () =>
      readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          const target = readlinkSync(`/proc/self/fd/${fd}`);
          return /etilqs_/.test(target) ? [target] : [];
        } catch {
          return [];
        }
      });
    let seenInGroup: string[] | null = null;
    // 60 tickets change far more than the 64 KiB SQLite keeps in memory before it spills a
    // savepoint's journal to a file; the last write of the group looks while it is still open.
    const issued = await Promise.all([
      ...Array.from({ length: 60 }, () => issueTicket(f.deps, { officeId: 1, serviceId: A })),
      transact(f.deps, async () => {
        seenInGroup = tempFiles();
      }),
    ]);
    expect(issued.every((r) => r.ok)).toBe(true);
    expect(seenInGroup).toEqual([]);
  });

  it('writes in different turns are separate commits', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    await warmUp(f);
    const commits = countCommits(f.store);
    const first = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    const second = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    expect(commits()).toBe(2);
    expect([first, second].map((r) => r.ok && r.value.number)).toEqual(['A001', 'A002']);
  });
});
