// Closing the day: tickets still waiting or on hold after the office's last session are
// cancelled with the reason "office closed" (past days too); called and serving tickets are left
// to their counters.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { testConfig } from '../../server/config';
import { startServer } from '../../server/server';
import { CLOSE_BATCH, closeDay, OFFICE_CLOSED } from '../../server/tickets/day-end';
import { issueTicket } from '../../server/tickets/store';
import { zonedTime } from '../../server/time';
import {
  counterIdOf,
  issue,
  openCounter,
  serviceIdOf,
  sqlGet,
  sqlRun,
  TestClock,
  testApp,
  testDb,
  ticketRow,
  until,
} from '../helpers';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (day: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return zonedTime(day, h * 60 + m, TZ);
};

async function dayWithEveryState() {
  const f = await testApp();
  const A = await serviceIdOf(f.db, 'A');
  const c1 = await counterIdOf(f.db, 1);
  const c2 = await counterIdOf(f.db, 2);
  const o1 = f.client;
  const o2 = f.client.fresh();
  await o1.login('canbo1');
  await o2.login('canbo2');
  // Friday 27 Nov: one resident never called.
  f.clock.set(at('2026-11-27', '16:50'));
  const friday = await issue(o1, A);
  // Monday 30 Nov: one held, one called, one serving, two waiting (one sent to counter 2).
  f.clock.set(at('2026-11-30', '15:00'));
  const held = await issue(o1, A);
  const called = await issue(o1, A);
  const serving = await issue(o1, A);
  const waiting = await issue(o1, A);
  const targeted = await issue(o1, A);
  await openCounter(o1, c1);
  await openCounter(o2, c2);
  const act = async (client: typeof o1, counterId: number, action: string, body?: unknown) => {
    const r = await client.post(`/api/counters/${counterId}/${action}`, body);
    if (r.status !== 200) throw new Error(`${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await act(o2, c2, 'call', { ticketId: targeted.id, reason: 'hồ sơ đất đai' });
  await act(o2, c2, 'transfer', { counterId: c1 }); // waits for counter 1 only
  await act(o2, c2, 'call', { ticketId: serving.id, reason: 'đến lượt' });
  await act(o2, c2, 'start');
  await act(o1, c1, 'call', { ticketId: held.id, reason: 'hồ sơ bổ sung' });
  await act(o1, c1, 'start');
  await act(o1, c1, 'hold');
  await act(o1, c1, 'call', { ticketId: called.id, reason: 'đến lượt' });
  return { ...f, A, c1, c2, o1, o2, act, tickets: { friday, held, called, serving, waiting, targeted } };
}

describe('closeDay', () => {
  it('before the last session ends, only earlier days are closed; after it, today too', async () => {
    const f = await dayWithEveryState();
    const t = f.tickets;
    const states = async () =>
      Object.fromEntries(await Promise.all(Object.entries(t).map(async ([k, v]) => [k, (await ticketRow(f.db, v.id)).state])));
    expect(await states()).toEqual({
      friday: 'waiting',
      held: 'on_hold',
      called: 'called',
      serving: 'serving',
      waiting: 'waiting',
      targeted: 'waiting',
    });
    expect((await ticketRow(f.db, t.targeted.id)).targetCounterId).toBe(f.c1);

    // Monday 16:59: the afternoon session (13:30-17:00) is still open.
    f.clock.set(at('2026-11-30', '16:59'));
    const early = await closeDay(f.deps, 1);
    expect(early).toEqual({ ok: true, value: 1 });
    expect(await ticketRow(f.db, t.friday.id)).toMatchObject({ state: 'cancelled', endReason: OFFICE_CLOSED });
    expect(await states()).toMatchObject({ held: 'on_hold', waiting: 'waiting', targeted: 'waiting' });

    f.notify.events.length = 0;
    f.clock.set(at('2026-11-30', '17:00'));
    expect(await closeDay(f.deps, 1)).toEqual({ ok: true, value: 3 });
    expect(await states()).toEqual({
      friday: 'cancelled',
      held: 'cancelled',
      called: 'called',
      serving: 'serving',
      waiting: 'cancelled',
      targeted: 'cancelled',
    });
    for (const key of ['held', 'waiting', 'targeted'] as const) {
      expect(await ticketRow(f.db, t[key].id)).toMatchObject({ endReason: OFFICE_CLOSED, endedAt: f.clock.now() });
      const event = await sqlGet(
        f.db,
        'select type, from_state, to_state, reason from ticket_events where ticket_id = ? order by id desc limit 1',
        t[key].id,
      );
      expect(event).toMatchObject({ type: 'cancelled', to_state: 'cancelled', reason: OFFICE_CLOSED });
    }
    // Residents' phones hear of it; the counter that held a ticket shows it no longer holds it.
    const phoneStates = f.notify.events.filter((e) => e.kind === 'ticket').map((e) => (e.payload as { state: string }).state);
    expect(phoneStates).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const counter1 = f.notify.events.filter((e) => e.kind === 'counter' && e.payload.id === f.c1).at(-1);
    expect(counter1?.payload).toMatchObject({ id: f.c1, onHold: [] });
    // Counter 1 can now close (nothing on hold), once its called ticket is dealt with.
    await f.act(f.o1, f.c1, 'no-show');
    expect((await f.o1.post(`/api/counters/${f.c1}/close`)).status).toBe(200);
    // Nothing left to close: a second run changes nothing.
    expect(await closeDay(f.deps, 1)).toEqual({ ok: true, value: 0 });
  });

  it('uses the office hours of the day: Saturday closes at 11:30, an unknown office is a no-op', async () => {
    const f = await testApp();
    f.clock.set(at('2026-12-05', '09:00')); // Saturday
    await f.client.login('canbo1');
    const t = await issue(f.client, await serviceIdOf(f.db, 'B'));
    f.clock.set(at('2026-12-05', '11:29'));
    expect(await closeDay(f.deps, 1)).toEqual({ ok: true, value: 0 });
    f.clock.set(at('2026-12-05', '11:30'));
    expect(await closeDay(f.deps, 1)).toEqual({ ok: true, value: 1 });
    expect((await ticketRow(f.db, t.id)).state).toBe('cancelled');
    expect(await closeDay(f.deps, 999)).toEqual({ ok: true, value: 0 });
  });
});

describe('closeDay on a busy day', () => {
  it('closes more than a batch, each batch its own transaction, and answers the total', async () => {
    const f = await testApp();
    f.clock.set(at('2026-11-30', '09:00'));
    const serviceId = await serviceIdOf(f.db, 'B');
    const n = CLOSE_BATCH * 2 + 7;
    for (let i = 0; i < n; i++) expect((await issueTicket(f.deps, { officeId: 1, serviceId })).ok).toBe(true);
    let writes = 0;
    const write = f.store.write.bind(f.store);
    f.store.write = ((fn) => {
      writes++;
      return write(fn);
    }) as typeof f.store.write;
    f.clock.set(at('2026-11-30', '17:00'));
    expect(await closeDay(f.deps, 1)).toEqual({ ok: true, value: n });
    // Two full batches, then the rest.
    expect(writes).toBe(3);
    const left = await sqlGet<{ n: number }>(f.db, "select count(*) as n from tickets where state = 'waiting'");
    expect(Number(left!.n)).toBe(0);
    expect(await closeDay(f.deps, 1)).toEqual({ ok: true, value: 0 });
  });
});

describe('the periodic day-end job', () => {
  it('a failing run is logged and the server keeps serving', async () => {
    const { store } = await testDb();
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      errors.push(String(line));
    });
    onTestFinished(() => spy.mockRestore());
    // closeDay reads the opening hours: without them every run throws.
    await sqlRun(store, 'alter table opening_hours rename to opening_hours_gone');
    const server = await startServer({
      store,
      config: testConfig(),
      clock: new TestClock(),
      port: 0,
      host: '127.0.0.1',
      jobsIntervalMs: 20,
    });
    onTestFinished(() => server.close());
    await until(() => errors.filter((e) => e.includes('closeDay')).length >= 2, 5000, 'two failed runs');
    expect(JSON.parse(errors.find((e) => e.includes('closeDay'))!)).toMatchObject({ job: 'closeDay 1' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
