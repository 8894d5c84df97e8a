// Estimated wait: the line ahead shared by the counters open for the service, each taking the
// recent measured service time (the configured average until there are enough measurements).
import { describe, expect, it } from 'vitest';
import { estimateMinutes, nextEwma } from '../../server/estimates/estimate';
import type { TestClient } from '../helpers';
import { counterIdOf, issue, openCounter, serviceIdOf, sqlGet, sqlValue, testApp } from '../helpers';

const MIN = 60_000;

describe('estimateMinutes (pure)', () => {
  it.each([
    // ahead, mean service minutes, servers, expected minutes
    [0, 10, 1, 5],
    [0, 10, 2, 3],
    [1, 10, 1, 15],
    [4, 10, 2, 23],
    [9, 4, 3, 13],
    [-1, 10, 1, 0],
    [3, 10, 0, 35],
  ])('%i ahead, %i min each, %i counters: %i min', (ahead, minutes, servers, expected) => {
    expect(estimateMinutes(ahead, { avgServiceMs: minutes * MIN, servers })).toBe(expected);
  });

  it('the running mean follows the measurements and clamps outliers', () => {
    let m: number | null = null;
    for (let i = 0; i < 40; i++) m = nextEwma(m, 8 * MIN);
    expect(m).toBe(8 * MIN);
    for (let i = 0; i < 40; i++) m = nextEwma(m, 2 * MIN);
    expect(Math.abs(m! - 2 * MIN)).toBeLessThan(0.01 * MIN);
    expect(nextEwma(null, 1000)).toBe(30_000);
    expect(nextEwma(null, 24 * 3_600_000)).toBe(3 * 3_600_000);
  });
});

async function etaOf(client: TestClient, serviceId: number) {
  const list = (await client.get('/api/offices/1/services')).body as { id: number; waiting: number; etaMinutes: number }[];
  return list.find((s) => s.id === serviceId)!;
}

describe('estimated wait over HTTP', () => {
  it('starts from the configured average, then follows measured service times and the open counters', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A'); // configured 10 min; served by counters 1 and 2
    const c1 = await counterIdOf(f.db, 1);
    const c2 = await counterIdOf(f.db, 2);
    const o1 = f.client;
    const o2 = f.client.fresh();
    await o1.login('canbo1');
    await o2.login('canbo2');
    // No counter open: the two counters that serve A at all share the line.
    expect(await etaOf(o1, A)).toMatchObject({ waiting: 0, etaMinutes: 3 }); // 0.5 x 10 / 2
    const first = await issue(o1, A);
    expect(first.etaMinutes).toBe(3);
    // One counter open: it alone serves the line.
    await openCounter(o1, c1);
    const second = await issue(o1, A);
    expect(second).toMatchObject({ position: 2, etaMinutes: 15 }); // 1.5 x 10 / 1
    expect((await etaOf(o1, A)).etaMinutes).toBe(25); // someone arriving now: 2.5 x 10

    // Five residents served in 4 minutes each: the estimate now uses 4 minutes.
    for (let i = 0; i < 5; i++) await issue(o1, A);
    for (let i = 0; i < 5; i++) {
      expect((await o1.post(`/api/counters/${c1}/call-next`)).status).toBe(200);
      expect((await o1.post(`/api/counters/${c1}/start`)).status).toBe(200);
      f.clock.advanceMinutes(4);
      expect((await o1.post(`/api/counters/${c1}/finish`)).status).toBe(200);
    }
    const stats = await sqlGet(f.db, 'select samples, ewma_service_ms from service_stats where service_id = ?', A);
    expect(stats).toEqual({ samples: 5, ewma_service_ms: 4 * MIN });
    expect(await etaOf(o1, A)).toMatchObject({ waiting: 2, etaMinutes: 10 }); // 2.5 x 4
    const mine = await issue(o1, A);
    expect(mine).toMatchObject({ position: 3, etaMinutes: 10 });
    expect((await o1.get(`/api/tickets/${mine.token}`)).body).toMatchObject({ position: 3, etaMinutes: 10 });

    // A second counter opens: the line is shared.
    await openCounter(o2, c2);
    expect((await o1.get(`/api/tickets/${mine.token}`)).body.etaMinutes).toBe(5); // 2.5 x 4 / 2
    // A paused counter does not count.
    expect((await o2.post(`/api/counters/${c2}/pause`, { reason: 'Nghỉ trưa' })).status).toBe(200);
    expect((await o1.get(`/api/tickets/${mine.token}`)).body.etaMinutes).toBe(10);
    // The estimate shown at issue is kept, to measure its accuracy later.
    expect(await sqlValue(f.db, 'select eta_minutes_at_issue from tickets where id = ?', mine.id)).toBe(10);
  });

  it('a time on hold is not counted as service time', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const c1 = await counterIdOf(f.db, 1);
    await f.client.login('canbo1');
    await openCounter(f.client, c1);
    const t = await issue(f.client, A);
    await f.client.post(`/api/counters/${c1}/call-next`);
    f.clock.advanceMinutes(1);
    await f.client.post(`/api/counters/${c1}/start`);
    f.clock.advanceMinutes(3);
    await f.client.post(`/api/counters/${c1}/hold`);
    f.clock.advanceMinutes(20);
    await f.client.post(`/api/counters/${c1}/call`, { ticketId: t.id });
    f.clock.advanceMinutes(1);
    await f.client.post(`/api/counters/${c1}/start`);
    f.clock.advanceMinutes(2);
    expect((await f.client.post(`/api/counters/${c1}/finish`)).status).toBe(200);
    const row = await sqlGet(f.db, 'select wait_ms, walk_ms, service_ms, hold_ms from tickets where id = ?', t.id);
    expect(row).toEqual({ wait_ms: 0, walk_ms: 2 * MIN, service_ms: 5 * MIN, hold_ms: 20 * MIN });
    const stats = await sqlValue(f.db, 'select ewma_service_ms from service_stats where service_id = ?', A);
    expect(stats).toBe(5 * MIN);
  });
});
