// What a call costs the disk (issue 18's call path): every page a commit changes is written to the
// WAL and synced before the lobby hears the call. The indexes a call touches hold only the rows
// their readers ask for (db/migrations 0013 and pg 0009): a waiting ticket is in neither counter
// index, staff and ticket events are not in the calls' index, events without a token are not in
// the token index. Read from SQLite's own page map (dbstat) and the WAL's frame headers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../db/sqlite';
import { actOnCurrent, callNext, openCounter } from '../../server/calling/store';
import { issueTicket } from '../../server/tickets/store';
import { counterIdOf, serviceIdOf, sqlRun, testApp } from '../helpers';

const officer = { id: 3, role: 'officer', officeId: 1 };
const WAL_HEADER = 32;
const FRAME = 24 + 4096;

/** An office with `waiting` tickets of service A and counter 1 open, after `calls` calls and no-shows. */
async function busyOffice(waiting: number, calls: number) {
  const f = await testApp();
  const writer = (f.store as SqliteStore).writer;
  const A = await serviceIdOf(f.db, 'A');
  const c1 = await counterIdOf(f.db, 1);
  for (let i = 0; i < waiting; i++) await issueTicket(f.deps, { officeId: 1, serviceId: A, priority: i % 7 ? null : 'elderly' });
  expect((await openCounter(f.deps, c1, officer)).ok).toBe(true);
  for (let i = 0; i < calls; i++) {
    expect((await callNext(f.deps, c1, officer, 'vi')).ok).toBe(true);
    expect((await actOnCurrent(f.deps, c1, officer, 'no_show')).ok).toBe(true);
  }
  /** Entries in an index's leaves. */
  const entries = (index: string) =>
    (
      writer.prepare(`select coalesce(sum(ncell), 0) as n from dbstat where name = ? and pagetype = 'leaf'`).get(index) as {
        n: number;
      }
    ).n;
  const count = (q: string) => (writer.prepare(q).get() as { n: number }).n;
  return { f, writer, c1, entries, count };
}

describe('the pages a call writes', () => {
  it('indexes hold only what their readers ask for', async () => {
    const { f, c1, entries, count } = await busyOffice(200, 20);
    await sqlRun(f.store, 'update tickets set target_counter_id = ? where id in (150, 151)', c1);
    expect(entries('tickets_counter_state')).toBe(count('select count(*) as n from tickets where counter_id is not null'));
    expect(entries('tickets_counter_state')).toBe(20);
    expect(entries('tickets_target_state')).toBe(2);
    expect(entries('public_events_calls')).toBe(count(`select count(*) as n from public_events where kind = 'call'`));
    expect(entries('public_events_calls')).toBeLessThan(count('select count(*) as n from public_events'));
    expect(entries('public_events_token')).toBe(count('select count(*) as n from public_events where ticket_token is not null'));
    expect(entries('public_events_token')).toBeLessThan(count('select count(*) as n from public_events'));
  });

  it('a call in a busy office commits under 23 pages on average (26 when every index held every row)', async () => {
    const { f, writer, c1, count } = await busyOffice(3000, 100);
    const pages = new Map<number, string>();
    for (const r of writer.prepare('select name, pageno from dbstat').all() as { name: string; pageno: number }[])
      pages.set(r.pageno, r.name);
    const calls = 30;
    const written = new Map<string, number>();
    let frames = 0;
    for (let i = 0; i < calls; i++) {
      writer.pragma('wal_checkpoint(TRUNCATE)');
      expect(readFileSync(`${f.path}-wal`).length).toBe(0);
      expect((await callNext(f.deps, c1, officer, 'vi')).ok).toBe(true);
      const wal = readFileSync(`${f.path}-wal`);
      const n = (wal.length - WAL_HEADER) / FRAME;
      frames += n;
      for (let k = 0; k < n; k++) {
        const name = pages.get(wal.readUInt32BE(WAL_HEADER + k * FRAME)) ?? '(new page)';
        written.set(name, (written.get(name) ?? 0) + 1);
      }
      expect((await actOnCurrent(f.deps, c1, officer, 'no_show')).ok).toBe(true);
    }
    expect(count(`select count(*) as n from tickets where state = 'waiting'`)).toBe(3000 - 130);
    // A called ticket has no target counter: that index is not written at all.
    expect(written.get('tickets_target_state') ?? 0).toBe(0);
    expect(frames / calls, JSON.stringify(Object.fromEntries(written))).toBeLessThan(23);
  });
});
