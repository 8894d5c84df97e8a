// Check-in at the kiosk: the window (early, on time, late), unknown, cancelled, twice, the QR's
// URL typed by a scanner, and the no-show sweep.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, tickets } from '../../db/schema';
import { sweepNoShows } from '../../server/booking/no-shows';
import { testConfig } from '../../server/config';
import { createDevice } from '../../server/devices/store';
import { startServer } from '../../server/server';
import { at, isoAt, phoneNo, testApp } from '../helpers';

async function setup() {
  const f = await testApp();
  const bookAt = async (hh: number, mm: number, phone: number, extra: Record<string, unknown> = {}) => {
    const r = await f.client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt('2026-11-30', hh, mm),
      name: 'Trần Thị B',
      phone: phoneNo(phone),
      ...extra,
    });
    expect(r.status).toBe(201);
    return r.body as { id: number; code: string; token: string };
  };
  const kiosk = f.client.fresh();
  await kiosk.login('canbo1');
  const checkIn = (code: string, lang = 'vi') => kiosk.post('/api/offices/1/check-in', { code }, { 'accept-language': lang });
  const state = async (id: number) => (await f.db.select().from(appointments).where(eq(appointments.id, id)))[0]!;
  return { ...f, bookAt, checkIn, state, kiosk };
}

describe('check-in', () => {
  it('too early: 409 with the time to come back, nothing issued', async () => {
    const { bookAt, checkIn, clock, db, state } = await setup();
    const b = await bookAt(10, 0, 1);
    clock.set(at('2026-11-30', 9, 20));
    const vi = await checkIn(b.code);
    expect(vi.status).toBe(409);
    expect(vi.body.error.code).toBe('CHECK_IN_TOO_EARLY');
    expect(vi.body.error.message).toContain('09:30');
    expect(vi.body.error.comeBackAt).toBe(isoAt('2026-11-30', 9, 30));
    const en = await checkIn(b.code, 'en');
    expect(en.body.error.message).toMatch(/come back from 09:30/);
    expect(await db.select().from(tickets)).toHaveLength(0);
    expect((await state(b.id)).state).toBe('booked');
  });

  it('too early on another day names the day', async () => {
    const { client, checkIn } = await setup();
    const r = await client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt('2026-12-01', 8),
      name: 'C',
      phone: phoneNo(9),
    });
    const early = await checkIn(r.body.code);
    expect(early.body.error.message).toContain('07:30 01/12/2026');
  });

  it('on time: a booking-class ticket in the same transaction that checks the booking in', async () => {
    const { bookAt, checkIn, clock, db, state, client } = await setup();
    const b = await bookAt(10, 0, 1);
    clock.set(at('2026-11-30', 9, 30)); // exactly 30 min early: the window is open
    const r = await checkIn(b.code);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ number: 'A001', serviceId: 1, state: 'waiting', source: 'booking', appointmentId: b.id });
    expect(r.body.notice).toBeUndefined();
    expect(typeof r.body.token).toBe('string');
    const t = (await db.select().from(tickets).where(eq(tickets.id, r.body.id)))[0]!;
    expect(t).toMatchObject({ queueClass: 1, slotStart: at('2026-11-30', 10), appointmentId: b.id, source: 'booking' });
    expect(await state(b.id)).toMatchObject({ state: 'checked_in', ticketId: t.id });
    const view = await client.get(`/api/appointments/${b.token}`);
    expect(view.body).toMatchObject({ state: 'checked_in', ticketToken: r.body.token });
  });

  it('the last minute of the window is on time; a minute after is late: a walk-in with a notice', async () => {
    const { bookAt, checkIn, clock, db, state } = await setup();
    const onTime = await bookAt(10, 0, 1);
    const late = await bookAt(10, 0, 2);
    clock.set(at('2026-11-30', 10, 10));
    expect((await checkIn(onTime.code)).body.source).toBe('booking');
    clock.set(at('2026-11-30', 10, 11));
    const r = await checkIn(late.code);
    expect(r.status).toBe(201);
    expect(r.body.source).toBe('walk_in');
    expect(r.body.notice).toContain('muộn');
    expect(r.body.notice).toContain('10:00');
    const t = (await db.select().from(tickets).where(eq(tickets.id, r.body.id)))[0]!;
    expect(t).toMatchObject({ queueClass: 2, slotStart: null, source: 'walk_in' });
    expect((await state(late.id)).state).toBe('checked_in');
  });

  it('unknown, cancelled and twice are refused; the code may be typed loosely or come as the QR URL', async () => {
    const { bookAt, checkIn, clock, client } = await setup();
    clock.set(at('2026-11-30', 9));
    const a = await bookAt(10, 0, 1);
    const b = await bookAt(10, 0, 2);
    const c = await bookAt(10, 0, 3);
    clock.set(at('2026-11-30', 9, 45));
    expect((await checkIn('ZZZZZZ')).status).toBe(404);
    expect((await checkIn('ZZZZZZ')).body.error.code).toBe('APPOINTMENT_NOT_FOUND');
    expect((await checkIn('hello world, not a code')).status).toBe(404);
    await client.delete(`/api/appointments/${b.token}`);
    const cancelled = await checkIn(b.code);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error.code).toBe('APPOINTMENT_CANCELLED');
    const loose = `${a.code.slice(0, 3).toLowerCase()} ${a.code.slice(3).toLowerCase()}`;
    expect((await checkIn(loose)).status).toBe(201);
    const twice = await checkIn(a.code);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_CHECKED_IN');
    const byUrl = await checkIn(`https://hcc.example.vn/a/${c.token}`);
    expect(byUrl.status).toBe(201);
    expect(byUrl.body.appointmentId).toBe(c.id);
  });

  it('needs a kiosk or staff of the office; a paired kiosk checks in with its device cookie', async () => {
    const { bookAt, client, clock, store } = await setup();
    const b = await bookAt(10, 0, 1);
    const r = await client.fresh().post('/api/offices/1/check-in', { code: b.code });
    expect(r.status).toBe(401);
    const made = await store.write((tx) => createDevice(tx, 1, { kind: 'kiosk', name: 'Kiosk thử' }, clock.now()));
    if (!made.ok) throw new Error('device');
    const kiosk = client.fresh();
    expect((await kiosk.post(`/pair/${made.value.pairToken}`)).status).toBe(303);
    expect(kiosk.cookie).toContain('rs_device=');
    clock.set(at('2026-11-30', 9, 45));
    const ok = await kiosk.post('/api/offices/1/check-in', { code: b.code });
    expect(ok.status).toBe(201);
    expect(ok.body.source).toBe('booking');
  });

  it('a booking with a priority category keeps it on its ticket', async () => {
    const { bookAt, checkIn, clock, db } = await setup();
    const b = await bookAt(10, 0, 1, { priority: 'elderly' });
    clock.set(at('2026-11-30', 9, 50));
    const r = await checkIn(b.code);
    expect(r.body.priority).toBe('elderly');
    expect((await db.select().from(tickets).where(eq(tickets.id, r.body.id)))[0]!.queueClass).toBe(0);
  });

  it('call-next prefers the checked-in booking once its slot starts', async () => {
    const { bookAt, checkIn, clock, kiosk } = await setup();
    const b = await bookAt(10, 0, 1);
    clock.set(at('2026-11-30', 9, 40));
    const walkIn = await kiosk.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(walkIn.status).toBe(201);
    const booked = await checkIn(b.code);
    clock.set(at('2026-11-30', 10, 0));
    expect((await kiosk.post('/api/counters/1/open')).status).toBe(200);
    const call = await kiosk.post('/api/counters/1/call-next');
    expect(call.status).toBe(200);
    expect(call.body.ticket.id).toBe(booked.body.id);
  });
});

describe('no-show', () => {
  it('a booking not checked in by the end of its slot becomes a no-show', async () => {
    const { bookAt, checkIn, clock, deps, state, kiosk } = await setup();
    const missed = await bookAt(10, 0, 1);
    const came = await bookAt(10, 0, 2);
    const later = await bookAt(10, 30, 3);
    clock.set(at('2026-11-30', 9, 50));
    await checkIn(came.code);
    clock.set(at('2026-11-30', 10, 29));
    expect(await sweepNoShows(deps, 1)).toEqual({ ok: true, value: 0 });
    clock.set(at('2026-11-30', 10, 30));
    expect(await sweepNoShows(deps, 1)).toEqual({ ok: true, value: 1 });
    expect((await state(missed.id)).state).toBe('no_show');
    expect((await state(came.id)).state).toBe('checked_in');
    expect((await state(later.id)).state).toBe('booked');
    // Turning up later that day still gets a regular number, once.
    const r = await checkIn(missed.code);
    expect(r.status).toBe(201);
    expect(r.body.source).toBe('walk_in');
    expect(r.body.notice).toBeTruthy();
    expect((await checkIn(missed.code)).body.error.code).toBe('ALREADY_CHECKED_IN');
    // A booking of an earlier day is over.
    clock.set(at('2026-12-01', 8));
    await kiosk.login('canbo1'); // the staff session of yesterday has expired
    expect((await checkIn(later.code)).body.error.code).toBe('APPOINTMENT_EXPIRED');
  });

  it('runs in the server periodic job', async () => {
    const f = await testApp();
    const { book } = await import('../../server/booking/appointments');
    const b = await book(f.deps, { officeId: 1, serviceId: 1, start: at('2026-11-30', 10), name: 'D', phone: phoneNo(1) });
    expect(b.ok).toBe(true);
    f.clock.set(at('2026-11-30', 11));
    const server = await startServer({
      store: f.store,
      config: testConfig(),
      clock: f.clock,
      port: 0,
      host: '127.0.0.1',
      jobsIntervalMs: 3_600_000,
    });
    await server.close();
    expect((await f.db.select().from(appointments))[0]!.state).toBe('no_show');
  });
});
