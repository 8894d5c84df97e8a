// Walk-in numbers: per service prefix per office-local day, never duplicated or skipped, under
// concurrency and across a restart.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/client';
import type { SqliteStore } from '../../db/sqlite';
import { issueTicket } from '../../server/tickets/store';
import { zonedTime } from '../../server/time';
import { rowCount, serviceIdOf, sqlAll, testApp, testServer } from '../helpers';
import { testBackend } from '../test-databases';

const TZ = 'Asia/Ho_Chi_Minh';

describe('ticket numbering', () => {
  it('500 concurrent requests to a real server get 500 distinct consecutive numbers', { timeout: 180_000 }, async () => {
    const srv = await testServer();
    await srv.client.login('canbo1');
    const A = await serviceIdOf(srv.db, 'A');
    const responses = await Promise.all(
      Array.from({ length: 500 }, () =>
        fetch(`${srv.url}/api/offices/${srv.officeId}/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: srv.client.cookie, origin: srv.url },
          body: JSON.stringify({ serviceId: A }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { number: string; id: number } })),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const numbers = responses.map((r) => r.body.number);
    expect(new Set(numbers).size).toBe(500);
    const expected = Array.from({ length: 500 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);
    expect([...numbers].sort()).toEqual(expected);
    expect(await rowCount(srv.db, 'tickets')).toBe(500);
    const seqs = (await sqlAll(srv.db, 'select seq from tickets order by seq')).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('restarts at local midnight in Asia/Ho_Chi_Minh, per prefix', async () => {
    const f = await testApp();
    const [A, B] = await Promise.all([serviceIdOf(f.db, 'A'), serviceIdOf(f.db, 'B')]);
    const issue = async (serviceId: number) => {
      const r = await issueTicket(f.deps, { officeId: f.officeId, serviceId });
      if (!r.ok) throw new Error(r.code);
      return r.value.number;
    };
    // 23:59 local is 16:59 UTC: still the same local day as the morning.
    f.clock.set(zonedTime('2026-11-30', 8 * 60, TZ));
    expect([await issue(A), await issue(A), await issue(B)]).toEqual(['A001', 'A002', 'B001']);
    f.clock.set(zonedTime('2026-11-30', 23 * 60 + 59, TZ));
    expect(new Date(f.clock.now()).toISOString()).toBe('2026-11-30T16:59:00.000Z');
    expect(await issue(A)).toBe('A003');
    // 00:01 local the next day (17:01 UTC, still 30 November in UTC): a new day, A001 again.
    f.clock.set(zonedTime('2026-12-01', 1, TZ));
    expect(new Date(f.clock.now()).toISOString()).toBe('2026-11-30T17:01:00.000Z');
    expect([await issue(A), await issue(B), await issue(A)]).toEqual(['A001', 'B001', 'A002']);
    const days = (await sqlAll(f.db, "select distinct local_day from tickets where prefix = 'A' order by local_day")).map(
      (r) => r.local_day,
    );
    expect(days).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('A999 is followed by A1000, with no gap and no repeat', { timeout: 120_000 }, async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const numbers: string[] = [];
    for (let i = 0; i < 1001; i++) {
      const r = await issueTicket(f.deps, { officeId: f.officeId, serviceId: A });
      if (!r.ok) throw new Error(r.code);
      numbers.push(r.value.number);
    }
    expect(numbers.slice(997)).toEqual(['A998', 'A999', 'A1000', 'A1001']);
    expect(new Set(numbers).size).toBe(1001);
  });

  it('a refused request does not use up a number', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    expect((await issueTicket(f.deps, { officeId: f.officeId, serviceId: A })).ok).toBe(true);
    const bad = await issueTicket(f.deps, { officeId: f.officeId, serviceId: A, priority: 'vip' });
    expect(bad).toMatchObject({ ok: false, code: 'UNKNOWN_PRIORITY' });
    const next = await issueTicket(f.deps, { officeId: f.officeId, serviceId: A });
    expect(next.ok && next.value.number).toBe('A002');
  });

  it('numbers survive closing and reopening the database', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    for (const expected of ['A001', 'A002', 'A003']) {
      const r = await issueTicket(f.deps, { officeId: 1, serviceId: A });
      expect(r.ok && r.value.number).toBe(expected);
    }
    await f.store.close();
    const store = await openStore(testBackend() === 'postgres' ? { databaseUrl: f.url } : { databasePath: f.path });
    if (testBackend() === 'sqlite') {
      // Durable settings are applied on every open.
      const writer = (store as SqliteStore).writer;
      expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(writer.pragma('synchronous', { simple: true })).toBe(2);
      expect(writer.pragma('foreign_keys', { simple: true })).toBe(1);
    }
    const r = await issueTicket({ ...f.deps, db: store.db, store }, { officeId: 1, serviceId: A });
    expect(r.ok && r.value.number).toBe('A004');
    await store.close();
  });
});
