// Every illegal move is refused with a code and changes nothing; two counters never take the
// same ticket.
import { describe, expect, it } from 'vitest';
import {
  counterIdOf,
  expectError,
  issue,
  openCounter,
  serviceIdOf,
  snapshot,
  sqlAll,
  sqlValue,
  type TestClient,
  testApp,
  testServer,
  ticketRow,
} from '../helpers';

type Step = { action: string; body?: unknown; as?: 'other' };

/**
 * Each case: set-up steps (at counter 1, officer canbo1, with A001 and A002 waiting), then the
 * refused request, its status and code. The database must be exactly as before the request.
 */
const cases: { name: string; setup: Step[]; request: Step; status: number; code: string }[] = [
  { name: 'start without a call', setup: [], request: { action: 'start' }, status: 409, code: 'NO_CURRENT_TICKET' },
  { name: 'finish without a call', setup: [], request: { action: 'finish' }, status: 409, code: 'NO_CURRENT_TICKET' },
  { name: 'recall without a call', setup: [], request: { action: 'recall' }, status: 409, code: 'NO_CURRENT_TICKET' },
  {
    name: 'transfer without a call',
    setup: [],
    request: { action: 'transfer', body: { serviceId: 2 } },
    status: 409,
    code: 'NO_CURRENT_TICKET',
  },
  {
    name: 'finish while called',
    setup: [{ action: 'call-next' }],
    request: { action: 'finish' },
    status: 409,
    code: 'ILLEGAL_TRANSITION',
  },
  {
    name: 'hold while called',
    setup: [{ action: 'call-next' }],
    request: { action: 'hold' },
    status: 409,
    code: 'ILLEGAL_TRANSITION',
  },
  {
    name: 'start twice',
    setup: [{ action: 'call-next' }, { action: 'start' }],
    request: { action: 'start' },
    status: 409,
    code: 'ILLEGAL_TRANSITION',
  },
  {
    name: 'no-show while serving',
    setup: [{ action: 'call-next' }, { action: 'start' }],
    request: { action: 'no-show' },
    status: 409,
    code: 'ILLEGAL_TRANSITION',
  },
  {
    name: 'recall while serving',
    setup: [{ action: 'call-next' }, { action: 'start' }],
    request: { action: 'recall' },
    status: 409,
    code: 'ILLEGAL_TRANSITION',
  },
  {
    name: 'a fourth call (recall past 3 calls)',
    setup: [{ action: 'call-next' }, { action: 'recall' }, { action: 'recall' }],
    request: { action: 'recall' },
    status: 409,
    code: 'RECALL_LIMIT',
  },
  {
    name: 'call-next while a ticket is called',
    setup: [{ action: 'call-next' }],
    request: { action: 'call-next' },
    status: 409,
    code: 'TICKET_IN_PROGRESS',
  },
  {
    name: 'call-next while a ticket is being served',
    setup: [{ action: 'call-next' }, { action: 'start' }],
    request: { action: 'call-next' },
    status: 409,
    code: 'TICKET_IN_PROGRESS',
  },
  {
    name: 'calling a specific ticket while serving another',
    setup: [{ action: 'call-next' }, { action: 'start' }],
    request: { action: 'call', body: { ticketId: 2, reason: 'hồ sơ gấp' } },
    status: 409,
    code: 'TICKET_IN_PROGRESS',
  },
  {
    name: 'calling a ticket that is already done',
    setup: [{ action: 'call-next' }, { action: 'start' }, { action: 'finish' }],
    request: { action: 'call', body: { ticketId: 1, reason: 'gọi lại' } },
    status: 409,
    code: 'ILLEGAL_TRANSITION',
  },
  {
    name: 'calling a ticket of a service this counter does not serve',
    setup: [],
    request: { action: 'call', body: { ticketId: 3, reason: 'thử' } },
    status: 409,
    code: 'NOT_SERVED_HERE',
  },
  {
    name: 'calling an unknown ticket',
    setup: [],
    request: { action: 'call', body: { ticketId: 99999, reason: 'thử' } },
    status: 404,
    code: 'TICKET_NOT_FOUND',
  },
  {
    name: 'close while a ticket is called',
    setup: [{ action: 'call-next' }],
    request: { action: 'close' },
    status: 409,
    code: 'TICKET_IN_PROGRESS',
  },
  {
    name: 'close with tickets on hold',
    setup: [{ action: 'call-next' }, { action: 'start' }, { action: 'hold' }],
    request: { action: 'close' },
    status: 409,
    code: 'TICKETS_ON_HOLD',
  },
  {
    name: 'pause while a ticket is called',
    setup: [{ action: 'call-next' }],
    request: { action: 'pause', body: { reason: 'nghỉ giải lao' } },
    status: 409,
    code: 'TICKET_IN_PROGRESS',
  },
  { name: 'pause without a reason', setup: [], request: { action: 'pause', body: {} }, status: 400, code: 'REASON_REQUIRED' },
  {
    name: 'pause with a blank reason',
    setup: [],
    request: { action: 'pause', body: { reason: '   ' } },
    status: 400,
    code: 'REASON_REQUIRED',
  },
  {
    name: 'call-next while paused',
    setup: [{ action: 'pause', body: { reason: 'họp giao ban' } }],
    request: { action: 'call-next' },
    status: 409,
    code: 'COUNTER_PAUSED',
  },
  {
    name: 'pause twice',
    setup: [{ action: 'pause', body: { reason: 'họp giao ban' } }],
    request: { action: 'pause', body: { reason: 'lần nữa' } },
    status: 409,
    code: 'COUNTER_PAUSED',
  },
  {
    name: 'transfer to the same service',
    setup: [{ action: 'call-next' }],
    request: { action: 'transfer', body: { serviceId: 1 } },
    status: 409,
    code: 'SAME_TARGET',
  },
  {
    name: 'transfer to the same counter',
    setup: [{ action: 'call-next' }],
    request: { action: 'transfer', body: { counterId: 1 } },
    status: 409,
    code: 'SAME_TARGET',
  },
  {
    name: 'transfer to a closed counter',
    setup: [{ action: 'call-next' }],
    request: { action: 'transfer', body: { counterId: 5 } },
    status: 409,
    code: 'TARGET_COUNTER_CLOSED',
  },
  {
    name: 'transfer to an unknown service',
    setup: [{ action: 'call-next' }],
    request: { action: 'transfer', body: { serviceId: 999 } },
    status: 400,
    code: 'UNKNOWN_SERVICE',
  },
  {
    name: 'transfer to an unknown counter',
    setup: [{ action: 'call-next' }],
    request: { action: 'transfer', body: { counterId: 999 } },
    status: 400,
    code: 'UNKNOWN_COUNTER',
  },
  {
    name: 'call-next by another officer',
    setup: [],
    request: { action: 'call-next', as: 'other' },
    status: 403,
    code: 'NOT_AT_COUNTER',
  },
  {
    name: 'finish by another officer',
    setup: [{ action: 'call-next' }, { action: 'start' }],
    request: { action: 'finish', as: 'other' },
    status: 403,
    code: 'NOT_AT_COUNTER',
  },
  {
    name: 'close by another officer',
    setup: [],
    request: { action: 'close', as: 'other' },
    status: 403,
    code: 'NOT_AT_COUNTER',
  },
  {
    name: 'opening a counter another officer holds',
    setup: [],
    request: { action: 'open', as: 'other' },
    status: 409,
    code: 'COUNTER_IN_USE',
  },
];

async function setupCounter() {
  const f = await testApp();
  const officer = f.client;
  const other = f.client.fresh();
  await officer.login('canbo1');
  await other.login('canbo2');
  // Ticket ids 1 and 2 are A001 and A002 (counter 1 serves A), 3 is E001 (it does not).
  await issue(officer, await serviceIdOf(f.db, 'A'));
  await issue(officer, await serviceIdOf(f.db, 'A'));
  await issue(officer, await serviceIdOf(f.db, 'E'));
  const c1 = await counterIdOf(f.db, 1);
  await openCounter(officer, c1);
  return { ...f, officer, other, c1 };
}

async function act(client: TestClient, counterId: number, step: Step) {
  return client.post(`/api/counters/${counterId}/${step.action}`, step.body ?? {});
}

describe('illegal moves are refused and change nothing', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const f = await setupCounter();
      for (const step of c.setup) {
        const r = await act(f.officer, f.c1, step);
        expect(r.status, `${step.action} ${JSON.stringify(r.body)}`).toBe(200);
      }
      const before = await snapshot(f.db);
      const r = await act(c.request.as === 'other' ? f.other : f.officer, f.c1, c.request);
      expectError(r, c.status, c.code);
      expect(await snapshot(f.db)).toEqual(before);
    });
  }

  it('every counter action on a closed counter is 409 COUNTER_CLOSED and changes nothing', async () => {
    const f = await testApp();
    await f.client.login('canbo1');
    await issue(f.client, await serviceIdOf(f.db, 'A'));
    const c1 = await counterIdOf(f.db, 1);
    const before = await snapshot(f.db);
    for (const [action, body] of [
      ['call-next', {}],
      ['call', { ticketId: 1, reason: 'gấp' }],
      ['recall', {}],
      ['start', {}],
      ['hold', {}],
      ['finish', {}],
      ['no-show', {}],
      ['transfer', { serviceId: 2 }],
      ['pause', { reason: 'nghỉ' }],
      ['resume', {}],
      ['close', {}],
    ] as const) {
      expectError(await f.client.post(`/api/counters/${c1}/${action}`, body), 409, 'COUNTER_CLOSED');
    }
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('an officer may hold one counter at a time; a held ticket is called back only by its counter', async () => {
    const f = await setupCounter();
    expectError(await f.officer.post(`/api/counters/${await counterIdOf(f.db, 2)}/open`), 409, 'ALREADY_AT_COUNTER');
    expect((await act(f.officer, f.c1, { action: 'call-next' })).status).toBe(200);
    expect((await act(f.officer, f.c1, { action: 'start' })).status).toBe(200);
    expect((await act(f.officer, f.c1, { action: 'hold' })).status).toBe(200);
    const c2 = await counterIdOf(f.db, 2);
    await openCounter(f.other, c2);
    const before = await snapshot(f.db);
    expectError(await f.other.post(`/api/counters/${c2}/call`, { ticketId: 1 }), 409, 'NOT_SERVED_HERE');
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('an empty line answers 404 QUEUE_EMPTY and changes nothing', async () => {
    const f = await testApp();
    await f.client.login('canbo1');
    const c1 = await counterIdOf(f.db, 1);
    await openCounter(f.client, c1);
    await issue(f.client, await serviceIdOf(f.db, 'E')); // not served at counter 1
    const before = await snapshot(f.db);
    expectError(await f.client.post(`/api/counters/${c1}/call-next`), 404, 'QUEUE_EMPTY');
    expect(await snapshot(f.db)).toEqual(before);
  });

  it('recall allows three calls in all and each recall is an event', async () => {
    const f = await setupCounter();
    expect((await act(f.officer, f.c1, { action: 'call-next' })).status).toBe(200);
    const r1 = await act(f.officer, f.c1, { action: 'recall' });
    const r2 = await act(f.officer, f.c1, { action: 'recall' });
    expect([r1.body.ticket.recallCount, r2.body.ticket.recallCount]).toEqual([1, 2]);
    expectError(await act(f.officer, f.c1, { action: 'recall' }), 409, 'RECALL_LIMIT');
    const types = (await sqlAll(f.db, 'select type from ticket_events where ticket_id = 1 order by id')).map((r) => r.type);
    expect(types).toEqual(['issued', 'call', 'recall', 'recall']);
    expect((await ticketRow(f.db, 1)).state).toBe('called');
  });
});

describe('two counters calling the same line at once', () => {
  it('never call one ticket twice', { timeout: 180_000 }, async () => {
    const srv = await testServer();
    const A = await serviceIdOf(srv.db, 'A'); // served by counters 1 and 2
    const o1 = srv.client;
    const o2 = srv.client.fresh();
    await o1.login('canbo1');
    await o2.login('canbo2');
    const total = 200;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, total - i) }, () => issue(o1, A)));
    }
    const c1 = await counterIdOf(srv.db, 1);
    const c2 = await counterIdOf(srv.db, 2);
    await openCounter(o1, c1);
    await openCounter(o2, c2);
    const run = async (client: TestClient, counterId: number) => {
      const called: number[] = [];
      for (;;) {
        const r = await client.post(`/api/counters/${counterId}/call-next`);
        if (r.status === 404) return called;
        expect(r.status).toBe(200);
        called.push(r.body.ticket.id);
        expect((await client.post(`/api/counters/${counterId}/no-show`)).status).toBe(200);
      }
    };
    const [by1, by2] = await Promise.all([run(o1, c1), run(o2, c2)]);
    const all = [...by1, ...by2];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(total);
    // Both counters took part, and the log agrees: one call event per ticket.
    expect(by1.length).toBeGreaterThan(0);
    expect(by2.length).toBeGreaterThan(0);
    const perTicket = await sqlAll(
      srv.db,
      "select ticket_id, count(*) as n from ticket_events where type = 'call' group by ticket_id having count(*) > 1",
    );
    expect(perTicket).toEqual([]);
    const counterOf = await sqlValue(srv.db, 'select count(distinct counter_id) from tickets');
    expect(counterOf).toBe(2);
  });
});
