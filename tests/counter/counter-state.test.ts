// The counter terminal's state (GET /api/counters/:counterId) reads its waiting line in one
// set-based query: each entry must be what the ticket's own detail says (its place among every
// waiting ticket of its service, its estimate, its counter), with tickets sent to another counter
// left out and tickets sent here, of a service the counter does not serve, listed.
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createQueueWatch, queueKey, watchedServices } from '../../counter/terminal/queue-watch';
import { tickets } from '../../db/schema';
import { counterState, ticketDetail, WAITING_LIST } from '../../server/calling/store';
import { queueSnapshot } from '../../server/estimates/store';
import { counterIdOf, issue, openCounter, serviceIdOf, testApp, ticketRow } from '../helpers';

describe('counter state', () => {
  it('lists the waiting line as each ticket on its own would show it', async () => {
    const f = await testApp();
    const [A, B, E] = await Promise.all([serviceIdOf(f.db, 'A'), serviceIdOf(f.db, 'B'), serviceIdOf(f.db, 'E')]);
    const [c1, c2, c3] = await Promise.all([counterIdOf(f.db, 1), counterIdOf(f.db, 2), counterIdOf(f.db, 3)]);
    const [o1, o2, o3] = [f.client, f.client.fresh(), f.client.fresh()];
    await o1.login('canbo1');
    await o2.login('canbo2');
    await o3.login('canbo3');
    for (let i = 0; i < 12; i++) {
      await issue(o1, i % 3 === 0 ? B : A, i % 4 === 0 ? 'elderly' : undefined);
      await issue(o1, E);
      f.clock.advanceMinutes(1);
    }
    await openCounter(o1, c1);
    await openCounter(o2, c2);
    await openCounter(o3, c3);
    // Counter 1 sends an A ticket to counter 2 (its place still counts in A's line, but counter 1
    // no longer lists it), holds one ticket and has another at the desk.
    expect((await o1.post(`/api/counters/${c1}/call-next`)).status).toBe(200);
    expect((await o1.post(`/api/counters/${c1}/transfer`, { counterId: c2 })).status).toBe(200);
    expect((await o1.post(`/api/counters/${c1}/call-next`)).status).toBe(200);
    expect((await o1.post(`/api/counters/${c1}/start`)).status).toBe(200);
    expect((await o1.post(`/api/counters/${c1}/hold`)).status).toBe(200);
    const current = (await o1.post(`/api/counters/${c1}/call-next`)).body.ticket;
    // Counter 3 sends an E ticket to counter 1, which does not serve E.
    expect((await o3.post(`/api/counters/${c3}/call-next`)).status).toBe(200);
    expect((await o3.post(`/api/counters/${c3}/transfer`, { counterId: c1 })).status).toBe(200);
    f.clock.advanceMinutes(3);

    const now = f.clock.now();
    const state = (await counterState(f.db, c1, now))!;
    const serviceIds = state.counter.serviceIds;
    // What the list was before it became one query: the rows, then each ticket's own detail.
    const rows = await f.db
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.state, 'waiting'),
          or(and(inArray(tickets.serviceId, serviceIds), isNull(tickets.targetCounterId)), eq(tickets.targetCounterId, c1)),
        ),
      )
      .orderBy(asc(tickets.queueClass), asc(tickets.queuedAt), asc(tickets.id))
      .limit(WAITING_LIST);
    const expected = [];
    for (const t of rows) expected.push(await ticketDetail(f.db, t, now));
    expect(state.waiting).toEqual(expected);
    expect(state.waiting.some((t) => t.serviceId === E)).toBe(true);
    for (const t of state.waiting) expect((await ticketRow(f.db, t.id)).targetCounterId).not.toBe(c2);
    expect(state.current).toEqual(await ticketDetail(f.db, await ticketRow(f.db, current.id), now));
    expect(state.onHold).toHaveLength(1);
    expect(state.onHold[0]).toEqual(await ticketDetail(f.db, await ticketRow(f.db, state.onHold[0]!.id), now));
    expect(state.counter.onHold).toEqual([state.onHold[0]!.id]);
    // Over HTTP, the same.
    expect((await o1.get(`/api/counters/${c1}`)).body).toEqual(JSON.parse(JSON.stringify(state)));
  });
});

describe("a terminal refetches its state only for its own lines' changes", () => {
  it('watches the snapshot entries of the lines it lists, tickets sent to it included, and the calls from them', async () => {
    const f = await testApp();
    const [A, E, H] = await Promise.all([serviceIdOf(f.db, 'A'), serviceIdOf(f.db, 'E'), serviceIdOf(f.db, 'H')]);
    const [c1, c2, c3] = await Promise.all([counterIdOf(f.db, 1), counterIdOf(f.db, 2), counterIdOf(f.db, 3)]);
    const [o1, o2, o3] = [f.client, f.client.fresh(), f.client.fresh()];
    await o1.login('canbo1');
    await o2.login('canbo2');
    await o3.login('canbo3');
    for (const [o, c] of [
      [o1, c1],
      [o2, c2],
      [o3, c3],
    ] as const)
      await openCounter(o, c);
    // Counter 1's terminal: what it lists, and a snapshot as its socket would get it.
    const watch = createQueueWatch();
    const watched = async () => watchedServices((await counterState(f.db, c1, f.clock.now()))!);
    const entries = async () => (await queueSnapshot(f.db, 1, f.clock.now())).services;
    const snapshot = async () => watch.snapshot(await entries(), await watched());
    expect(await snapshot()).toBe(true); // the first one after connecting
    expect(await snapshot()).toBe(false);
    // A ticket for a line counter 1 does not serve (H, land): nothing for its terminal.
    await issue(o1, H);
    expect(await snapshot()).toBe(false);
    // One for its own line: refetch.
    await issue(o1, A);
    await issue(o1, A);
    expect(await snapshot()).toBe(true);
    // Counter 2 calls an A ticket and another joins line A before the next snapshot: the counts
    // are as they were, but the call, heard as a `call` event, marks the change.
    const before = queueKey(await entries(), await watched());
    const called = await o2.post(`/api/counters/${c2}/call-next`);
    expect(called.body.ticket.serviceId).toBe(A);
    await issue(o1, A);
    expect(queueKey(await entries(), await watched())).toBe(before);
    watch.called(A, await watched(), false);
    expect(await snapshot()).toBe(true);
    watch.called(A, await watched(), true); // a recall moves nobody
    watch.called(H, await watched(), false); // nor a call from a line it does not list
    expect(await snapshot()).toBe(false);
    // Counter 3 sends an E ticket to counter 1, which does not serve E: counter 1 hears it as a
    // counter event of its own, and from then on watches line E too.
    await issue(o1, E);
    expect(await snapshot()).toBe(false);
    expect((await o3.post(`/api/counters/${c3}/call-next`)).body.ticket.serviceId).toBe(E);
    f.notify.events.length = 0;
    expect((await o3.post(`/api/counters/${c3}/transfer`, { counterId: c1 })).status).toBe(200);
    expect(f.notify.events.some((e) => e.kind === 'counter' && e.payload.id === c1)).toBe(true);
    expect(await watched()).toContain(E);
    await snapshot();
    await issue(o1, E);
    expect(await snapshot()).toBe(true);
  });
});
