// A resident sees and erases their own booking's personal data with its token alone; the
// booking itself still works and no one else's data is touched.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments } from '../../db/schema';
import { purgeExpired } from '../../server/privacy/retention';
import { at, isoAt, phoneNo, testApp } from '../helpers';

describe("erasing a booking's personal data", () => {
  it('clears name and phone (only keyed hashes stay until the slot); the code still checks in; others are untouched', async () => {
    const f = await testApp();
    const book = async (i: number) => {
      const r = await f.client.post('/api/offices/1/appointments', {
        serviceId: 1,
        start: isoAt('2026-11-30', 10),
        name: `Nguyễn Thị ${i}`,
        phone: phoneNo(i),
        idNumber: `00120300000${i}`,
      });
      expect(r.status).toBe(201);
      return r.body as { id: number; code: string; token: string };
    };
    const mine = await book(1);
    const other = await book(2);
    const row = async (id: number) => (await f.db.select().from(appointments).where(eq(appointments.id, id)))[0]!;

    // See: the booker's page shows their name and a masked phone, never the ID number.
    const seen = await f.client.get(`/api/appointments/${mine.token}`);
    expect(seen.body).toMatchObject({ name: 'Nguyễn Thị 1', phone: '091****001' });
    expect(JSON.stringify(seen.body)).not.toContain('001203000001');

    // Erase.
    const erased = await f.client.delete(`/api/appointments/${mine.token}/personal-data`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ name: null, phone: null, state: 'booked' });
    const kept = await row(mine.id);
    expect(kept).toMatchObject({ name: null, state: 'booked' });
    // Until the slot has passed, the phone is kept only as a keyed hash, the ID number as before.
    expect(kept.phone).toMatch(/^#[0-9a-f]{64}$/);
    expect(kept.phone).not.toContain(phoneNo(1).slice(1));
    expect(kept.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await row(mine.id)).purgedAt).toBe(f.clock.now());
    expect(await row(other.id)).toMatchObject({ name: 'Nguyễn Thị 2', phone: phoneNo(2) });
    expect((await row(other.id)).idNumberHash).not.toBeNull();

    // Twice is harmless.
    expect((await f.client.delete(`/api/appointments/${mine.token}/personal-data`)).status).toBe(200);

    // The booking still checks in by its code.
    const staff = f.client.fresh();
    await staff.login('canbo1');
    f.clock.set(at('2026-11-30', 9, 50));
    const ticket = await staff.post('/api/offices/1/check-in', { code: mine.code });
    expect(ticket.status).toBe(201);
    expect(ticket.body.source).toBe('booking');
  });

  it('the one-booking-per-person limit holds after erasing, until the slot has passed', async () => {
    const f = await testApp();
    const body = (over: Record<string, unknown> = {}) => ({
      serviceId: 1,
      start: isoAt('2026-11-30', 10),
      name: 'Trần Văn Bình',
      phone: phoneNo(7),
      idNumber: '001203000777',
      ...over,
    });
    const first = await f.client.post('/api/offices/1/appointments', body());
    expect(first.status).toBe(201);
    expect((await f.client.delete(`/api/appointments/${first.body.token}/personal-data`)).status).toBe(200);
    // Three more tries the same day for the same service: by the same phone, by the same ID number
    // with another phone, by the phone in another form. All refused, and the first stays booked.
    for (const again of [
      body({ start: isoAt('2026-11-30', 14) }),
      body({ phone: phoneNo(8), start: isoAt('2026-11-30', 14) }),
      body({ phone: `+84${phoneNo(7).slice(1)}`, idNumber: undefined, start: isoAt('2026-11-30', 15) }),
    ]) {
      const r = await f.client.post('/api/offices/1/appointments', again);
      expect(r.status, JSON.stringify(again)).toBe(409);
      expect(r.body.error.code).toBe('ALREADY_BOOKED');
    }
    const booked = await f.db.select().from(appointments).where(eq(appointments.state, 'booked'));
    expect(booked).toHaveLength(1);

    // Once the slot has passed, the retention job drops the hashes too.
    f.clock.set(at('2026-11-30', 11));
    expect((await purgeExpired(f.deps, f.officeId)).ok).toBe(true);
    expect((await f.db.select().from(appointments))[0]).toMatchObject({ phone: null, idNumberHash: null, name: null });
  });

  it('an unknown token is 404 and changes nothing', async () => {
    const f = await testApp();
    const before = await f.db.select().from(appointments);
    const r = await f.client.delete('/api/appointments/AAAAAAAAAAAAAAAAAAAAAAAA/personal-data');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('APPOINTMENT_NOT_FOUND');
    expect(await f.db.select().from(appointments)).toEqual(before);
  });
});
