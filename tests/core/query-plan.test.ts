// Hot paths stay indexed lookups (DESIGN.md: issuing, position and estimated wait, a call, the
// displays' snapshot and replay never scan the day's tickets or the event log). Every statement
// these paths run is recorded and its EXPLAIN QUERY PLAN checked: a large table is only ever
// searched through an index, never scanned, never sorted in a temporary b-tree.
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../db/sqlite';
import { callNext, counterState, openCounter } from '../../server/calling/store';
import { queueSnapshot } from '../../server/estimates/store';
import { eventsSince, recentCalls } from '../../server/realtime/log';
import { getTicketByToken, issueTicket, ticketView } from '../../server/tickets/store';
import { counterIdOf, serviceIdOf, sqlRun, testApp } from '../helpers';

const big = ['tickets', 'ticket_events', 'public_events', 'sessions', 'appointments'];

// Every statement executed while recording, whenever it was prepared: the hot paths prepare
// their statements once (db/prepared.ts), so it is execution that is watched, on the shared
// Statement prototype.
const seen = new Set<string>();
let on = false;
{
  const probe = ((await testApp()).store as SqliteStore).writer.prepare('select 1');
  const proto = Object.getPrototypeOf(probe) as Record<'get' | 'all' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
  for (const method of ['get', 'all', 'run', 'iterate'] as const) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (on) seen.add(this.source);
      return original.apply(this, args);
    };
  }
}

async function recorder() {
  const f = await testApp();
  const writer = (f.store as SqliteStore).writer;
  const prepare = writer.prepare.bind(writer);
  /** Runs fn and returns the plan lines of every read it made that touches a large table. */
  const plans = async (fn: () => Promise<unknown>) => {
    seen.clear();
    on = true;
    try {
      await fn();
    } finally {
      on = false;
    }
    const out: { sql: string; plan: string[] }[] = [];
    for (const source of seen) {
      // Inserts are left out: their plans list the foreign-key bookkeeping SQLite runs only for
      // deferred constraints, which this schema does not use.
      if (!/^\s*(select|update|delete)/i.test(source)) continue;
      const params = (source.match(/\?/g) ?? []).length;
      const rows = prepare(`explain query plan ${source}`).all(...Array(params).fill(1)) as { detail: string }[];
      out.push({ sql: source, plan: rows.map((r) => r.detail) });
    }
    return out;
  };
  return { ...f, plans };
}

/** No scan of a large table; no sort of a large table's rows unless `sorts` allows it (the
 * replay sorts the missed events it found by index, which is bounded by what was missed). */
function expectIndexed(results: { sql: string; plan: string[] }[], sorts = false) {
  expect(results.length).toBeGreaterThan(0);
  const readsBig = (sql: string) => big.some((t) => sql.includes(`from "${t}"`));
  const bad = results.filter(
    ({ sql, plan }) =>
      plan.some((line) => big.some((t) => new RegExp(`^SCAN ${t}\\b`).test(line))) ||
      (!sorts && readsBig(sql) && plan.some((line) => /TEMP B-TREE/.test(line))),
  );
  expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
}

describe('hot paths use indexes', () => {
  it('issuing a ticket (number, position, estimate)', async () => {
    const f = await recorder();
    const A = await serviceIdOf(f.db, 'A');
    for (let i = 0; i < 50; i++) await issueTicket(f.deps, { officeId: 1, serviceId: A });
    expectIndexed(await f.plans(() => issueTicket(f.deps, { officeId: 1, serviceId: A, priority: 'elderly' })));
  });

  it("a ticket's live view by token", async () => {
    const f = await recorder();
    const A = await serviceIdOf(f.db, 'A');
    let token = '';
    for (let i = 0; i < 30; i++) {
      const r = await issueTicket(f.deps, { officeId: 1, serviceId: A });
      if (r.ok) token = r.value.token;
    }
    expectIndexed(
      await f.plans(async () => {
        const t = (await getTicketByToken(f.db, token))!;
        expect((await ticketView(f.db, t, f.clock.now())).position).toBe(30);
      }),
    );
  });

  it('call-next, with every class and a transferred ticket in the line', async () => {
    const f = await recorder();
    const A = await serviceIdOf(f.db, 'A');
    const c1 = await counterIdOf(f.db, 1);
    for (let i = 0; i < 20; i++) {
      await issueTicket(f.deps, { officeId: 1, serviceId: A, priority: i % 5 === 0 ? 'elderly' : null });
      await issueTicket(f.deps, { officeId: 1, serviceId: A, source: 'booking', slotStart: f.clock.now() + (i - 10) * 60_000 });
    }
    await sqlRun(f.store, 'update tickets set target_counter_id = ? where id = 7', await counterIdOf(f.db, 2));
    await sqlRun(f.store, 'update tickets set target_counter_id = ? where id = 9', c1);
    const officer = { id: 3, role: 'officer', officeId: 1 };
    expect((await openCounter(f.deps, c1, officer)).ok).toBe(true);
    expectIndexed(await f.plans(async () => expect((await callNext(f.deps, c1, officer, 'vi')).ok).toBe(true)));
  });

  it("a counter terminal's state: its desk and its waiting line with places and estimates", async () => {
    const f = await recorder();
    const [A, E] = await Promise.all([serviceIdOf(f.db, 'A'), serviceIdOf(f.db, 'E')]);
    const c1 = await counterIdOf(f.db, 1);
    for (let i = 0; i < 20; i++) {
      await issueTicket(f.deps, { officeId: 1, serviceId: A, priority: i % 5 === 0 ? 'elderly' : null });
      await issueTicket(f.deps, { officeId: 1, serviceId: E });
    }
    await sqlRun(f.store, 'update tickets set target_counter_id = ? where id = 2', c1);
    const officer = { id: 3, role: 'officer', officeId: 1 };
    expect((await openCounter(f.deps, c1, officer)).ok).toBe(true);
    expect((await callNext(f.deps, c1, officer, 'vi')).ok).toBe(true);
    // The line is sorted to number the places: bounded by the waiting tickets of its services.
    expectIndexed(
      await f.plans(async () => expect((await counterState(f.db, c1, f.clock.now()))!.waiting.length).toBe(20)),
      true,
    );
  });

  it("the displays' queue snapshot, recent calls and replay", async () => {
    const f = await recorder();
    for (let i = 0; i < 20; i++) await issueTicket(f.deps, { officeId: 1, serviceId: await serviceIdOf(f.db, 'A') });
    expectIndexed(
      await f.plans(async () => {
        await queueSnapshot(f.db, 1, f.clock.now());
        await recentCalls(f.db, 1, 10);
        await eventsSince(f.db, { officeId: 1, lastEventId: 5 });
        await eventsSince(f.db, { officeId: 1, lastEventId: 5, ticketToken: 'abcdefgh', staff: true });
      }),
      true,
    );
  });
});
