// The city for residents: every centre with its hours, open now and waits per procedure; the
// earliest slot of a procedure at any centre (one full, one on holiday, one free: the right
// answer, soonest first, each centre once); and the leaders' comparison for the city role, which
// reads every centre and changes nothing.
import { describe, expect, it } from 'vitest';
import { recordEndedDays } from '../../server/city/daily';
import { at, counterIdOf, expectError, isoAt, openCounter, phoneNo, STAFF_PASSWORD, testApp } from '../helpers';

const CODE = '1.001193'; // Đăng ký khai sinh, seeded at the first office

type Env = Awaited<ReturnType<typeof testApp>>;

/** A centre made through the admin API: one sector, the procedure, one counter, weekday hours. */
async function centre(admin: Env['client'], name: string, hours: { weekday: number; opensAt: number; closesAt: number }[]) {
  const office = (await admin.post('/api/admin/offices', { name, address: `Số 1 phố ${name}`, timezone: 'Asia/Ho_Chi_Minh' }))
    .body.id as number;
  const sector = (await admin.post(`/api/admin/offices/${office}/sectors`, { name: 'Hộ tịch' })).body.id as number;
  const made = await admin.post(`/api/admin/offices/${office}/services`, {
    sectorId: sector,
    code: CODE,
    name: 'Đăng ký khai sinh',
    prefix: 'A',
    avgServiceMinutes: 10,
    slotMinutes: 30,
    capacityPerSlot: 1,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(
    (await admin.post(`/api/admin/offices/${office}/counters`, { number: 1, name: 'Quầy 1', serviceIds: [made.body.id] })).status,
  ).toBe(201);
  expect((await admin.request('PUT', `/api/admin/offices/${office}/hours`, { hours })).status).toBe(200);
  return { office, service: made.body.id as number };
}

const weekdays = (opensAt: number, closesAt: number) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt, closesAt }));

describe('the city', () => {
  it('earliest slot anywhere: a full centre and one on holiday are skipped or later; soonest first, each once', async () => {
    const env = await testApp(); // Monday 30/11/2026 09:00
    const admin = env.client.fresh();
    await admin.login('admin');
    const holiday = await centre(admin, 'Kim Mã', weekdays(450, 690));
    for (const date of ['2026-11-30', '2026-12-01'])
      expect((await admin.post(`/api/admin/offices/${holiday.office}/holidays`, { date, name: 'Nghỉ' })).status).toBe(201);
    // The full centre: one slot a day (Monday 10:30-11:00) and bookings one day ahead only.
    const full = await centre(admin, 'Ngọc Hà', [{ weekday: 1, opensAt: 630, closesAt: 660 }]);
    expect(
      (await admin.request('PATCH', `/api/admin/offices/${full.office}/settings`, { booking: { maxDaysAhead: 1 } })).status,
    ).toBe(200);
    expect(
      (
        await env.client.post(`/api/offices/${full.office}/appointments`, {
          serviceId: full.service,
          start: isoAt('2026-11-30', 10, 30),
          name: 'Lê A',
          phone: phoneNo(1),
        })
      ).status,
    ).toBe(201);

    const r = await env.client.get(`/api/city/earliest?code=${CODE}`);
    expect(r.status).toBe(200);
    // The two seeded centres' first free slots, as their own slot lists say.
    const firstFree = async (officeId: number) => {
      const service = (await env.client.get(`/api/offices/${officeId}/services`)).body.find(
        (x: { code: string }) => x.code === CODE,
      );
      const slots = (await env.client.get(`/api/offices/${officeId}/services/${service.id}/slots?days=7`)).body;
      return {
        officeId,
        serviceId: service.id as number,
        start: slots.find((x: { remaining: number }) => x.remaining > 0).start as string,
      };
    };
    const expected = [
      ...(await Promise.all([1, 2].map(firstFree))),
      { officeId: holiday.office, serviceId: holiday.service, start: isoAt('2026-12-02', 7, 30) },
    ].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.officeId - b.officeId);
    expect(
      r.body.map((x: { officeId: number; serviceId: number; start: string }) => ({
        officeId: x.officeId,
        serviceId: x.serviceId,
        start: x.start,
      })),
    ).toEqual(expected);
    // The full centre is not there; each centre once.
    expect(r.body.map((x: { officeId: number }) => x.officeId)).not.toContain(full.office);
    // An unknown procedure is nowhere; a malformed code is refused.
    expect((await env.client.get('/api/city/earliest?code=9.999999')).body).toEqual([]);
    for (const bad of ['%3Cscript%3E', '-1', '1e400', '1.0011930'])
      expectError(await env.client.get(`/api/city/earliest?code=${bad}`), 400, 'VALIDATION_FAILED');
  });

  it('every centre live: hours today, open now, waiting and estimates per procedure', async () => {
    const env = await testApp();
    const admin = env.client.fresh();
    await admin.login('admin');
    const other = await centre(admin, 'Kim Mã', weekdays(600, 690));
    const kiosk = env.client.fresh();
    await kiosk.login('canbo1');
    for (let i = 0; i < 3; i++) expect((await kiosk.post('/api/offices/1/tickets', { serviceId: 1 })).status).toBe(201);

    const r = await env.client.get('/api/city');
    expect(r.status).toBe(200);
    const [first, seeded] = r.body.offices;
    const second = r.body.offices.find((o: { id: number }) => o.id === other.office);
    expect(first).toMatchObject({ id: 1, open: true, waiting: 3 });
    // The seeded second centre, with its coordinates for sorting by distance.
    expect(seeded).toMatchObject({ id: 2, open: true, waiting: 0, latitude: expect.any(Number), longitude: expect.any(Number) });
    expect(first.hoursToday.length).toBeGreaterThan(0);
    expect(first.services.find((s: { id: number }) => s.id === 1)).toMatchObject({
      code: CODE,
      waiting: 3,
      etaMinutes: expect.any(Number),
    });
    // Each centre's procedures as its own list has them, in its order, people and estimates alike
    // (the city reads them in one grouped query of its own), a priority ticket counted with the rest.
    expect((await kiosk.post('/api/offices/1/tickets', { serviceId: 2, priority: 'elderly' })).status).toBe(201);
    const city = (await env.client.get('/api/city')).body.offices as { id: number; services: unknown[] }[];
    for (const o of city) {
      const own = (await env.client.get(`/api/offices/${o.id}/services`)).body as Record<string, unknown>[];
      expect(o.services).toEqual(
        own.map(({ id, code, name, bookable, waiting, etaMinutes }) => ({ id, code, name, bookable, waiting, etaMinutes })),
      );
    }
    expect(city[0]!.services.length).toBeGreaterThan(3);
    // 09:00 on a Monday: the other centre opens at 10:00.
    expect(second).toMatchObject({ id: other.office, open: false, waiting: 0, hoursToday: [{ opensAt: 600, closesAt: 690 }] });
    env.clock.set(at('2026-11-30', 10, 15));
    expect((await env.client.get('/api/city')).body.offices.find((o: { id: number }) => o.id === other.office).open).toBe(true);
    // Nothing personal and no ticket tokens.
    expect(JSON.stringify(r.body)).not.toMatch(/token|phone|"name":"Lê/);
  });

  it("the leaders' comparison: the city role reads it, worst first with the previous period; nobody else; no writes", async () => {
    const env = await testApp();
    const admin = env.client.fresh();
    await admin.login('admin');
    const other = await centre(admin, 'Kim Mã', weekdays(450, 1020));
    expect(
      (
        await admin.post('/api/admin/staff', {
          username: 'lanhdao',
          displayName: 'Lãnh đạo',
          role: 'city',
          officeId: null,
          password: STAFF_PASSWORD,
        })
      ).status,
    ).toBe(201);
    // A day with waits at the first centre.
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const counter = await counterIdOf(env.db, 1);
    await openCounter(officer, counter);
    for (let i = 0; i < 2; i++) {
      const t = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
      env.clock.advanceMinutes(40);
      expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
      expect((await officer.post(`/api/counters/${counter}/start`)).status).toBe(200);
      expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
    }
    env.clock.set(at('2026-12-01', 8));
    await recordEndedDays(env.deps);

    const leader = env.client.fresh();
    await leader.login('lanhdao');
    const r = await leader.get('/api/city/compare?from=2026-11-30&to=2026-11-30');
    expect(r.status).toBe(200);
    expect(r.body.previous).toEqual({ from: '2026-11-29', to: '2026-11-29' });
    // The first centre kept residents 40 minutes (none within target): worst first.
    expect(r.body.centres.map((x: { officeId: number }) => x.officeId)).toEqual([1, 2, other.office]);
    expect(r.body.centres[0].current).toMatchObject({ served: 2, waitP90: 40, servedWithinTargetShare: 0 });
    expect((await leader.get('/api/city/compare.csv?from=2026-11-30&to=2026-11-30')).status).toBe(200);
    expect((await leader.get('/api/city/compare.xlsx?from=2026-11-30&to=2026-11-30')).status).toBe(200);
    // Drill-down: the city role reads any centre's report, and changes nothing anywhere.
    expect((await leader.get(`/api/offices/${other.office}/stats`)).status).toBe(200);
    expectError(await leader.post('/api/offices/1/tickets', { serviceId: 1 }), 403, 'FORBIDDEN');
    expectError(await leader.request('PATCH', '/api/admin/offices/1', { name: 'x' }), 403, 'FORBIDDEN');
    // An office supervisor is refused the city comparison, and reads only their own centre.
    const sup = env.client.fresh();
    await sup.login('giamsat');
    expectError(await sup.get('/api/city/compare'), 403, 'FORBIDDEN');
    expectError(await sup.get(`/api/offices/${other.office}/stats`), 403, 'FORBIDDEN');
    expect((await env.client.fresh().get('/api/city/compare')).status).toBe(401);
  });
});
