// The rush's path (server/booking/book-postgres.ts on PostgreSQL; the one transaction on SQLite):
// a full slot is refused from one read, without a write; a cancellation gives the place back to
// the next booking; a rush with and without Idempotency-Keys still takes exactly the capacity;
// the refusals keep the general path's order and codes.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, idempotencyKeys, slotLedger } from '../../db/schema';
import { book, cancelAppointment } from '../../server/booking/appointments';
import { fastBook, SERVICE_FACTS_MS } from '../../server/booking/book-postgres';
import { at, exec, isoAt, phoneNo, setCapacity, sleep, testApp, unlimited } from '../helpers';
import { testBackend } from '../test-databases';

const start = at('2026-12-01', 8);
const attempt = (i: number) => ({ officeId: 1, serviceId: 1, start, name: `Người đặt ${i}`, phone: phoneNo(i) });

describe('a full slot', () => {
  it('is refused without a write; a cancellation frees the place for the next booking', async () => {
    const f = await testApp();
    await setCapacity(f.store, 1, 2);
    const a = await book(f.deps, attempt(1));
    const b = await book(f.deps, attempt(2));
    expect(a.ok && b.ok).toBe(true);
    const ledger = async () => (await f.db.select().from(slotLedger).where(eq(slotLedger.slotStart, start)))[0];
    expect(await ledger()).toMatchObject({ booked: 2, capacity: 2 });

    expect(await book(f.deps, attempt(3))).toMatchObject({ ok: false, code: 'SLOT_FULL' });
    expect(await ledger()).toMatchObject({ booked: 2 });
    expect(await f.db.select().from(appointments)).toHaveLength(2);

    if (!a.ok) throw new Error('booked');
    expect((await cancelAppointment(f.deps, a.value.token)).ok).toBe(true);
    expect(await ledger()).toMatchObject({ booked: 1 });
    const c = await book(f.deps, attempt(3));
    expect(c.ok).toBe(true);
    expect(await ledger()).toMatchObject({ booked: 2 });
    expect(await book(f.deps, attempt(4))).toMatchObject({ ok: false, code: 'SLOT_FULL' });
  });

  it('keeps the order of refusals: the phone already booked before the full slot, a past slot before both', async () => {
    const f = await testApp();
    await setCapacity(f.store, 1, 1);
    expect((await book(f.deps, attempt(1))).ok).toBe(true);
    expect(await book(f.deps, attempt(1))).toMatchObject({ ok: false, code: 'ALREADY_BOOKED' });
    expect(await book(f.deps, attempt(2))).toMatchObject({ ok: false, code: 'SLOT_FULL' });
    expect(await book(f.deps, { ...attempt(2), serviceId: 999 })).toMatchObject({ ok: false, code: 'UNKNOWN_SERVICE' });
    expect(await book(f.deps, { ...attempt(2), officeId: 999 })).toMatchObject({ ok: false, code: 'OFFICE_NOT_FOUND' });
    expect(await book(f.deps, { ...attempt(2), start: start + 60_000 })).toMatchObject({ ok: false, code: 'NOT_A_SLOT' });
    expect(await book(f.deps, { ...attempt(2), priority: 'vip' })).toMatchObject({ ok: false, code: 'UNKNOWN_PRIORITY' });
    f.clock.set(start + 60_000);
    expect(await book(f.deps, attempt(2))).toMatchObject({ ok: false, code: 'SLOT_IN_PAST' });
  });

  it.runIf(testBackend() === 'postgres')(
    'is answered by the one read on PostgreSQL; a key seen before goes to the transaction',
    async () => {
      const f = await testApp();
      await setCapacity(f.store, 1, 1);
      const store = f.store as unknown as Parameters<typeof fastBook>[0];
      const input = (i: number, key: string | null = null) => ({
        ...attempt(i),
        erasedPhone: 'x',
        idNumberHash: null,
        priority: null,
        key,
        fingerprint: '',
        code: () => `C${i}ABCD`.slice(0, 6),
        now: f.clock.now(),
      });
      const first = await fastBook(store, input(1, 'appointment:1:k'));
      expect(first).toMatchObject({ ok: true });
      expect(await f.db.select().from(idempotencyKeys)).toHaveLength(1);
      expect(await fastBook(store, input(2))).toMatchObject({ ok: false, code: 'SLOT_FULL' });
      // The key is stored: only the transaction replays it.
      expect(await fastBook(store, input(1, 'appointment:1:k'))).toEqual({ general: true });
    },
  );
});

describe('a rush on the path', () => {
  it('120 attempts for 2 slots of 5, half with Idempotency-Keys (some sent twice): exactly 10 booked, one answer per key', async () => {
    const f = await testApp({ limiter: unlimited() });
    await setCapacity(f.store, 1, 5);
    const starts = [isoAt('2026-12-01', 8), isoAt('2026-12-01', 8, 30)];
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const person = i % 100; // the last 20 are second submits of the first 20
        const headers: Record<string, string> = person % 2 === 0 ? { 'idempotency-key': `form-${person}` } : {};
        return f.client.post(
          '/api/offices/1/appointments',
          { serviceId: 1, start: starts[person % 2]!, name: `Người đặt ${person}`, phone: phoneNo(person) },
          headers,
        );
      }),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const rows = await f.db.select().from(appointments).where(eq(appointments.state, 'booked'));
    expect(rows).toHaveLength(10);
    const ledger = await f.db.select().from(slotLedger);
    expect(ledger.map((l) => l.booked).sort()).toEqual([5, 5]);
    // A key sent twice got the same answer both times when it booked.
    for (let person = 0; person < 20; person += 2) {
      const [x, y] = [results[person]!, results[100 + person]!];
      if (x.status === 201 || y.status === 201) {
        expect([x.status, y.status]).toEqual([201, 201]);
        expect(y.body).toEqual(x.body);
      }
    }
    const codes = new Set(results.filter((r) => r.status === 201).map((r) => r.body.code));
    expect(codes.size).toBe(10);
  });
});

describe('twins on the last place', () => {
  it('a form sent twice at once for the last place: both answers are the one booking', async () => {
    const f = await testApp({ limiter: unlimited() });
    await setCapacity(f.store, 1, 1);
    const headers = { 'idempotency-key': 'twin-1' };
    const form = { serviceId: 1, start: isoAt('2026-12-01', 9), name: 'Người đặt', phone: phoneNo(7) };
    const [a, b] = await Promise.all([
      f.client.post('/api/offices/1/appointments', form, headers),
      f.client.post('/api/offices/1/appointments', form, headers),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(await f.db.select().from(appointments)).toHaveLength(1);
  });
});

describe.runIf(testBackend() === 'postgres')("the service's facts a process remembers (PostgreSQL)", () => {
  const path = '/api/offices/1/appointments';
  const form = (i: number) => ({ serviceId: 1, start: isoAt('2026-12-01', 8), name: `Người đặt ${i}`, phone: phoneNo(i) });

  it("an admin's change through the API applies to this process's very next booking", async () => {
    const f = await testApp({ limiter: unlimited() });
    await f.client.login('admin');
    const resident = f.client.fresh();
    await setCapacity(f.store, 1, 1);
    expect((await resident.post(path, form(1))).status).toBe(201);
    expect((await resident.post(path, form(2))).body.error.code).toBe('SLOT_FULL');
    expect((await f.client.request('PATCH', '/api/admin/offices/1/services/1', { capacityPerSlot: 2 })).status).toBeLessThan(300);
    expect((await resident.post(path, form(2))).status).toBe(201);
    // A day made a holiday, a service no longer bookable: refused at once.
    expect((await resident.post(path, { ...form(3), start: isoAt('2026-12-03', 9) })).status).toBe(201);
    expect((await f.client.post('/api/admin/offices/1/holidays', { date: '2026-12-04', name: 'Nghỉ bù' })).status).toBeLessThan(
      300,
    );
    expect((await resident.post(path, { ...form(4), start: isoAt('2026-12-04', 9) })).body.error.code).toBe('NOT_A_SLOT');
    expect((await f.client.request('PATCH', '/api/admin/offices/1/services/1', { bookable: false })).status).toBeLessThan(300);
    expect((await resident.post(path, { ...form(5), start: isoAt('2026-12-02', 8) })).body.error.code).toBe(
      'SERVICE_NOT_BOOKABLE',
    );
  });

  it(`a change made by another process is seen within ${SERVICE_FACTS_MS} ms`, async () => {
    const f = await testApp({ limiter: unlimited() });
    await setCapacity(f.store, 1, 1);
    expect((await f.client.post(path, form(1))).status).toBe(201);
    expect((await f.client.post(path, form(2))).body.error.code).toBe('SLOT_FULL');
    // Written behind this process's back, as another process's admin route would.
    await exec(f.store, sql`update services set capacity_per_slot = 2 where id = 1`);
    await sleep(SERVICE_FACTS_MS + 50);
    expect((await f.client.post(path, form(2))).status).toBe(201);
    expect((await f.client.post(path, form(3))).body.error.code).toBe('SLOT_FULL');
  });
});
