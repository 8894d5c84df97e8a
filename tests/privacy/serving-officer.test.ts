// Phones are masked on staff screens except to the officer serving that booking: the one read
// that returns a phone in full checks the counter, its officer and the ticket's place.
import { describe, expect, it } from 'vitest';
import { at, isoAt, testApp } from '../helpers';

describe("the serving officer's view of a booking", () => {
  it('full phone for the officer at the counter serving it; refused to everyone else', async () => {
    const f = await testApp();
    const booked = await f.client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt('2026-11-30', 10),
      name: 'Lê Thị Hoa',
      phone: '0987654321',
    });
    expect(booked.status).toBe(201);
    const officer = f.client.fresh();
    await officer.login('canbo1');
    const other = f.client.fresh();
    await other.login('canbo2');
    const path = `/api/counters/1/bookings/${booked.body.id}`;

    // Before the counter is open, and before the booking is served there.
    expect((await officer.get(path)).body.error.code).toBe('COUNTER_CLOSED');
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    const notYet = await officer.get(path);
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('NOT_SERVED_HERE');

    f.clock.set(at('2026-11-30', 9, 45));
    expect((await officer.post('/api/offices/1/check-in', { code: booked.body.code })).status).toBe(201);
    expect((await officer.post('/api/counters/1/call-next')).status).toBe(200);

    const seen = await officer.get(path);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ id: booked.body.id, code: booked.body.code, name: 'Lê Thị Hoa', phone: '0987654321' });

    // Another officer, and the day's staff list, get the masked phone only.
    const refused = await other.get(path);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_AT_COUNTER');
    const list = await other.get('/api/offices/1/appointments?day=2026-11-30');
    expect(JSON.stringify(list.body)).not.toContain('0987654321');
    expect(JSON.stringify(list.body)).toContain('098****321');

    // Once finished, it is no longer served here.
    await officer.post('/api/counters/1/start');
    await officer.post('/api/counters/1/finish');
    expect((await officer.get(path)).body.error.code).toBe('NOT_SERVED_HERE');
  });
});
