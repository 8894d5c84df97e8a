// Call order: the pure policy table-driven, then the same rules end to end over HTTP with the
// injected clock (transfers keep their place, specific calls need a logged reason).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ticketEvents } from '../../db/schema';
import { type Candidate, callReason, chooseNext, explain, explainCall, type FairnessRule } from '../../server/calling/policy';
import { issueTicket } from '../../server/tickets/store';

import { counterIdOf, expectError, issue, openCounter, serviceIdOf, testApp, ticketRow } from '../helpers';

const NOW = Date.UTC(2026, 10, 30, 3, 0);
const MIN = 60_000;
const rule: FairnessRule = { maxPriorityInRow: 2, maxWaitMinutes: 45, bookingLeadMinutes: 2 };

/** A waiting ticket that arrived `ago` minutes before NOW. */
function t(id: number, kind: 'P' | 'B' | 'N', ago: number, slotIn?: number): Candidate {
  return {
    id,
    serviceId: 1,
    queueClass: kind === 'P' ? 0 : kind === 'B' ? 1 : 2,
    priority: kind === 'P' ? 'elderly' : null,
    slotStart: kind === 'B' ? NOW + (slotIn ?? 0) * MIN : null,
    queuedAt: NOW - ago * MIN,
    targetCounterId: null,
  };
}

describe('chooseNext (pure policy)', () => {
  const cases: {
    name: string;
    line: Candidate[];
    streak?: number;
    rule?: Partial<FairnessRule>;
    expect: { id: number; reason: string; countsAsPriority: boolean } | null;
  }[] = [
    { name: 'empty line', line: [], expect: null },
    {
      name: 'priority before earlier normal arrivals',
      line: [t(1, 'N', 30), t(2, 'N', 20), t(3, 'P', 1)],
      expect: { id: 3, reason: 'PRIORITY', countsAsPriority: true },
    },
    {
      name: 'checked-in booking whose slot started comes before normal arrivals',
      line: [t(1, 'N', 30), t(2, 'B', 1, -5)],
      expect: { id: 2, reason: 'BOOKING', countsAsPriority: false },
    },
    {
      name: 'booking whose slot starts within 2 min counts as due',
      line: [t(1, 'N', 30), t(2, 'B', 1, 2)],
      expect: { id: 2, reason: 'BOOKING', countsAsPriority: false },
    },
    {
      name: 'early booking (slot in 10 min) counts as a normal arrival: the earlier walk-in goes first',
      line: [t(1, 'N', 30), t(2, 'B', 1, 10)],
      expect: { id: 1, reason: 'ARRIVAL', countsAsPriority: false },
    },
    {
      name: 'early booking that arrived first is first among normal arrivals',
      line: [t(1, 'N', 10), t(2, 'B', 20, 10)],
      expect: { id: 2, reason: 'ARRIVAL', countsAsPriority: false },
    },
    {
      name: 'priority before a due booking',
      line: [t(1, 'B', 30, -1), t(2, 'P', 1)],
      expect: { id: 2, reason: 'PRIORITY', countsAsPriority: true },
    },
    {
      name: 'FIFO among priority',
      line: [t(5, 'P', 3), t(4, 'P', 7), t(6, 'P', 5)],
      expect: { id: 4, reason: 'PRIORITY', countsAsPriority: true },
    },
    {
      name: 'FIFO among normal arrivals, ties broken by id',
      line: [t(9, 'N', 5), t(8, 'N', 5), t(7, 'N', 2)],
      expect: { id: 8, reason: 'ARRIVAL', countsAsPriority: false },
    },
    {
      name: 'FIFO among due bookings',
      line: [t(1, 'B', 3, -1), t(2, 'B', 8, 1)],
      expect: { id: 2, reason: 'BOOKING', countsAsPriority: false },
    },
    {
      name: 'interleave: after 2 priority calls in a row a normal arrival is called',
      line: [t(1, 'P', 10), t(2, 'N', 5)],
      streak: 2,
      expect: { id: 2, reason: 'INTERLEAVE', countsAsPriority: false },
    },
    {
      name: 'interleave: below the cap priority still goes first',
      line: [t(1, 'P', 10), t(2, 'N', 50 - 6)],
      streak: 1,
      expect: { id: 1, reason: 'PRIORITY', countsAsPriority: true },
    },
    {
      name: 'interleave: a due booking takes the interleaved turn before normal arrivals',
      line: [t(1, 'P', 10), t(2, 'N', 30), t(3, 'B', 2, 0)],
      streak: 2,
      expect: { id: 3, reason: 'INTERLEAVE', countsAsPriority: false },
    },
    {
      name: 'interleave: with only priority waiting, priority is called past the cap',
      line: [t(1, 'P', 10), t(2, 'P', 5)],
      streak: 5,
      expect: { id: 1, reason: 'PRIORITY', countsAsPriority: true },
    },
    {
      name: 'interleave off (0): priority always first',
      line: [t(1, 'P', 1), t(2, 'N', 30)],
      streak: 9,
      rule: { maxPriorityInRow: 0 },
      expect: { id: 1, reason: 'PRIORITY', countsAsPriority: true },
    },
    {
      name: 'maximum wait lifts a normal arrival above priority',
      line: [t(1, 'P', 1), t(2, 'N', 46)],
      expect: { id: 2, reason: 'MAX_WAIT', countsAsPriority: false },
    },
    {
      name: 'maximum wait applies exactly at the limit',
      line: [t(1, 'P', 1), t(2, 'N', 45)],
      expect: { id: 2, reason: 'MAX_WAIT', countsAsPriority: false },
    },
    {
      name: 'maximum wait: the longest-waiting overdue ticket first',
      line: [t(1, 'N', 50), t(2, 'N', 60), t(3, 'P', 1)],
      expect: { id: 2, reason: 'MAX_WAIT', countsAsPriority: false },
    },
    {
      name: 'maximum wait: an overdue priority ticket still counts as priority',
      line: [t(1, 'P', 70), t(2, 'N', 60)],
      streak: 2,
      expect: { id: 1, reason: 'MAX_WAIT', countsAsPriority: true },
    },
    {
      name: 'maximum wait off (0)',
      line: [t(1, 'P', 1), t(2, 'N', 300)],
      rule: { maxWaitMinutes: 0 },
      expect: { id: 1, reason: 'PRIORITY', countsAsPriority: true },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const choice = chooseNext(c.line, { now: NOW, priorityStreak: c.streak ?? 0, rule: { ...rule, ...c.rule } });
      if (c.expect === null) expect(choice).toBeNull();
      else
        expect(choice).toMatchObject({
          ticketId: c.expect.id,
          reasonCode: c.expect.reason,
          countsAsPriority: c.expect.countsAsPriority,
        });
    });
  }

  it('interleaves a long line: P P N P P N, the streak resetting after each normal call', () => {
    const line = [t(1, 'P', 9), t(2, 'P', 8), t(3, 'P', 7), t(4, 'P', 6), t(5, 'N', 20), t(6, 'N', 19), t(7, 'P', 5)];
    let streak = 0;
    const order: string[] = [];
    let left = [...line];
    while (left.length) {
      const choice = chooseNext(left, { now: NOW, priorityStreak: streak, rule })!;
      streak = choice.countsAsPriority ? streak + 1 : 0;
      const picked = left.find((x) => x.id === choice.ticketId)!;
      order.push(`${picked.queueClass === 0 ? 'P' : 'N'}${picked.id}`);
      left = left.filter((x) => x.id !== picked.id);
    }
    expect(order).toEqual(['P1', 'P2', 'N5', 'P3', 'P4', 'N6', 'P7']);
  });
});

describe('call order over HTTP with the injected clock', () => {
  it('calls priority first, interleaves, and lifts whoever waited too long', async () => {
    const { client, clock, db } = await testApp();
    const A = await serviceIdOf(db, 'A');
    const c1 = await counterIdOf(db, 1);
    await client.login('canbo1');
    const n1 = await issue(client, A);
    clock.advanceMinutes(1);
    const n2 = await issue(client, A);
    clock.advanceMinutes(1);
    const p1 = await issue(client, A, 'elderly');
    const p2 = await issue(client, A, 'pregnant');
    const p3 = await issue(client, A, 'disabled');
    await openCounter(client, c1);
    const order: string[] = [];
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await client.post(`/api/counters/${c1}/call-next`);
      expect(r.status).toBe(200);
      order.push(r.body.ticket.number);
      reasons.push(r.body.reasonCode);
      expect(r.body.reason.length).toBeGreaterThan(10);
      expect((await client.post(`/api/counters/${c1}/no-show`)).status).toBe(200);
    }
    expect(order).toEqual([p1.number, p2.number, n1.number, p3.number, n2.number]);
    expect(reasons).toEqual(['PRIORITY', 'PRIORITY', 'INTERLEAVE', 'PRIORITY', 'ARRIVAL']);

    // Maximum wait (45 min in the demo office): an old walk-in goes before a new priority.
    const old = await issue(client, A);
    clock.advanceMinutes(46);
    await issue(client, A, 'merit');
    const lifted = await client.post(`/api/counters/${c1}/call-next`);
    expect(lifted.body.ticket.number).toBe(old.number);
    expect(lifted.body.reasonCode).toBe('MAX_WAIT');
    expect(lifted.body.reason).toContain('46');
  });

  it('explains the choice in the client language', async () => {
    const { client, db } = await testApp();
    await client.login('canbo1');
    await issue(client, await serviceIdOf(db, 'A'), 'elderly');
    await openCounter(client, await counterIdOf(db, 1));
    client.lang = 'en';
    const r = await client.post(`/api/counters/${await counterIdOf(db, 1)}/call-next`);
    expect(r.body.reason).toMatch(/Priority citizen \(Elderly person\)/);
  });

  it('a ticket transferred to another service keeps its original place in the new line', async () => {
    const { client, clock, db } = await testApp();
    const [A, E] = await Promise.all([serviceIdOf(db, 'A'), serviceIdOf(db, 'E')]);
    const officer1 = client;
    const officer2 = client.fresh();
    await officer1.login('canbo1');
    await officer2.login('canbo2');
    const a1 = await issue(officer1, A);
    clock.advanceMinutes(2);
    const e1 = await issue(officer1, E);
    clock.advanceMinutes(1);
    const e2 = await issue(officer1, E);
    const c1 = await counterIdOf(db, 1); // serves A B C D
    const c3 = await counterIdOf(db, 3); // serves E F G
    await openCounter(officer1, c1);
    await openCounter(officer2, c3);
    expect((await officer1.post(`/api/counters/${c1}/call-next`)).body.ticket.id).toBe(a1.id);
    expect((await officer1.post(`/api/counters/${c1}/start`)).status).toBe(200);
    clock.advanceMinutes(5);
    const moved = await officer1.post(`/api/counters/${c1}/transfer`, { serviceId: E });
    expect(moved.status).toBe(200);
    expect(moved.body.ticket).toMatchObject({ state: 'waiting', serviceId: E, position: 1 });
    expect(moved.body.counter.currentTicketId).toBeUndefined();
    // Its place: before E001 and E002, who arrived after it.
    expect((await officer1.get(`/api/tickets/${e1.token}`)).body.position).toBe(2);
    expect((await officer1.get(`/api/tickets/${e2.token}`)).body.position).toBe(3);
    const row = await ticketRow(db, a1.id);
    expect(row.queuedAt).toBe(row.issuedAt);
    const next = await officer2.post(`/api/counters/${c3}/call-next`);
    expect(next.body.ticket).toMatchObject({ id: a1.id, number: a1.number });
    const transferEvent = (
      await db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, a1.id), eq(ticketEvents.type, 'transfer')))
    )[0];
    expect(transferEvent).toMatchObject({ fromState: 'serving', toState: 'waiting', counterId: c1 });
  });

  it('a ticket transferred to a counter is called only there, and returns to its line when that counter closes', async () => {
    const { client, clock, db } = await testApp();
    const A = await serviceIdOf(db, 'A');
    const [c1, c2, c4] = await Promise.all([counterIdOf(db, 1), counterIdOf(db, 2), counterIdOf(db, 4)]);
    const o1 = client;
    const o2 = client.fresh();
    const o4 = client.fresh();
    await o1.login('canbo1');
    await o2.login('canbo2');
    await o4.login('canbo3');
    const a1 = await issue(o1, A);
    clock.advanceMinutes(1);
    const a2 = await issue(o1, A);
    await openCounter(o1, c1);
    expect((await o1.post(`/api/counters/${c1}/call-next`)).body.ticket.id).toBe(a1.id);
    // Counter 4 (land and construction) is closed: no transfer there.
    expectError(await o1.post(`/api/counters/${c1}/transfer`, { counterId: c4 }), 409, 'TARGET_COUNTER_CLOSED');
    await openCounter(o4, c4);
    const moved = await o1.post(`/api/counters/${c1}/transfer`, { counterId: c4 });
    expect(moved.status).toBe(200);
    expect(await ticketRow(db, a1.id)).toMatchObject({ state: 'waiting', targetCounterId: c4, serviceId: A });
    // Counter 2 also serves A, but A001 is meant for counter 4: it gets A002.
    await openCounter(o2, c2);
    expect((await o2.post(`/api/counters/${c2}/call-next`)).body.ticket.id).toBe(a2.id);
    expectError(await o1.post(`/api/counters/${c1}/call-next`), 404, 'QUEUE_EMPTY');
    expectError(await o1.post(`/api/counters/${c1}/call`, { ticketId: a1.id, reason: 'thử gọi' }), 409, 'NOT_SERVED_HERE');
    // Counter 4 closes: A001 is back in service A's line with its place, and counter 1 calls it.
    expect((await o4.post(`/api/counters/${c4}/close`)).status).toBe(200);
    expect((await ticketRow(db, a1.id)).targetCounterId).toBeNull();
    const back = await o1.post(`/api/counters/${c1}/call-next`);
    expect(back.body.ticket.id).toBe(a1.id);

    // While open, the target counter calls it even though it does not serve the service.
    expect((await o1.post(`/api/counters/${c1}/transfer`, { counterId: c2 })).status).toBe(200);
    await openCounter(o4, c4);
    expect((await o2.post(`/api/counters/${c2}/no-show`)).status).toBe(200);
    expect((await o2.post(`/api/counters/${c2}/call-next`)).body.ticket.id).toBe(a1.id);
    expect((await o2.post(`/api/counters/${c2}/transfer`, { counterId: c4 })).status).toBe(200);
    const at4 = await o4.post(`/api/counters/${c4}/call-next`);
    expect(at4.body.ticket).toMatchObject({ id: a1.id, serviceId: A });
  });

  it('calling a specific waiting ticket needs a reason, which is logged; calling back a held ticket needs none', async () => {
    const { client, db } = await testApp();
    const A = await serviceIdOf(db, 'A');
    const c1 = await counterIdOf(db, 1);
    await client.login('canbo1');
    const first = await issue(client, A);
    const second = await issue(client, A);
    await openCounter(client, c1);
    expectError(await client.post(`/api/counters/${c1}/call`, { ticketId: second.id }), 400, 'REASON_REQUIRED');
    expectError(await client.post(`/api/counters/${c1}/call`, { ticketId: second.id, reason: '   ' }), 400, 'REASON_REQUIRED');
    expect((await ticketRow(db, second.id)).state).toBe('waiting');
    const r = await client.post(`/api/counters/${c1}/call`, { ticketId: second.id, reason: 'Hồ sơ bổ sung, đã hẹn trước' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ reasonCode: 'SPECIFIC', ticket: { id: second.id, state: 'called' } });
    expect(r.body.reason).toContain('Hồ sơ bổ sung, đã hẹn trước');
    const logged = (
      await db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, second.id), eq(ticketEvents.type, 'call')))
    )[0];
    expect(logged).toMatchObject({
      reason: 'Hồ sơ bổ sung, đã hẹn trước',
      counterId: c1,
      fromState: 'waiting',
      toState: 'called',
    });
    expect(logged?.officerId).toBeTypeOf('number');
    // The first ticket is still first in line.
    expect((await client.get(`/api/tickets/${first.token}`)).body.position).toBe(1);

    // On hold, then called back without a reason.
    expect((await client.post(`/api/counters/${c1}/start`)).status).toBe(200);
    expect((await client.post(`/api/counters/${c1}/hold`)).status).toBe(200);
    expect((await client.post(`/api/counters/${c1}/call-next`)).body.ticket.id).toBe(first.id);
    expect((await client.post(`/api/counters/${c1}/no-show`)).status).toBe(200);
    const back = await client.post(`/api/counters/${c1}/call`, { ticketId: second.id });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ reasonCode: 'ON_HOLD_RETURN', ticket: { id: second.id, state: 'called' } });
    expect((await client.post(`/api/counters/${c1}/start`)).status).toBe(200);
    expect((await client.post(`/api/counters/${c1}/finish`)).body.ticket.state).toBe('done');
  });
});

describe('checked-in bookings in the store', () => {
  it('finds a due booking behind many early ones, and early bookings wait as normal arrivals', async () => {
    const { client, clock, db, deps, officeId } = await testApp();
    const A = await serviceIdOf(db, 'A');
    const c1 = await counterIdOf(db, 1);
    // Fifteen residents checked in 30 min before their slot (early: they count as walk-ins).
    const early = [];
    for (let i = 0; i < 15; i++) {
      const r = await issueTicket(deps, { officeId, serviceId: A, source: 'booking', slotStart: clock.now() + 30 * MIN });
      if (!r.ok) throw new Error(r.code);
      early.push(r.value);
      clock.advance(1000);
    }
    const walkIn = await issue(client.fresh(), A).catch(() => null);
    expect(walkIn).toBeNull(); // kiosk/staff only
    await client.login('canbo1');
    const w = await issue(client, A);
    // One whose slot has started checks in last.
    const due = await issueTicket(deps, { officeId, serviceId: A, source: 'booking', slotStart: clock.now() - MIN });
    if (!due.ok) throw new Error(due.code);
    await openCounter(client, c1);
    const first = await client.post(`/api/counters/${c1}/call-next`);
    expect(first.body).toMatchObject({ reasonCode: 'BOOKING', ticket: { id: due.value.id } });
    expect((await client.post(`/api/counters/${c1}/no-show`)).status).toBe(200);
    // Then by arrival: the early bookings came before the walk-in.
    const second = await client.post(`/api/counters/${c1}/call-next`);
    expect(second.body).toMatchObject({ reasonCode: 'ARRIVAL', ticket: { id: early[0]!.id } });
    expect(w.position).toBeGreaterThan(1);
  });
});

describe('the event log\'s "why this ticket"', () => {
  const labels = (lang: 'vi' | 'en') => (code: string) =>
    code === 'elderly' ? (lang === 'vi' ? 'Người cao tuổi' : 'Elderly person') : undefined;

  it('logs a code and its figures, read back in any language as the officer saw it', () => {
    const line = [t(1, 'P', 50), t(2, 'P', 9), t(3, 'N', 20), t(4, 'B', 5, -1)];
    const choices = [
      chooseNext(line, { now: NOW, priorityStreak: 0, rule })!, // MAX_WAIT
      chooseNext(line.slice(1), { now: NOW, priorityStreak: 0, rule })!, // PRIORITY
      chooseNext(line.slice(1), { now: NOW, priorityStreak: 2, rule })!, // INTERLEAVE
      chooseNext(line.slice(2, 4), { now: NOW, priorityStreak: 0, rule })!, // BOOKING
      chooseNext([line[2]!], { now: NOW, priorityStreak: 0, rule })!, // ARRIVAL
    ];
    expect(choices.map((c) => c.reasonCode)).toEqual(['MAX_WAIT', 'PRIORITY', 'INTERLEAVE', 'BOOKING', 'ARRIVAL']);
    for (const choice of choices) {
      const ticket = line.find((x) => x.id === choice.ticketId)!;
      const data = callReason(choice, ticket.priority, rule);
      // Nothing in the log is in a language: only codes and numbers.
      expect(Object.values(data).every((v) => typeof v === 'number' || /^[A-Z_a-z]+$/.test(String(v)))).toBe(true);
      for (const lang of ['vi', 'en'] as const) {
        const label = ticket.priority ? labels(lang)(ticket.priority) : undefined;
        const asSeen = explain(choice, { priorityLabel: label, maxPriorityInRow: 2, maxWaitMinutes: 45 }, lang);
        expect(explainCall({ reason: null, data: JSON.parse(JSON.stringify(data)) }, lang, labels(lang))).toBe(asSeen);
      }
    }
  });

  it("keeps the officer's own words, and shows rows logged as text as they are", () => {
    const specific = { reason: 'Hồ sơ bổ sung', data: { reasonCode: 'SPECIFIC' } };
    expect(explainCall(specific, 'vi', labels('vi'))).toBe('Gọi ngoài thứ tự: Hồ sơ bổ sung');
    expect(explainCall(specific, 'en', labels('en'))).toBe('Called out of order: Hồ sơ bổ sung');
    const back = { reason: null, data: { reasonCode: 'ON_HOLD_RETURN' } };
    expect(explainCall(back, 'en', labels('en'))).toBe('Calling back a ticket held at this counter.');
    // Written before the log kept codes: the line in the officer's language then.
    const old = 'Đối tượng ưu tiên (Người cao tuổi), đến sớm nhất trong nhóm ưu tiên; đã chờ 3 phút.';
    expect(explainCall({ reason: old, data: { reasonCode: 'PRIORITY' } }, 'en', labels('en'))).toBe(old);
    const oldBack = 'Gọi lại hồ sơ đang tạm giữ tại quầy.';
    expect(explainCall({ reason: oldBack, data: { reasonCode: 'ON_HOLD_RETURN' } }, 'en', labels('en'))).toBe(oldBack);
    expect(explainCall({ reason: 'office closed', data: null }, 'vi', labels('vi'))).toBe('office closed');
  });

  it("a call from a Vietnamese screen is logged without Vietnamese text, and answered in the screen's language", async () => {
    const { client, db } = await testApp();
    await client.login('canbo1');
    const p = await issue(client, await serviceIdOf(db, 'A'), 'elderly');
    await openCounter(client, await counterIdOf(db, 1));
    client.lang = 'vi';
    const r = await client.post(`/api/counters/${await counterIdOf(db, 1)}/call-next`);
    expect(r.body).toMatchObject({ reasonCode: 'PRIORITY', ticket: { id: p.id } });
    expect(r.body.reason).toMatch(/^Đối tượng ưu tiên \(Người cao tuổi\)/);
    const logged = (
      await db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, p.id), eq(ticketEvents.type, 'call')))
    )[0]!;
    expect(logged.reason).toBeNull();
    expect(logged.data).toEqual({ reasonCode: 'PRIORITY', waitedMinutes: 0, priority: 'elderly' });
    expect(explainCall(logged, 'en', labels('en'))).toMatch(/^Priority citizen \(Elderly person\), earliest/);
    expect(explainCall(logged, 'vi', labels('vi'))).toBe(r.body.reason);
  });
});
