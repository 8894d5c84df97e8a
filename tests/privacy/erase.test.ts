// A resident sees and erases their own booking's personal data with its token alone; the
// booking itself still works and no one else's data is touched.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments } from '../../db/schema';
import { at, isoAt, phoneNo, testApp } from '../helpers';

describe("erasing a booking's personal data", () => {
  it('clears name, phone and ID hash; the code still checks in; others are untouched', async () => {
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
    expect(await row(mine.id)).toMatchObject({ name: null, phone: null, idNumberHash: null, state: 'booked' });
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

  it('an unknown token is 404 and changes nothing', async () => {
    const f = await testApp();
    const before = await f.db.select().from(appointments);
    const r = await f.client.delete('/api/appointments/AAAAAAAAAAAAAAAAAAAAAAAA/personal-data');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('APPOINTMENT_NOT_FOUND');
    expect(await f.db.select().from(appointments)).toEqual(before);
  });
});
