// The estimate is computed in one place (server/estimates/): the slip, the phone, the public
// list, the displays' snapshot and the counter's list must show the same figure for the same
// place in a line, and the reads behind them must not grow with the number of services or the
// length of the lines (the snapshot runs after every burst of changes, the counter's state after
// every change of its lines, on every terminal).
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../db/sqlite';
import { actOnCurrent, callNext, counterState, openCounter } from '../../server/calling/store';
import { estimateMinutes, MIN_SAMPLES } from '../../server/estimates/estimate';
import { estimateWait, estimator, listServices, queueSnapshot, recordServiceTime } from '../../server/estimates/store';
import { getTicket, issueTicket, ticketView } from '../../server/tickets/store';
import { counterIdOf, serviceIdOf, sqlGet, testApp } from '../helpers';
import { testBackend } from '../test-databases';

// Statements executed while counting, on the shared better-sqlite3 Statement prototype (the hot
// paths prepare theirs once, so execution is what is counted).
let executed = 0;
let counting = false;
if (testBackend() === 'sqlite') {
  const probe = ((await testApp()).store as SqliteStore).writer.prepare('select 1');
  const proto = Object.getPrototypeOf(probe) as Record<'get' | 'all' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
  for (const method of ['get', 'all', 'run', 'iterate'] as const) {
    const original = proto[method]!;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      if (counting) executed++;
      return original.apply(this, args);
    };
  }
}
async function statements(fn: () => Promise<unknown>): Promise<number> {
  executed = 0;
  counting = true;
  try {
    await fn();
  } finally {
    counting = false;
  }
  return executed;
}

/** The demo office with counters 1 and 3 open, service A measured, B with too few samples. */
async function office() {
  const f = await testApp();
  const officers = [3, 4, 5].map((id) => ({ id, role: 'officer', officeId: 1 }));
  const [c1, c3] = await Promise.all([counterIdOf(f.db, 1), counterIdOf(f.db, 3)]);
  expect((await openCounter(f.deps, c1, officers[0]!)).ok).toBe(true);
  expect((await openCounter(f.deps, c3, officers[1]!)).ok).toBe(true);
  const [A, B] = await Promise.all([serviceIdOf(f.db, 'A'), serviceIdOf(f.db, 'B')]);
  await f.store.write(async (tx) => {
    for (let i = 0; i < MIN_SAMPLES + 1; i++) await recordServiceTime(tx, A, 3 * 60_000 + i * 1000, f.clock.now());
    await recordServiceTime(tx, B, 30 * 60_000, f.clock.now());
  });
  return { ...f, c1, c3, officer: officers[0]! };
}

describe('one estimate', () => {
  it('every surface shows the same figure for the same place in line', async () => {
    const f = await office();
    const now = () => f.clock.now();
    const issued = [];
    for (let i = 0; i < 30; i++) {
      const before = await listServices(f.db, 1, now());
      const entry = before[i % before.length]!;
      // The list promises someone joining now the estimate a walk-in slip then shows.
      const r = await issueTicket(f.deps, { officeId: 1, serviceId: entry.id });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value).toMatchObject({ position: entry.waiting + 1, etaMinutes: entry.etaMinutes });
      expect(await estimateWait(f.db, entry.id, entry.waiting, now())).toBe(entry.etaMinutes);
      issued.push(r.value);
      f.clock.advanceMinutes(1);
    }
    // Served by counter 1, some measured and some not: the estimates really differ.
    const list = await listServices(f.db, 1, now());
    expect(new Set(list.map((s) => s.etaMinutes)).size).toBeGreaterThan(3);
    expect((await queueSnapshot(f.db, 1, now())).services).toEqual(
      list.map((s) => ({
        serviceId: s.id,
        waiting: s.waiting,
        etaMinutes: s.etaMinutes,
        etaLowMinutes: s.etaLowMinutes,
        etaHighMinutes: s.etaHighMinutes,
      })),
    );
    // The phone and the counter's list agree, ticket by ticket.
    expect((await callNext(f.deps, f.c1, f.officer, 'vi')).ok).toBe(true);
    const state = (await counterState(f.db, f.c1, now()))!;
    expect(state.waiting.length).toBeGreaterThan(5);
    for (const t of state.waiting) {
      const phone = await ticketView(f.db, (await getTicket(f.db, t.id))!, now());
      expect({ position: t.position, etaMinutes: t.etaMinutes }).toEqual({
        position: phone.position,
        etaMinutes: phone.etaMinutes,
      });
    }
    // The figure is the pure estimate over the service's load: measured A at one open counter.
    const idOfA = await serviceIdOf(f.db, 'A');
    const A = list.find((s) => s.id === idOfA)!;
    const ewma = (await sqlGet(f.db, 'select ewma_service_ms as ms from service_stats where service_id = ?', A.id)) as {
      ms: number;
    };
    expect(A.etaMinutes).toBe(estimateMinutes(A.waiting, { avgServiceMs: ewma.ms, servers: 1 }));
    expect((await estimator(f.db, [A.id], now()))(A.id, A.waiting)).toBe(A.etaMinutes);
    expect((await estimator(f.db, [], now()))(A.id, 3)).toBe(estimateMinutes(3, { avgServiceMs: 10 * 60_000, servers: 1 }));
  });

  // Counted on SQLite's statements; the reads are the same queries on PostgreSQL.
  it.skipIf(testBackend() === 'postgres')(
    "the office's list is one read, the counter's state a few, however long the lines",
    async () => {
      const f = await office();
      const A = await serviceIdOf(f.db, 'A');
      const issue = async (n: number) => {
        for (let i = 0; i < n; i++) {
          await issueTicket(f.deps, { officeId: 1, serviceId: A + (i % 4), priority: i % 7 === 0 ? 'elderly' : null });
          f.clock.advance(10_000);
        }
      };
      await issue(10);
      expect((await callNext(f.deps, f.c1, f.officer, 'vi')).ok).toBe(true);
      expect((await actOnCurrent(f.deps, f.c1, f.officer, 'start')).ok).toBe(true);
      expect((await actOnCurrent(f.deps, f.c1, f.officer, 'hold')).ok).toBe(true);
      expect((await callNext(f.deps, f.c1, f.officer, 'vi')).ok).toBe(true);
      const now = f.clock.now();
      const short = await statements(() => counterState(f.db, f.c1, now));
      expect(await statements(() => listServices(f.db, 1, now))).toBe(1);
      await issue(300);
      expect((await counterState(f.db, f.c1, now))!.waiting).toHaveLength(200);
      expect(await statements(() => counterState(f.db, f.c1, now))).toBe(short);
      expect(short).toBeLessThanOrEqual(5);
      expect(await statements(() => queueSnapshot(f.db, 1, now))).toBe(1);
    },
  );
});
