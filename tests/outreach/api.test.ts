// Outreach sessions over real HTTP on the run's backend: a supervisor schedules one, residents find
// and book it (to capacity under a rush, one place per phone, cancel frees it, .ics), the officer
// on site checks a resident in by code and records visits whose repeated delivery (the laptop's
// offline queue sending again) is applied once, and the report counts residents helped, online
// filings, electronic IDs, satisfaction per session and place, and the centre's assisted filings.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outreachBookings, outreachVisits } from '../../db/schema';
import { purgeOutreachBookings } from '../../server/outreach/store';
import { expectError, isoAt, phoneNo, type TestApp, testApp, unlimited } from '../helpers';

async function schedule(env: TestApp, capacity = 5) {
  const sup = env.client.fresh();
  await sup.login('giamsat');
  const canbo1 = (await env.client.fresh().login('canbo1')).id;
  const r = await sup.post('/api/offices/1/outreach', {
    placeName: 'Nhà sinh hoạt cộng đồng tòa CT2 Vinhomes',
    address: '56 Nguyễn Chí Thanh, Ba Đình',
    latitude: 21.03,
    longitude: 105.81,
    startsAt: isoAt('2026-12-05', 8),
    endsAt: isoAt('2026-12-05', 11, 30),
    capacity,
    serviceIds: [1, 2],
    officerIds: [canbo1],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { sup, session: r.body as { id: number; remaining: number } };
}

describe('outreach sessions', () => {
  it('are scheduled by a supervisor and listed for residents; bad input is refused', async () => {
    const env = await testApp();
    const { sup, session } = await schedule(env);
    expect(session).toMatchObject({ remaining: 5, capacity: 5, placeName: 'Nhà sinh hoạt cộng đồng tòa CT2 Vinhomes' });
    const list = await env.client.fresh().get('/api/outreach');
    expect(list.body).toHaveLength(1);
    expect(list.body[0].services.map((s: { id: number }) => s.id).sort()).toEqual([1, 2]);
    expect((await env.client.fresh().get('/api/outreach?office=2')).body).toEqual([]);
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const body = {
      placeName: 'X',
      address: 'Y',
      startsAt: isoAt('2026-12-05', 8),
      endsAt: isoAt('2026-12-05', 9),
      capacity: 3,
      serviceIds: [1],
    };
    expect((await officer.post('/api/offices/1/outreach', body)).status).toBe(403);
    const other = env.client.fresh();
    await other.login('giamsat.ngocha');
    expect((await other.post('/api/offices/1/outreach', body)).status).toBe(403);
    expectError(
      await sup.post('/api/offices/1/outreach', { ...body, endsAt: isoAt('2026-12-05', 7) }),
      400,
      'OUTREACH_TIME_INVALID',
    );
    expectError(
      await sup.post('/api/offices/1/outreach', { ...body, startsAt: isoAt('2026-11-29', 8) }),
      400,
      'OUTREACH_TIME_INVALID',
    );
    // Another centre's service is not offered here.
    const foreign = (await env.client.fresh().get('/api/offices/2/services')).body[0].id;
    expectError(await sup.post('/api/offices/1/outreach', { ...body, serviceIds: [foreign] }), 400, 'UNKNOWN_SERVICE');
  });

  it('books to capacity under a rush, never more; one place per phone; a cancel frees a place', async () => {
    const env = await testApp({ limiter: unlimited() });
    const { session } = await schedule(env, 5);
    const rush = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: `Cư dân ${i}`, phone: phoneNo(i) }),
      ),
    );
    expect(rush.filter((r) => r.status === 201)).toHaveLength(5);
    expect(rush.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SLOT_FULL')).toBe(true);
    expect((await env.client.fresh().get(`/api/outreach/${session.id}`)).body.remaining).toBe(0);
    const first = rush.find((r) => r.status === 201)!.body as { token: string; code: string };
    expect(first.code).toMatch(/^L[A-Z2-9]{7}$/);
    // Cancelled: the place is free again, for another phone; the same phone once only.
    expect((await env.client.fresh().delete(`/api/outreach-bookings/${first.token}`)).body.state).toBe('cancelled');
    expectError(await env.client.fresh().delete(`/api/outreach-bookings/${first.token}`), 409, 'APPOINTMENT_CANCELLED');
    const again = await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'Mới', phone: '0987000111' });
    expect(again.status).toBe(201);
    await env.client.fresh().delete(`/api/outreach-bookings/${again.body.token}`);
    const dup1 = await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'A', phone: '0987000222' });
    expect(dup1.status).toBe(201);
    expectError(
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'A', phone: '0987 000 222' }),
      409,
      'SLOT_FULL',
    );
    await env.client.fresh().delete(`/api/outreach-bookings/${rush.filter((r) => r.status === 201)[1]!.body.token}`);
    expectError(
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'A', phone: '0987000222' }),
      409,
      'ALREADY_BOOKED',
    );
    // The booker's page and calendar file.
    const page = await env.client.fresh().get(`/api/outreach-bookings/${dup1.body.token}`);
    expect(page.body).toMatchObject({ code: dup1.body.code, state: 'booked', session: { placeName: expect.any(String) } });
    expect(JSON.stringify(page.body)).not.toMatch(/0987000222/);
    const ics = await env.client.fresh().get(`/api/outreach-bookings/${dup1.body.token}/calendar.ics`);
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    expect(String(ics.body)).toMatch(/DTSTART:20261205T010000Z/);
    // Bad input.
    expectError(
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: ' ', phone: '0987000333' }),
      400,
      'NAME_REQUIRED',
    );
    expectError(
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'B', phone: '123' }),
      400,
      'INVALID_PHONE',
    );
    expectError(
      await env.client.fresh().post('/api/outreach/9999/bookings', { name: 'B', phone: '0987000333' }),
      404,
      'OUTREACH_NOT_FOUND',
    );
    // After the session: closed.
    env.clock.set(Date.parse(isoAt('2026-12-05', 12)));
    expectError(
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'B', phone: '0987000444' }),
      409,
      'OUTREACH_CLOSED',
    );
  });

  it('on site: check-in by code, visits applied once per key, rating on the scale; the report', async () => {
    const env = await testApp({ limiter: unlimited() });
    const { sup, session } = await schedule(env, 10);
    const a = (
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'Lê Thị A', phone: phoneNo(1), serviceId: 1 })
    ).body;
    const b = (await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'Lê Văn B', phone: phoneNo(2) }))
      .body;
    env.clock.set(Date.parse(isoAt('2026-12-05', 8, 10)));
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const other = env.client.fresh();
    await other.login('canbo.ngocha1');
    expect((await other.get(`/api/outreach/${session.id}/bookings`)).status).toBe(403);
    expect((await env.client.fresh().get(`/api/outreach/${session.id}/bookings`)).status).toBe(401);
    const list = (await officer.get(`/api/outreach/${session.id}/bookings`)).body;
    expect(list.map((x: { phone: string }) => x.phone)).toEqual([expect.stringMatching(/\*/), expect.stringMatching(/\*/)]);
    // Check-in by the QR's code, twice: the same check-in.
    const inA = await officer.post(`/api/outreach/${session.id}/check-in`, { code: a.code.toLowerCase() });
    expect(inA.body).toMatchObject({ state: 'checked_in', checkedInAt: expect.any(String) });
    expect((await officer.post(`/api/outreach/${session.id}/check-in`, { code: a.code })).body.checkedInAt).toBe(
      inA.body.checkedInAt,
    );
    expectError(
      await officer.post(`/api/outreach/${session.id}/check-in`, { code: 'LNOPE123' }),
      404,
      'OUTREACH_BOOKING_NOT_FOUND',
    );

    // A visit for A, filed online with help; sent twice (the queue delivering again): applied once.
    const visitA = {
      key: 'k-0a1b2c3d-visit-a',
      doneAt: isoAt('2026-12-05', 8, 5),
      bookingCode: a.code,
      serviceId: 1,
      filedOnline: true,
      portalCode: 'G01.123-261205-0001',
      eidSetUp: true,
      level: 5,
    };
    const first = await officer.post(`/api/outreach/${session.id}/visits`, visitA);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false, filedOnline: true, eidSetUp: true, level: 5, doneAt: visitA.doneAt });
    const second = await officer.post(`/api/outreach/${session.id}/visits`, { ...visitA, level: 1 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, duplicate: true, level: 5 });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => officer.post(`/api/outreach/${session.id}/visits`, { ...visitA, key: 'k-same-key-at-once' })),
    );
    expect(concurrent.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(concurrent.map((r) => r.body.id)).size).toBe(1);
    // B checked in by the visit itself; a walk-in without booking; a rating outside the scale refused.
    expect(
      (
        await officer.post(`/api/outreach/${session.id}/visits`, {
          key: 'k-visit-b-0001',
          bookingCode: b.code,
          filedOnline: false,
          eidSetUp: true,
          level: 2,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await officer.post(`/api/outreach/${session.id}/visits`, {
          key: 'k-walk-in-0001',
          serviceId: 2,
          filedOnline: true,
          eidSetUp: false,
        })
      ).status,
    ).toBe(201);
    expectError(
      await officer.post(`/api/outreach/${session.id}/visits`, {
        key: 'k-bad-level-01',
        filedOnline: false,
        eidSetUp: false,
        level: 9,
      }),
      400,
      'LEVEL_OUT_OF_SCALE',
    );
    expectError(
      await officer.post(`/api/outreach/${session.id}/visits`, { key: 'no', filedOnline: false, eidSetUp: false }),
      400,
      'INVALID_IDEMPOTENCY_KEY',
    );
    expect(await env.db.select().from(outreachVisits).where(eq(outreachVisits.sessionId, session.id))).toHaveLength(4);
    expect(
      (await officer.get(`/api/outreach/${session.id}/bookings`)).body.every((x: { state: string }) => x.state === 'checked_in'),
    ).toBe(true);

    // At the centre: an officer marks helping a resident file online, once per key.
    const mark = { key: 'k-centre-mark-001', serviceId: 1, portalCode: 'G01.123-261205-0002' };
    expect((await officer.post('/api/offices/1/assisted-filings', mark)).status).toBe(201);
    expect((await officer.post('/api/offices/1/assisted-filings', mark)).status).toBe(200);
    expect((await other.post('/api/offices/1/assisted-filings', { ...mark, key: 'k-other-office-1' })).status).toBe(403);

    // Days later: the supervisor signs in again.
    await sup.login('giamsat');
    const report = await sup.get('/api/offices/1/outreach-report?from=2026-12-01&to=2026-12-06');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      sessionsHeld: 1,
      residentsHelped: 4,
      filedOnline: 3,
      eidSetUp: 3,
      satisfactionIndex: 2 / 3,
      sessions: [{ sessionId: session.id, booked: 2, checkedIn: 2, residentsHelped: 4, filedOnline: 3, ratings: 3 }],
      places: [{ placeName: 'Nhà sinh hoạt cộng đồng tòa CT2 Vinhomes', sessions: 1, residentsHelped: 4 }],
      centre: { assistedFilings: 1 },
    });
    expect((await officer.get('/api/offices/1/outreach-report')).status).toBe(403);
  });

  it('clears the bookings’ names and phones once the session ended longer ago than the centre’s retention', async () => {
    const env = await testApp({ limiter: unlimited() });
    const { session } = await schedule(env, 3);
    const b = (await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'Tạ Thị F', phone: phoneNo(7) }))
      .body;
    const row = async () => (await env.db.select().from(outreachBookings).where(eq(outreachBookings.code, b.code)))[0]!;
    env.clock.set(Date.parse(isoAt('2026-12-05', 12)) + 89 * 86_400_000);
    expect(await purgeOutreachBookings(env.deps)).toBe(0);
    expect((await row()).name).toBe('Tạ Thị F');
    env.clock.advance(2 * 86_400_000);
    expect(await purgeOutreachBookings(env.deps)).toBe(1);
    expect(await row()).toMatchObject({ name: null, phone: null, state: 'booked' });
  });

  it('a booking moves to another session: a place taken there, freed here, the same code', async () => {
    const env = await testApp({ limiter: unlimited() });
    const { sup, session } = await schedule(env, 2);
    const other = await sup.post('/api/offices/1/outreach', {
      placeName: 'Nhà văn hóa tổ 7',
      address: 'Ngõ 7 Kim Mã',
      startsAt: isoAt('2026-12-12', 8),
      endsAt: isoAt('2026-12-12', 11),
      capacity: 1,
      serviceIds: [2],
    });
    expect(other.status).toBe(201);
    const a = (
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'A', phone: phoneNo(1), serviceId: 1 })
    ).body;
    const b = (await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'B', phone: phoneNo(2) })).body;
    const moved = await env.client.fresh().post(`/api/outreach-bookings/${a.token}/move`, { sessionId: other.body.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      code: a.code,
      state: 'booked',
      serviceId: null,
      session: { id: other.body.id, remaining: 0 },
    });
    expect((await env.client.fresh().get(`/api/outreach/${session.id}`)).body.remaining).toBe(1);
    expectError(
      await env.client.fresh().post(`/api/outreach-bookings/${b.token}/move`, { sessionId: other.body.id }),
      409,
      'SLOT_FULL',
    );
    expectError(
      await env.client.fresh().post(`/api/outreach-bookings/${a.token}/move`, { sessionId: other.body.id }),
      409,
      'SAME_SLOT',
    );
    expectError(
      await env.client.fresh().post(`/api/outreach-bookings/${a.token}/move`, { sessionId: 9999 }),
      404,
      'OUTREACH_NOT_FOUND',
    );
  });

  it('a supervisor cancels a session: no more bookings, its bookers see it', async () => {
    const env = await testApp({ limiter: unlimited() });
    const { sup, session } = await schedule(env, 3);
    const a = (await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'A', phone: phoneNo(1) })).body;
    const officer = env.client.fresh();
    await officer.login('canbo1');
    expect((await officer.post(`/api/outreach/${session.id}/cancel`)).status).toBe(403);
    const other = env.client.fresh();
    await other.login('giamsat.ngocha');
    expect((await other.post(`/api/outreach/${session.id}/cancel`)).status).toBe(403);
    expect((await sup.post(`/api/outreach/${session.id}/cancel`)).body).toMatchObject({ cancelled: true });
    expectError(await sup.post(`/api/outreach/${session.id}/cancel`), 409, 'OUTREACH_CLOSED');
    expectError(
      await env.client.fresh().post(`/api/outreach/${session.id}/bookings`, { name: 'B', phone: phoneNo(2) }),
      409,
      'OUTREACH_CLOSED',
    );
    expect((await env.client.fresh().get('/api/outreach')).body).toEqual([]);
    expect((await env.client.fresh().get(`/api/outreach-bookings/${a.token}`)).body.session.cancelled).toBe(true);
  });
});
