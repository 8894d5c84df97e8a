// The public event log's writes (server/events.ts Outbox.flush): ids of an office follow one
// another in commit order, and one change may log many facts: a day's end logs one per ticket left,
// more rows than one SQLite statement takes values for (32,766), so the rows go in small inserts.
import { describe, expect, it } from 'vitest';
import { transact } from '../../server/events';
import { sqlGet, testApp } from '../helpers';

describe('the public event log', () => {
  it('logs thousands of facts of one change, with consecutive ids, and the next change after them', async () => {
    const f = await testApp();
    const before = Number((await sqlGet<{ n: number }>(f.db, 'select count(*) as n from public_events'))!.n);
    const many = 6_000;
    const logged = await transact(f.deps, async (_tx, out) => {
      const events = Array.from({ length: many }, () =>
        out.log(f.clock.now(), { officeId: 1, kind: 'office', payload: { officeId: 1 } }),
      );
      return events;
    });
    expect(logged.ok).toBe(true);
    if (!logged.ok) return;
    const ids = logged.value.map((e) => e.id);
    expect(ids.slice(1).every((id, i) => id === ids[i]! + 1)).toBe(true);
    const stored = await sqlGet<{ n: number; low: number; high: number }>(
      f.db,
      'select count(*) as n, min(id) as low, max(id) as high from public_events where office_id = 1 and id >= ?',
      ids[0],
    );
    expect(Number(stored!.n)).toBe(many);
    expect([Number(stored!.low), Number(stored!.high)]).toEqual([ids[0], ids.at(-1)]);
    expect(Number((await sqlGet<{ n: number }>(f.db, 'select count(*) as n from public_events'))!.n)).toBe(before + many);
    // The payloads are stored as the JSON they were (not as text of text).
    const one = await sqlGet<{ payload: unknown }>(f.db, 'select payload from public_events where id = ?', ids[17]);
    const payload = typeof one!.payload === 'string' ? JSON.parse(one!.payload) : one!.payload;
    expect(payload).toEqual({ officeId: 1 });
    // The next change's ids come after.
    const next = await transact(f.deps, async (_tx, out) => [
      out.log(f.clock.now(), { officeId: 1, kind: 'office', payload: { officeId: 1 } }),
      out.log(f.clock.now(), { officeId: 1, kind: 'office', payload: { officeId: 1 } }),
    ]);
    expect(next.ok && next.value.map((e) => e.id)).toEqual([ids.at(-1)! + 1, ids.at(-1)! + 2]);
  });
});
