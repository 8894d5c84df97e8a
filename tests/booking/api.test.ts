import { describe, expect, it } from 'vitest';
import { isoAt, phoneNo, testApp } from '../helpers';

describe('booking API', () => {
  it('lists slots, books, reads, cancels', async () => {
    const { client } = await testApp();
    const slots = await client.get('/api/offices/1/services/1/slots?from=2026-11-30&days=1');
    expect(slots.status).toBe(200);
    expect(slots.body[0]).toEqual({
      start: isoAt('2026-11-30', 10),
      end: isoAt('2026-11-30', 10, 30),
      capacity: 4,
      remaining: 4,
    });
    const b = await client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: slots.body[0].start,
      name: 'Nguyễn Văn A',
      phone: phoneNo(1),
    });
    expect(b.status).toBe(201);
    expect(b.body.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const read = await client.get(`/api/appointments/${b.body.token}`);
    expect(read.body).toMatchObject({ id: b.body.id, code: b.body.code, state: 'booked', serviceId: 1 });
    const again = await client.get('/api/offices/1/services/1/slots?from=2026-11-30&days=1');
    expect(again.body[0].remaining).toBe(3);
    const del = await client.delete(`/api/appointments/${b.body.token}`);
    expect(del.status).toBe(200);
    expect(del.body.state).toBe('cancelled');
  });

  it('is documented in the OpenAPI description', async () => {
    const { client } = await testApp();
    const r = await client.get('/api/openapi.json');
    expect(r.status).toBe(200);
    const paths = Object.keys(r.body.paths);
    for (const p of [
      '/api/offices/{officeId}/services/{serviceId}/slots',
      '/api/offices/{officeId}/appointments',
      '/api/offices/{officeId}/check-in',
      '/api/appointments/{token}',
      '/api/appointments/{token}/reschedule',
    ])
      expect(paths).toContain(p);
  });

  it('lists a day of bookings for staff, phones masked', async () => {
    const { client } = await testApp();
    await client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt('2026-11-30', 11),
      name: 'B',
      phone: phoneNo(2),
    });
    await client.post('/api/offices/1/appointments', {
      serviceId: 2,
      start: isoAt('2026-11-30', 10),
      name: 'A',
      phone: phoneNo(1),
    });
    expect((await client.get('/api/offices/1/appointments')).status).toBe(401);
    const staff = client.fresh();
    await staff.login('canbo1');
    const r = await staff.get('/api/offices/1/appointments');
    expect(r.status).toBe(200);
    expect(r.body.map((a: { name: string }) => a.name)).toEqual(['A', 'B']);
    expect(r.body[0].phone).toBe('091****001');
    expect(JSON.stringify(r.body)).not.toContain(phoneNo(1));
    expect((await staff.get('/api/offices/1/appointments?day=2026-12-01')).body).toEqual([]);
    expect((await staff.get('/api/offices/1/appointments?day=2026-12-41')).body.error.code).toBe('INVALID_DATE');
  });
});
