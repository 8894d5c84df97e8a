// The open statistics from the maintained daily rows: exact figures on a fixture day, no
// satisfaction figure under 5 ratings, nothing personal in any column, cacheable (ETag), and the
// rows written once when the day has ended (never from the day's tickets at request time).
import { describe, expect, it } from 'vitest';
import { recordEndedDays } from '../../server/city/daily';
import { histogramPercentile } from '../../server/city/open-data';
import { at, counterIdOf, isoAt, openCounter, phoneNo, sqlAll, testApp } from '../helpers';

type Env = Awaited<ReturnType<typeof testApp>>;

/** A visit at counter 1: waits `waitMin` minutes, is served 3 minutes, rated `level` if given. */
async function visit(env: Env, officer: Env['client'], counter: number, waitMin: number, level?: number) {
  const issued = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
  expect(issued.status).toBe(201);
  env.clock.advanceMinutes(waitMin);
  expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: issued.body.id, reason: 'kiểm thử' })).status).toBe(
    200,
  );
  expect((await officer.post(`/api/counters/${counter}/start`)).status).toBe(200);
  env.clock.advanceMinutes(3);
  expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
  if (level !== undefined)
    expect((await env.client.fresh().post(`/api/tickets/${issued.body.token}/rating`, { level })).status).toBe(201);
}

describe('histogram percentiles', () => {
  it('is the nearest-rank minute', () => {
    expect(histogramPercentile([], 0.5)).toBeNull();
    expect(histogramPercentile([0, 0, 1], 0.5)).toBe(2);
    // waits 1,1,2,5,9: p50 = 2, p90 = 9
    const h = new Array(10).fill(0);
    for (const w of [1, 1, 2, 5, 9]) h[w]++;
    expect(histogramPercentile(h, 0.5)).toBe(2);
    expect(histogramPercentile(h, 0.9)).toBe(9);
  });
});

describe('open data', () => {
  it('exact figures per centre and day; no satisfaction under 5 ratings; nothing personal; ETag', async () => {
    const env = await testApp();
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const counter = await counterIdOf(env.db, 1);
    // A booking that is used, with a name and phone that must never appear.
    const booked = await env.client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt('2026-12-01', 10),
      name: 'Hoàng Thị Riêng Tư',
      phone: phoneNo(42),
    });
    expect(booked.status).toBe(201);

    // Day 1 (30/11): four visits, waits 2, 4, 10, 30 minutes, four ratings (under 5).
    env.clock.set(at('2026-11-30', 8));
    await openCounter(officer, counter);
    for (const [wait, level] of [
      [2, 5],
      [4, 4],
      [10, 2],
      [30, 5],
    ] as const)
      await visit(env, officer, counter, wait, level);
    // Day 2 (01/12): the booking checks in, five visits rated, one no-show.
    env.clock.set(at('2026-12-01', 9, 55));
    await officer.login('canbo1');
    const staff = env.client.fresh();
    await staff.login('canbo2');
    expect((await staff.post('/api/offices/1/check-in', { code: booked.body.code })).status).toBe(201);
    await openCounter(officer, counter);
    // The checked-in booking is called first.
    for (const level of [5, 5, 4, 2, 1]) await visit(env, officer, counter, 5, level);
    const left = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: left.body.id, reason: 'kiểm thử' })).status).toBe(
      200,
    );
    expect((await officer.post(`/api/counters/${counter}/no-show`)).status).toBe(200);

    // The supervisor answers the first day's feedback the next day: within its two working days.
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const inbox = (await sup.get('/api/offices/1/feedback')).body as { id: number; createdAt: string }[];
    const first = inbox.find((f) => f.createdAt < new Date(at('2026-12-01', 0)).toISOString())!;
    expect(
      (await sup.post(`/api/feedback/${first.id}/answer`, { answer: 'Xin lỗi anh chị, trung tâm đã bố trí thêm quầy.' })).status,
    ).toBe(200);

    // Nothing until the day has ended; then one row per day, written once.
    expect(await recordEndedDays(env.deps)).toBe(1); // 30/11 only: 01/12 is today
    env.clock.set(at('2026-12-02', 8));
    expect(await recordEndedDays(env.deps)).toBe(1);
    expect(await recordEndedDays(env.deps)).toBe(0);

    const r = await env.client.get('/api/open-data/daily.json?from=2026-11-30&to=2026-12-01');
    expect(r.status).toBe(200);
    const [d1, d2] = r.body as Record<string, unknown>[];
    expect(d1).toMatchObject({
      officeId: 1,
      day: '2026-11-30',
      issued: 4,
      served: 4,
      noShows: 0,
      waitP50: 4,
      waitP90: 30,
      // The target is 15 minutes: waits of 2, 4 and 10 within it, 30 not.
      servedWithinTargetShare: 0.75,
      satisfactionResponses: 4,
      satisfactionIndex: null,
      // One rating of 2 (not satisfied) opened a feedback item, answered the next day: on time.
      feedbackReceived: 1,
      feedbackAnsweredOnTime: 1,
    });
    expect(d2).toMatchObject({
      day: '2026-12-01',
      issued: 7,
      noShows: 1,
      satisfactionResponses: 5,
      satisfactionIndex: 0.6,
      bookingsUsed: 1,
    });

    // Nothing personal, in JSON or CSV: no name, phone, code or token of the fixture.
    const csv = await env.client.get('/api/open-data/daily.csv?from=2026-11-30&to=2026-12-01');
    expect(csv.status).toBe(200);
    const officers = (await sqlAll<{ display_name: string }>(env.db, 'select display_name from staff')).map(
      (x) => x.display_name,
    );
    const tokens = (await sqlAll<{ token: string }>(env.db, 'select token from tickets')).map((x) => x.token);
    for (const body of [JSON.stringify(r.body), String(csv.body)]) {
      for (const secret of [
        'Hoàng Thị Riêng Tư',
        phoneNo(42),
        phoneNo(42).slice(1),
        booked.body.code,
        booked.body.token,
        ...officers,
        ...tokens,
      ])
        expect(body, secret).not.toContain(secret);
      for (const column of ['name', 'phone', 'idNumber', 'token', 'comment', 'officer'])
        expect(body).not.toMatch(new RegExp(`"${column}"|(^|,)${column}(,|$)`, 'm'));
    }
    expect(String(csv.body).split('\r\n')[0]).toContain('officeId,officeName,day,issued,served');

    // Cacheable: the same answer is 304 to a poller that has it.
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await env.client.get('/api/open-data/daily.json?from=2026-11-30&to=2026-12-01', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    // Bad ranges are refused.
    expect((await env.client.get('/api/open-data/daily.json?from=2026-12-01&to=2026-11-30')).body.error.code).toBe(
      'INVALID_RANGE',
    );
    expect((await env.client.get('/api/open-data/daily.json?from=2025-01-01&to=2026-12-01')).body.error.code).toBe(
      'RANGE_TOO_LONG',
    );
  });
});
