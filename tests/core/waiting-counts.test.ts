// waiting_counts, the kept count of each line (service and class) that a new ticket's place and
// the displays' counts are read from, always equals the tickets actually waiting: through a
// whole simulated office day (priorities, check-ins, calls, no-shows, transfers, the day
// closed), through every other move, and after the migration that introduced it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openStore } from '../../db/client';
import type { SqliteStore } from '../../db/sqlite';
import { actOnCurrent, callNext, callTicket, closeCounter, openCounter, transfer } from '../../server/calling/store';
import { issueTicket } from '../../server/tickets/store';
import { counterIdOf, serviceIdOf, sqlAll, sqlRun, sqlValue, testApp } from '../helpers';
import { simulateDay, staffAllCounters } from '../reports/simulate';
import { testBackend } from '../test-databases';

const tmp = mkdtempSync(join(tmpdir(), 'reception-waiting-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Line = { serviceId: number; queueClass: number; n: number };
const sorted = (lines: Line[]) =>
  lines.filter((l) => l.n !== 0).sort((a, b) => a.serviceId - b.serviceId || a.queueClass - b.queueClass);

async function kept(db: Db): Promise<Line[]> {
  return sorted(
    (await sqlAll(
      db,
      'select service_id as "serviceId", queue_class as "queueClass", waiting as n from waiting_counts',
    )) as Line[],
  );
}

async function actual(db: Db): Promise<Line[]> {
  return sorted(
    (await sqlAll(
      db,
      `select service_id as "serviceId", queue_class as "queueClass", count(*) as n from tickets where state = 'waiting' group by service_id, queue_class`,
    )) as Line[],
  );
}

describe('waiting counts', () => {
  it('equal the waiting tickets after every step of a simulated office day', { timeout: 120_000 }, async () => {
    const env = await testApp();
    await staffAllCounters(env);
    let checks = 0;
    let longest = 0;
    const sim = await simulateDay(env, '2026-11-30', 300, 424242, [], async () => {
      const now = await actual(env.db);
      expect(await kept(env.db)).toEqual(now);
      checks++;
      longest = Math.max(longest, ...now.map((l) => l.n));
    });
    expect(sim.transfers).toBeGreaterThan(3);
    expect(checks).toBeGreaterThan(1000);
    // The lines did grow during the day, so the comparison meant something.
    expect(longest).toBeGreaterThan(3);
    // The day is closed: nobody waits, and the counts say so.
    expect(await actual(env.db)).toEqual([]);
    expect(await kept(env.db)).toEqual([]);
  });

  it('follow a call out of order, a transfer to a counter that then closes, and a no-show', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const B = await serviceIdOf(f.db, 'B');
    const c1 = await counterIdOf(f.db, 1);
    const officerId = (await sqlValue(f.db, "select id from staff where username = 'canbo1'")) as number;
    const officer = { id: officerId, role: 'officer' };
    expect((await openCounter(f.deps, c1, officer)).ok).toBe(true);
    const issued = [];
    for (const priority of ['elderly', null, null, 'merit', null])
      issued.push(await issueTicket(f.deps, { officeId: 1, serviceId: A, priority }));
    await issueTicket(f.deps, { officeId: 1, serviceId: B });
    const check = async () => expect(await kept(f.db)).toEqual(await actual(f.db));
    await check();
    const third = issued[2]!;
    if (!third.ok) throw new Error(third.code);
    expect((await callTicket(f.deps, c1, officer, { ticketId: third.value.id, reason: 'Hồ sơ bổ sung' }, 'vi')).ok).toBe(true);
    await check();
    expect((await transfer(f.deps, c1, officer, { serviceId: B })).ok).toBe(true);
    await check();
    expect((await callNext(f.deps, c1, officer, 'vi')).ok).toBe(true);
    await check();
    const c2 = await counterIdOf(f.db, 2);
    const officer2Id = (await sqlValue(f.db, "select id from staff where username = 'canbo2'")) as number;
    const officer2 = { id: officer2Id, role: 'officer' };
    expect((await openCounter(f.deps, c2, officer2)).ok).toBe(true);
    expect((await transfer(f.deps, c1, officer, { counterId: c2 })).ok).toBe(true);
    await check();
    // The ticket sent to counter 2 goes back to its service's line when counter 2 closes.
    expect((await closeCounter(f.deps, c2, officer2)).ok).toBe(true);
    await check();
    expect((await callNext(f.deps, c1, officer, 'vi')).ok).toBe(true);
    expect((await actOnCurrent(f.deps, c1, officer, 'no_show')).ok).toBe(true);
    await check();
    expect((await closeCounter(f.deps, c1, officer)).ok).toBe(true);
    await check();
    // Six issued, one ended as a no-show: five wait.
    expect((await actual(f.db)).reduce((n, l) => n + l.n, 0)).toBe(5);
  });

  it.skipIf(testBackend() === 'postgres')('are filled from the tickets already waiting when the migration runs', async () => {
    const path = join(tmp, 'upgrade.db');
    const env = await testApp();
    const A = await serviceIdOf(env.db, 'A');
    for (const priority of [null, null, 'elderly']) await issueTicket(env.deps, { officeId: 1, serviceId: A, priority });
    await (env.store as SqliteStore).writer.backup(path);
    // The database as it was before migration 0003: no counts table, that migration and the ones
    // after it not applied (each later migration's undo is listed here, newest first).
    const old = await openStore({ databasePath: path });
    for (const t of ['outreach_visits', 'outreach_bookings', 'outreach_sessions']) await sqlRun(old, `drop table ${t}`); // 0012
    // 0011: the estimate's ranges and measured spreads.
    for (const [table, column] of [
      ['tickets', 'eta_low_minutes'],
      ['tickets', 'eta_high_minutes'],
      ['service_stats', 'log_mean'],
      ['service_stats', 'log_var'],
      ['counters', 'speed_ratio'],
      ['counters', 'speed_samples'],
    ])
      await sqlRun(old, `alter table ${table} drop column ${column}`);
    // 0009 added dossiers.pickup_ticket_id: it goes with the 0007 tables.
    await sqlRun(old, 'drop table feedback_steps'); // 0010 (its feedback rebuild reruns as is)
    for (const t of ['dossier_refusals', 'dossier_supplements']) await sqlRun(old, `drop table ${t}`); // 0008
    for (const t of ['dossier_apologies', 'dossier_steps', 'dossier_sequences', 'dossiers']) await sqlRun(old, `drop table ${t}`); // 0007
    await sqlRun(old, 'drop table office_units'); // 0008 (its columns went with the 0007 tables)
    await sqlRun(old, 'alter table services drop column processing_days'); // 0007
    await sqlRun(old, 'drop table office_daily_stats'); // 0006
    await sqlRun(old, 'alter table offices drop column latitude'); // 0006
    await sqlRun(old, 'alter table offices drop column longitude'); // 0006
    await sqlRun(old, 'alter table appointments drop column cancel_reason'); // 0005
    await sqlRun(old, 'drop table office_event_counters'); // 0004 (its public_events rebuild reruns as is)
    await sqlRun(old, 'drop table waiting_counts'); // 0003
    const journal = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../db/migrations/sqlite/meta/_journal.json'), 'utf8'),
    ) as {
      entries: { tag: string; when: number }[];
    };
    const since = journal.entries.find((e) => e.tag.startsWith('0003_'))!.when;
    await sqlRun(old, 'delete from __drizzle_migrations where created_at >= ?', since);
    await old.close();
    const upgraded = await openStore({ databasePath: path });
    expect(await kept(upgraded.db)).toEqual([
      { serviceId: A, queueClass: 0, n: 1 },
      { serviceId: A, queueClass: 2, n: 2 },
    ]);
    await upgraded.close();
  });
});
