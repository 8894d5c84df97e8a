// The city's walk-in path (server/tickets/issue-postgres.ts): the tickets of a line asked at once
// go in one statement that commits by itself. Two processes' stores on one PostgreSQL issue
// hundreds of tickets at once: the numbers are consecutive and never repeated, the kept waiting
// counts equal the tickets, each ticket has its `issued` event, each answered place is the
// ticket's real place, and the estimate stored with each ticket is the one it was answered. A
// ticket whose place moved out of the estimates sent with the statement gets its own written.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/client';
import { testConfig } from '../../server/config';
import { estimateMinutes, loadOf } from '../../server/estimates/estimate';
import { createAppDeps } from '../../server/server';
import { type IssuedTicket, issueTicket } from '../../server/tickets/store';
import { serviceIdOf, sqlAll, sqlValue, testApp } from '../helpers';
import { testBackend } from '../test-databases';

const onPostgres = testBackend() === 'postgres';

async function issued(p: Promise<unknown>): Promise<IssuedTicket> {
  const r = (await p) as { ok: boolean; value?: IssuedTicket; code?: string };
  if (!r.ok) throw new Error(r.code);
  return r.value!;
}

describe.skipIf(!onPostgres)('walk-in tickets on PostgreSQL', () => {
  it('300 at once over two processes: consecutive numbers, exact places, counts, events and stored estimates', {
    timeout: 120_000,
  }, async () => {
    const f = await testApp();
    // A second process of the city: its own store (pool) and its own lines on the same database.
    const other = await openStore({ databaseUrl: f.url! });
    const deps2 = await createAppDeps({ store: other, clock: f.clock, notify: f.notify, config: testConfig() });
    try {
      const [A, B] = await Promise.all([serviceIdOf(f.db, 'A'), serviceIdOf(f.db, 'B')]);
      const on = (i: number) => (i % 2 ? deps2 : f.deps);
      // First the ordinary class alone, so each ticket's place is its number.
      const walkIns = await Promise.all(
        Array.from({ length: 240 }, (_, i) => issued(issueTicket(on(i), { officeId: 1, serviceId: i % 8 === 0 ? B : A }))),
      );
      const ofA = walkIns.filter((t) => t.serviceId === A);
      const ofB = walkIns.filter((t) => t.serviceId === B);
      expect(ofA.length).toBe(210);
      expect(ofB.length).toBe(30);
      for (const line of [ofA, ofB]) {
        const prefix = line[0]!.number[0]!;
        expect(line.map((t) => t.number).sort()).toEqual(line.map((_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`));
        for (const t of line) expect(t.position).toBe(Number(t.number.slice(1)));
      }
      // Then priorities, ahead of every ordinary ticket, in an order of their own.
      const priority = await Promise.all(
        Array.from({ length: 60 }, (_, i) => issued(issueTicket(on(i), { officeId: 1, serviceId: A, priority: 'elderly' }))),
      );
      expect(priority.map((t) => t.position).sort((x, y) => x - y)).toEqual(priority.map((_, i) => i + 1));
      expect(priority.map((t) => t.number).sort()).toEqual(priority.map((_, i) => `A${String(211 + i).padStart(3, '0')}`));
      // Places follow the order of the line: a lower place, an earlier ticket.
      const byPlace = [...priority].sort((x, y) => x.position - y.position);
      expect(byPlace.map((t) => t.id)).toEqual([...byPlace.map((t) => t.id)].sort((x, y) => x - y));

      const all = [...walkIns, ...priority];
      const rows = await sqlAll(
        f.db,
        `select t.id, t.state, t.queue_class as "queueClass", t.eta_minutes_at_issue as eta, t.eta_low_minutes as low,
           t.eta_high_minutes as high, count(e.id) as events, min(e.type) as type, min(e.data::text) as data
         from tickets t left join ticket_events e on e.ticket_id = t.id group by t.id order by t.id`,
      );
      expect(rows.length).toBe(300);
      const byId = new Map(all.map((t) => [t.id, t]));
      for (const r of rows) {
        const t = byId.get(Number(r.id))!;
        expect(r).toMatchObject({ state: 'waiting', queueClass: t.priority ? 0 : 2, type: 'issued' });
        expect(Number(r.events)).toBe(1);
        expect(r.data === null ? null : JSON.parse(r.data)).toEqual(t.priority ? { priority: 'elderly' } : null);
        expect([r.eta, r.low, r.high]).toEqual([t.etaMinutes, t.etaLowMinutes, t.etaHighMinutes]);
      }
      const counts = await sqlAll(
        f.db,
        'select service_id as s, queue_class as c, waiting as n from waiting_counts order by 1, 2',
      );
      expect(counts.map((c) => [Number(c.s), Number(c.c), Number(c.n)])).toEqual(
        [
          [A, 0, 60],
          [A, 2, 210],
          [B, 2, 30],
        ].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!),
      );
      // The estimates are the line's: the further back, never the shorter.
      const ordinary = [...ofA].sort((x, y) => x.position - y.position);
      for (let i = 1; i < ordinary.length; i++)
        expect(ordinary[i]!.etaMinutes).toBeGreaterThanOrEqual(ordinary[i - 1]!.etaMinutes);
    } finally {
      await other.close();
    }
  });

  it('a ticket whose line moved while it waited for its number gets the estimate of its real place', {
    timeout: 60_000,
  }, async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    await issued(issueTicket(f.deps, { officeId: 1, serviceId: A }));
    // Another writer holds the line's number row while 100 more join it (the count moved by
    // hand, as a crowd of tickets committed meanwhile would have moved it).
    const held = new pg.Client({ connectionString: f.url! });
    await held.connect();
    try {
      await held.query('begin');
      await held.query("select * from ticket_sequences where prefix = 'A' for update");
      await held.query('update waiting_counts set waiting = waiting + 100 where service_id = $1 and queue_class = 2', [A]);
      const pending = issued(issueTicket(f.deps, { officeId: 1, serviceId: A }));
      // The ticket has read its line (one ahead) and waits on the row.
      for (let i = 0; i < 200; i++) {
        const waiting = await sqlAll(
          f.db,
          "select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%ticket_sequences%'",
        );
        if (waiting.length) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await held.query('commit');
      const t = await pending;
      expect(t.number).toBe('A002');
      expect(t.position).toBe(102);
      const load = loadOf(
        (
          await sqlAll(
            f.db,
            `select s.avg_service_minutes as "avgServiceMinutes", null as "ewmaServiceMs", null as samples,
             (select count(*) from counter_services cs join counters c on c.id = cs.counter_id where cs.service_id = s.id and c.status = 'open') as open,
             (select count(*) from counter_services cs where cs.service_id = s.id) as all
           from services s where s.id = ${A}`,
          )
        ).map((r) => ({ ...r, open: Number(r.open), all: Number(r.all) }))[0] as never,
      );
      expect(t.etaMinutes).toBe(estimateMinutes(101, load));
      const stored = await sqlValue(f.db, 'select eta_minutes_at_issue from tickets where id = ?', t.id);
      expect(stored).toBe(t.etaMinutes);
      // Far from the first ticket's: the window (up to 49 places ahead) did not reach it.
      expect(t.etaMinutes).toBeGreaterThan(estimateMinutes(49, load));
    } finally {
      await held.end();
    }
  });
});
