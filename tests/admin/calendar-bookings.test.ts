// A holiday added over existing bookings, or opening hours that no longer cover them: the admin
// is shown the bookings first (409 with the list, nothing changed); confirmed, they are cancelled
// with a reason the resident sees on their booking page, and their places are free again.
import { describe, expect, it } from 'vitest';
import { expectError, isoAt, phoneNo, sqlAll, testApp } from '../helpers';

type Hours = { weekday: number; opensAt: number; closesAt: number }[];

async function setup() {
  const f = await testApp();
  const admin = f.client.fresh();
  await admin.login('admin');
  let i = 0;
  const book = async (day: string, hour: number) => {
    const r = await f.client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt(day, hour),
      name: `Người ${i}`,
      phone: phoneNo(i++),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { code: string; token: string };
  };
  const state = async (token: string) => (await f.client.get(`/api/appointments/${token}`)).body;
  const booked = async (day: string, hour: number) =>
    Number(
      (
        await sqlAll<{ n: number }>(
          f.db,
          'select coalesce(sum(booked), 0) as n from slot_ledger where slot_start = ?',
          Date.parse(isoAt(day, hour)),
        )
      )[0]!.n,
    );
  return { f, admin, book, state, booked };
}

describe('calendar edits over bookings', () => {
  it('a holiday on booked days: listed first, cancelled with a reason once confirmed, places freed', async () => {
    const { f, admin, book, state, booked } = await setup();
    const [a, b] = [await book('2026-11-30', 10), await book('2026-11-30', 14)];
    const other = await book('2026-12-01', 10);

    const holiday = { date: '2026-11-30', name: 'Nghỉ bù' };
    const refused = await admin.post('/api/admin/offices/1/holidays', holiday);
    expectError(refused, 409, 'HOLIDAY_HITS_BOOKINGS');
    expect(refused.body.error.bookings.map((x: { code: string }) => x.code).sort()).toEqual([a.code, b.code].sort());
    expect(refused.body.error.bookings[0]).toMatchObject({
      serviceName: expect.any(String),
      name: expect.stringMatching(/^Người/),
    });
    // Nothing changed: no holiday, both still booked.
    expect((await admin.get('/api/admin/offices/1')).body.holidays.map((h: { date: string }) => h.date)).not.toContain(
      '2026-11-30',
    );
    expect((await state(a.token)).state).toBe('booked');
    expect(await booked('2026-11-30', 10)).toBe(1);

    const confirmed = await admin.post('/api/admin/offices/1/holidays', { ...holiday, cancelBookings: true });
    expect(confirmed.status).toBe(201);
    for (const x of [a, b]) {
      const v = await state(x.token);
      expect(v.state).toBe('cancelled');
      expect(v.cancelReason).toEqual({ kind: 'holiday', date: '2026-11-30', name: 'Nghỉ bù' });
    }
    expect(await booked('2026-11-30', 10)).toBe(0);
    expect(await booked('2026-11-30', 14)).toBe(0);
    expect(await state(other.token)).toMatchObject({ state: 'booked', cancelReason: null });
    // A holiday on a day without bookings needs no confirmation.
    expect((await admin.post('/api/admin/offices/1/holidays', { date: '2026-12-07', name: 'Ngày nghỉ' })).status).toBe(201);
    // A booking the resident cancels has no office reason.
    const c = await book('2026-12-01', 14);
    expect((await f.client.delete(`/api/appointments/${c.token}`)).status).toBe(200);
    expect((await state(c.token)).cancelReason).toBeNull();
  });

  it('hours that no longer cover a booking: listed first, then cancelled with the reason "hours"', async () => {
    const { admin, book, state } = await setup();
    const morning = await book('2026-11-30', 10);
    const afternoon = await book('2026-11-30', 14);
    const hours = (await admin.get('/api/admin/offices/1')).body.hours as Hours;
    // Mondays: mornings only.
    const next = hours.filter((h) => h.weekday !== 1 || h.closesAt <= 12 * 60);
    expect(next.length).toBeLessThan(hours.length);

    const refused = await admin.request('PUT', '/api/admin/offices/1/hours', { hours: next });
    expectError(refused, 409, 'HOURS_HIT_BOOKINGS');
    expect(refused.body.error.bookings.map((x: { code: string }) => x.code)).toEqual([afternoon.code]);
    expect((await admin.get('/api/admin/offices/1')).body.hours).toEqual(hours);

    expect((await admin.request('PUT', '/api/admin/offices/1/hours', { hours: next, cancelBookings: true })).status).toBe(200);
    expect(await state(afternoon.token)).toMatchObject({ state: 'cancelled', cancelReason: { kind: 'hours' } });
    expect(await state(morning.token)).toMatchObject({ state: 'booked', cancelReason: null });
    // The hours that still cover everything save without a question.
    expect((await admin.request('PUT', '/api/admin/offices/1/hours', { hours })).status).toBe(200);
  });
});
