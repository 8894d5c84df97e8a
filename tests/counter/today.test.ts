import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers';

describe('GET /api/counters/:counterId/today', () => {
  it("counts the signed-in officer's own moves today, not another officer's", async () => {
    const { client, clock } = await testApp();
    const other = client.fresh();
    await client.login('canbo1');
    await other.login('canbo2');
    for (let i = 0; i < 4; i++) expect((await client.post('/api/offices/1/tickets', { serviceId: 1 })).status).toBe(201);
    expect((await client.post('/api/counters/1/open')).status).toBe(200);
    expect((await other.post('/api/counters/2/open')).status).toBe(200);

    // canbo1: one served in 6 minutes, one no-show, one transferred.
    await client.post('/api/counters/1/call-next');
    await client.post('/api/counters/1/start');
    clock.advanceMinutes(6);
    expect((await client.post('/api/counters/1/finish')).status).toBe(200);
    await client.post('/api/counters/1/call-next');
    expect((await client.post('/api/counters/1/no-show')).status).toBe(200);
    await client.post('/api/counters/1/call-next');
    expect((await client.post('/api/counters/1/transfer', { counterId: 2 })).status).toBe(200);
    // canbo2 calls one: not in canbo1's counts.
    expect((await other.post('/api/counters/2/call-next')).status).toBe(200);

    const mine = await client.get('/api/counters/1/today');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ day: '2026-11-30', called: 3, served: 1, noShow: 1, transferred: 1, held: 0 });
    expect(mine.body.serviceMinutesMean).toBeCloseTo(6, 5);

    const theirs = await other.get('/api/counters/2/today');
    expect(theirs.body).toMatchObject({ called: 1, served: 0, noShow: 0, transferred: 0, serviceMinutesMean: null });

    // The next local day starts from zero (a new sign-in: sessions last 12 hours).
    clock.advanceMinutes(24 * 60);
    await client.login('canbo1');
    const tomorrow = await client.get('/api/counters/1/today');
    expect(tomorrow.body).toMatchObject({ day: '2026-12-01', called: 0, served: 0 });
  });

  it('refuses bad input and anonymous callers with stable codes', async () => {
    const { client } = await testApp();
    expect((await client.get('/api/counters/1/today')).body.error.code).toBe('UNAUTHENTICATED');
    await client.login('canbo1');
    const unknown = await client.get('/api/counters/999/today');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'COUNTER_NOT_FOUND']);
    const bad = await client.get('/api/counters/abc/today');
    expect([bad.status, bad.body.error.code]).toEqual([404, 'COUNTER_NOT_FOUND']);
  });
});
