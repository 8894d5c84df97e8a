// Limits and bad input: one active booking per phone or ID number per service per day,
// idempotent submits, the per-IP rate limit, and refusals that change nothing.
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { appointments, idempotencyKeys, slotLedger } from '../../db/schema';
import { hashIdNumber, normalizePhone } from '../../server/booking/identity';
import { RateLimiter } from '../../server/booking/rate-limit';
import { loadConfig, testConfig } from '../../server/config';
import { at, exec, isoAt, phoneNo, query, setCapacity, testApp, testServer } from '../helpers';

const slot = isoAt('2026-11-30', 10);
const body = (over: Record<string, unknown> = {}) => ({
  serviceId: 1,
  start: slot,
  name: 'Lê Văn C',
  phone: '0912345678',
  ...over,
});
const count = async (db: Awaited<ReturnType<typeof testApp>>['db']) => ({
  appointments: Number((await query<{ n: number }>(db, sql`select count(*) as n from appointments`))[0]!.n),
  ledger: Number((await query<{ n: number }>(db, sql`select coalesce(sum(booked), 0) as n from slot_ledger`))[0]!.n),
});

/** loadConfig stops the start on each environment, and its message names `variable`. */
function expectStartStopped(envs: NodeJS.ProcessEnv[], variable: string) {
  const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
    throw new Error('exit');
  }) as never);
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    for (const env of envs) expect(() => loadConfig(env)).toThrow('exit');
    expect(errors.mock.calls.flat().join(' ')).toContain(variable);
  } finally {
    exit.mockRestore();
    errors.mockRestore();
  }
}

describe('one active booking per phone or ID number per service per day', () => {
  it('refuses a second booking by the same phone, in either form, the same day', async () => {
    const { client, db } = await testApp();
    expect((await client.post('/api/offices/1/appointments', body())).status).toBe(201);
    for (const phone of ['0912345678', '+84912345678', '+84 912 345 678', '0912.345.678']) {
      const r = await client.post('/api/offices/1/appointments', body({ phone, start: isoAt('2026-11-30', 14) }));
      expect(r.status, phone).toBe(409);
      expect(r.body.error.code).toBe('ALREADY_BOOKED');
    }
    expect(await count(db)).toEqual({ appointments: 1, ledger: 1 });
    // Another day, or another service, is fine.
    expect((await client.post('/api/offices/1/appointments', body({ start: isoAt('2026-12-01', 10) }))).status).toBe(201);
    expect((await client.post('/api/offices/1/appointments', body({ serviceId: 2 }))).status).toBe(201);
  });

  it('refuses a second booking by the same ID number with another phone; stores it hashed, never returns it', async () => {
    const { client, db } = await testApp();
    const idNumber = '001090012345';
    const first = await client.post('/api/offices/1/appointments', body({ idNumber }));
    expect(first.status).toBe(201);
    const r = await client.post(
      '/api/offices/1/appointments',
      body({ idNumber, phone: '0987654321', start: isoAt('2026-11-30', 15) }),
    );
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ALREADY_BOOKED');
    const row = (await db.select().from(appointments))[0]!;
    expect(row.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(idNumber);
    const read = await client.get(`/api/appointments/${first.body.token}`);
    expect(JSON.stringify(read.body)).not.toContain(idNumber);
    expect(JSON.stringify(read.body)).not.toContain(row.idNumberHash);
    expect(read.body.phone).toBe('091****678');
    expect(JSON.stringify(first.body)).not.toContain(idNumber);
  });

  it('a cancelled booking frees the phone and its place', async () => {
    const { store, client, db } = await testApp();
    await setCapacity(store, 1, 1);
    const a = await client.post('/api/offices/1/appointments', body());
    expect((await client.post('/api/offices/1/appointments', body({ phone: phoneNo(2) }))).body.error.code).toBe('SLOT_FULL');
    expect((await client.delete(`/api/appointments/${a.body.token}`)).status).toBe(200);
    expect((await client.get('/api/offices/1/services/1/slots?days=1')).body[0].remaining).toBe(1);
    expect((await client.post('/api/offices/1/appointments', body())).status).toBe(201);
    expect((await db.select().from(slotLedger))[0]!.booked).toBe(1);
    const again = await client.delete(`/api/appointments/${a.body.token}`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('APPOINTMENT_CANCELLED');
  });
});

describe('Idempotency-Key', () => {
  it('a double-submitted form makes one booking and replays the same response', async () => {
    const { client, db } = await testApp();
    const headers = { 'idempotency-key': 'form-7f3a' };
    const [a, b] = await Promise.all([
      client.post('/api/offices/1/appointments', body(), headers),
      client.post('/api/offices/1/appointments', body(), headers),
    ]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const c = await client.post('/api/offices/1/appointments', body(), headers);
    expect(c.body).toEqual(a.body);
    expect(await count(db)).toEqual({ appointments: 1, ledger: 1 });
    // Without the key, the same form is a second attempt: the per-phone limit answers.
    expect((await client.post('/api/offices/1/appointments', body())).body.error.code).toBe('ALREADY_BOOKED');
  });

  it('the same key for a different request is refused; a bad key is 400', async () => {
    const { client, db } = await testApp();
    const headers = { 'idempotency-key': 'k-1' };
    expect((await client.post('/api/offices/1/appointments', body(), headers)).status).toBe(201);
    const other = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(5) }), headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const bad = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(6) }), {
      'idempotency-key': 'x'.repeat(200),
    });
    expect(bad.body.error.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect((await count(db)).appointments).toBe(1);
    expect(await db.select().from(idempotencyKeys)).toHaveLength(1);
  });

  it('a refused booking is not remembered: the retry is judged afresh', async () => {
    const { store, client, db } = await testApp();
    await setCapacity(store, 1, 0);
    const headers = { 'idempotency-key': 'k-2' };
    expect((await client.post('/api/offices/1/appointments', body(), headers)).body.error.code).toBe('SLOT_FULL');
    await setCapacity(store, 1, 2);
    expect((await client.post('/api/offices/1/appointments', body(), headers)).status).toBe(201);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once an address has made too many booking writes', async () => {
    const { client, clock, db } = await testServer({ limiter: new RateLimiter({ limit: 3, windowMs: 60_000 }) });
    for (let i = 0; i < 3; i++) {
      const r = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(i) }));
      expect(r.status).toBe(201);
    }
    clock.advance(15_000);
    const limited = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(9) }));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await client.delete('/api/appointments/abcdefghijkl')).status).toBe(429);
    expect((await count(db)).appointments).toBe(3);
    // Reading is not limited; after the window, writes are allowed again.
    expect((await client.get('/api/offices/1/services/1/slots?days=1')).status).toBe(200);
    clock.advance(45_000);
    const after = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(9), start: isoAt('2026-11-30', 11) }));
    expect(after.status).toBe(201);
  });
});

describe('the key the ID numbers are hashed with', () => {
  it('is ID_NUMBER_PEPPER when configured (no key kept in the database), else one generated and kept', async () => {
    const idNumber = '001090012345';
    const stored = async (db: Awaited<ReturnType<typeof testApp>>['db']) =>
      (await query<{ value: string }>(db, sql`select value from server_secrets where name = 'id_number_pepper'`))[0]?.value;
    const booked = async (config: { ID_NUMBER_PEPPER?: string }) => {
      const { client, db } = await testApp({ config });
      expect((await client.post('/api/offices/1/appointments', body({ idNumber }))).status).toBe(201);
      return { db, hash: (await db.select().from(appointments))[0]!.idNumberHash };
    };

    const pepper = 'a-long-random-key-kept-outside-the-database';
    const configured = await booked({ ID_NUMBER_PEPPER: pepper });
    expect(configured.hash).toBe(hashIdNumber(idNumber, pepper));
    expect(await stored(configured.db)).toBeUndefined();

    const generated = await booked({});
    const key = (await stored(generated.db))!;
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(generated.hash).toBe(hashIdNumber(idNumber, key));
    expect(generated.hash).not.toBe(configured.hash);

    expect(loadConfig({ ID_NUMBER_PEPPER: pepper }).ID_NUMBER_PEPPER).toBe(pepper);
    expectStartStopped([{ ID_NUMBER_PEPPER: 'short' }], 'ID_NUMBER_PEPPER');
  });
});

describe('rate limit from the configuration', () => {
  it('BOOKING_RATE_LIMIT and BOOKING_RATE_WINDOW_MINUTES set the limit; bad values stop the start', async () => {
    const config = loadConfig({ BOOKING_RATE_LIMIT: '2', BOOKING_RATE_WINDOW_MINUTES: '1' });
    expect(config).toMatchObject({ BOOKING_RATE_LIMIT: 2, BOOKING_RATE_WINDOW_MINUTES: 1 });
    expect(testConfig()).toMatchObject({ BOOKING_RATE_LIMIT: 60, BOOKING_RATE_WINDOW_MINUTES: 10 });
    const { client, clock } = await testApp({ config });
    for (let i = 0; i < 2; i++)
      expect((await client.post('/api/offices/1/appointments', body({ phone: phoneNo(i) }))).status).toBe(201);
    const limited = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(5) }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    clock.advance(60_000);
    const after = await client.post('/api/offices/1/appointments', body({ phone: phoneNo(5), start: isoAt('2026-11-30', 11) }));
    expect(after.status, JSON.stringify(after.body)).toBe(201);

    expectStartStopped(
      [{ BOOKING_RATE_LIMIT: '0' }, { BOOKING_RATE_LIMIT: 'many' }, { BOOKING_RATE_WINDOW_MINUTES: '-5' }],
      'BOOKING_RATE_LIMIT',
    );
  });
});

describe('bad input: 4xx with a code, nothing written', () => {
  it('refuses each bad booking', async () => {
    const { client, db, store } = await testApp();
    await exec(store, sql`update services set bookable = false where id = 2`);
    const cases: [Record<string, unknown> | string, number, string][] = [
      [body({ phone: '0123456789' }), 400, 'INVALID_PHONE'], // 012 is not a mobile prefix
      [body({ phone: '091234567' }), 400, 'INVALID_PHONE'],
      [body({ phone: '09123456789' }), 400, 'INVALID_PHONE'],
      [body({ phone: '+8412345678' }), 400, 'INVALID_PHONE'],
      [body({ phone: '0951234567' }), 400, 'INVALID_PHONE'],
      [body({ phone: 912345678 }), 400, 'INVALID_PHONE'],
      [body({ phone: undefined }), 400, 'INVALID_PHONE'],
      [body({ idNumber: '12345' }), 400, 'INVALID_ID_NUMBER'],
      [body({ idNumber: '00109001234a' }), 400, 'INVALID_ID_NUMBER'],
      [body({ name: '   ' }), 400, 'NAME_REQUIRED'],
      [body({ start: isoAt('2026-11-30', 8) }), 400, 'SLOT_IN_PAST'],
      [body({ start: isoAt('2026-11-30', 9, 30) }), 400, 'OUTSIDE_WINDOW'],
      [body({ start: isoAt('2026-12-15', 8) }), 400, 'OUTSIDE_WINDOW'],
      [body({ start: isoAt('2026-11-30', 10, 10) }), 400, 'NOT_A_SLOT'],
      [body({ start: isoAt('2026-12-06', 10) }), 400, 'NOT_A_SLOT'],
      [body({ start: '2026-11-30 10:00' }), 400, 'INVALID_START'],
      [body({ start: '2026-11-30T10:00:00' }), 400, 'INVALID_START'],
      [body({ start: '2026-02-30T03:00:00Z' }), 400, 'INVALID_START'],
      [body({ start: 1796000000000 }), 400, 'INVALID_START'],
      [body({ serviceId: 999 }), 400, 'UNKNOWN_SERVICE'],
      [body({ serviceId: 'abc' }), 400, 'UNKNOWN_SERVICE'],
      [body({ serviceId: 2 }), 400, 'SERVICE_NOT_BOOKABLE'],
      [body({ priority: 'vip' }), 400, 'UNKNOWN_PRIORITY'],
      ['{"serviceId": 1,', 400, 'MALFORMED_JSON'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await client.post('/api/offices/1/appointments', payload);
      expect(r.status, JSON.stringify(payload)).toBe(status);
      expect(r.body.error.code, JSON.stringify(payload)).toBe(code);
    }
    const unknownOffice = await client.post('/api/offices/99/appointments', body());
    expect(unknownOffice.status).toBe(404);
    expect(unknownOffice.body.error.code).toBe('OFFICE_NOT_FOUND');
    expect(await count(db)).toEqual({ appointments: 0, ledger: 0 });
    expect(await db.select().from(slotLedger)).toEqual([]);
  });

  it('accepts the valid mobile forms and prefixes', () => {
    expect(normalizePhone('0912345678')).toBe('0912345678');
    expect(normalizePhone('+84 912 345 678')).toBe('0912345678');
    expect(normalizePhone('0862-345-678')).toBe('0862345678');
    for (const p of [
      '032',
      '039',
      '052',
      '055',
      '056',
      '058',
      '059',
      '070',
      '076',
      '079',
      '081',
      '089',
      '090',
      '094',
      '096',
      '099',
    ])
      expect(normalizePhone(`${p}1234567`), p).not.toBeNull();
    for (const p of ['020', '024', '028', '031', '050', '071', '080', '095', '100'])
      expect(normalizePhone(`${p}1234567`), p).toBeNull();
    expect(normalizePhone('84912345678')).toBeNull();
  });

  it('unknown or malformed tokens are 404 for every appointment route', async () => {
    const { client } = await testApp();
    for (const token of ['doesnotexist123', 'bad token!', 'x']) {
      const path = `/api/appointments/${encodeURIComponent(token)}`;
      expect((await client.get(path)).status, token).toBe(404);
      expect((await client.delete(path)).status, token).toBe(404);
      expect((await client.get(`${path}/calendar.ics`)).status, token).toBe(404);
      expect((await client.post(`${path}/reschedule`, { start: isoAt('2026-11-30', 11) })).status, token).toBe(404);
    }
    expect((await client.get('/api/appointments/doesnotexist123')).body.error.code).toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('reschedule', () => {
  it('moves the booking; the old place is released only if the new one is taken', async () => {
    const { store, client, db } = await testApp();
    await setCapacity(store, 1, 1);
    const a = await client.post('/api/offices/1/appointments', body());
    await client.post('/api/offices/1/appointments', body({ phone: phoneNo(1), start: isoAt('2026-11-30', 11) }));
    const full = await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-11-30', 11) });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
    const ledger = async () => new Map((await db.select().from(slotLedger)).map((l) => [l.slotStart, l.booked]));
    expect(await ledger()).toEqual(
      new Map([
        [at('2026-11-30', 10), 1],
        [at('2026-11-30', 11), 1],
      ]),
    );
    expect((await client.get(`/api/appointments/${a.body.token}`)).body.start).toBe(slot);

    const moved = await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-12-01', 9) });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: a.body.id,
      code: a.body.code,
      start: isoAt('2026-12-01', 9),
      end: isoAt('2026-12-01', 9, 30),
      state: 'booked',
    });
    expect((await ledger()).get(at('2026-11-30', 10))).toBe(0);
    expect((await ledger()).get(at('2026-12-01', 9))).toBe(1);
    expect(
      (await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-12-01', 9) })).body.error.code,
    ).toBe('SAME_SLOT');
    expect((await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: 'tomorrow' })).body.error.code).toBe(
      'INVALID_START',
    );
    expect(
      (await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-11-30', 8) })).body.error.code,
    ).toBe('SLOT_IN_PAST');
  });

  it('to another day keeps the per-phone limit', async () => {
    const { client } = await testApp();
    const a = await client.post('/api/offices/1/appointments', body());
    await client.post('/api/offices/1/appointments', body({ start: isoAt('2026-12-01', 8) }));
    const r = await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-12-01', 9) });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ALREADY_BOOKED');
    // Within the same day the booking may move freely.
    expect((await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-11-30', 14) })).status).toBe(
      200,
    );
  });

  it('a cancelled or past booking cannot be moved or cancelled', async () => {
    const { client, clock } = await testApp();
    const a = await client.post('/api/offices/1/appointments', body());
    clock.set(at('2026-11-30', 10, 30));
    const r = await client.post(`/api/appointments/${a.body.token}/reschedule`, { start: isoAt('2026-12-01', 9) });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('APPOINTMENT_CLOSED');
    expect((await client.delete(`/api/appointments/${a.body.token}`)).body.error.code).toBe('APPOINTMENT_CLOSED');
  });
});
