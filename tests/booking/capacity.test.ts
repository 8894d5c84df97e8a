// The capacity guarantee: never more bookings than places, whatever the concurrency, and never a
// lost place (the ledger's count equals the active bookings of each slot).

import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appointments, slotLedger } from '../../db/schema';
import { book, cancelAppointment, rescheduleAppointment } from '../../server/booking/appointments';
import { at, exec, isoAt, phoneNo, setCapacity, testApp, testServer, unlimited } from '../helpers';

describe('capacity under a rush', () => {
  it('300 concurrent bookings for a slot of 8: exactly 8 succeed, the rest SLOT_FULL', async () => {
    const { store, client, db } = await testServer({ limiter: unlimited() });
    await setCapacity(store, 1, 8);
    const start = isoAt('2026-12-01', 8);
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        client.fresh().post('/api/offices/1/appointments', { serviceId: 1, start, name: `Người đặt ${i}`, phone: phoneNo(i) }),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(created).toHaveLength(8);
    expect(refused).toHaveLength(292);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('SLOT_FULL');
    }
    expect(new Set(created.map((r) => r.body.code)).size).toBe(8);
    const rows = await db
      .select()
      .from(appointments)
      .where(eq(appointments.slotStart, at('2026-12-01', 8)));
    expect(rows).toHaveLength(8);
    const ledger = (
      await db
        .select()
        .from(slotLedger)
        .where(eq(slotLedger.slotStart, at('2026-12-01', 8)))
    )[0];
    expect(ledger).toMatchObject({ capacity: 8, booked: 8 });
    const slots = await client.get('/api/offices/1/services/1/slots?from=2026-12-01&days=1');
    expect(slots.body.find((s: { start: string }) => s.start === start)).toMatchObject({ capacity: 8, remaining: 0 });
  }, 120_000);

  it('follows a changed capacity: places taken stay taken, a lower one refuses, a higher one admits', async () => {
    const f = await testApp();
    const start = at('2026-12-01', 9);
    const capacity = (n: number) => setCapacity(f.store, 1, n);
    let person = 0;
    const attempt = () => book(f.deps, { officeId: 1, serviceId: 1, start, name: 'X', phone: phoneNo(person++) });
    const ledger = async () => (await f.db.select().from(slotLedger).where(eq(slotLedger.slotStart, start)))[0];

    await capacity(0);
    expect(await attempt()).toMatchObject({ ok: false, code: 'SLOT_FULL' });
    expect(await ledger()).toBeUndefined(); // a refusal writes nothing, not even the slot's row
    await capacity(3);
    for (let i = 0; i < 3; i++) expect((await attempt()).ok).toBe(true);
    expect(await ledger()).toMatchObject({ booked: 3, capacity: 3 });
    await capacity(2);
    expect(await attempt()).toMatchObject({ ok: false, code: 'SLOT_FULL' });
    expect(await ledger()).toMatchObject({ booked: 3, capacity: 3 });
    await capacity(5);
    for (let i = 0; i < 2; i++) expect((await attempt()).ok).toBe(true);
    expect(await attempt()).toMatchObject({ ok: false, code: 'SLOT_FULL' });
    expect(await ledger()).toMatchObject({ booked: 5, capacity: 5 });
  });
});

describe('random book / cancel / reschedule sequences', () => {
  const slotHours = [8, 8.5, 9, 9.5];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('book' as const), slot: fc.nat(3), phone: fc.nat(11) }),
    fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(40) }),
    fc.record({ kind: fc.constant('reschedule' as const), pick: fc.nat(40), slot: fc.nat(3) }),
  );

  it('never exceeds capacity and never loses a place', async () => {
    const f = await testApp();
    const startOf = (i: number) => at('2026-12-01', Math.floor(slotHours[i]!), (slotHours[i]! % 1) * 60);
    const capacity = 3;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.nat(1), async (ops, serviceIndex) => {
        // Each run starts from empty bookings and ledger.
        const serviceId = serviceIndex + 1;
        await exec(f.store, sql`delete from appointments`);
        await exec(f.store, sql`delete from slot_ledger`);
        await exec(f.store, sql`update services set capacity_per_slot = ${capacity} where id = ${serviceId}`);
        const tokens: string[] = [];
        for (const o of ops) {
          if (o.kind === 'book') {
            const r = await book(f.deps, { officeId: 1, serviceId, start: startOf(o.slot), name: 'X', phone: phoneNo(o.phone) });
            if (r.ok) tokens.push(r.value.token);
            else expect(['SLOT_FULL', 'ALREADY_BOOKED']).toContain(r.code);
          } else if (tokens.length > 0) {
            const token = tokens[o.pick % tokens.length]!;
            const r =
              o.kind === 'cancel'
                ? await cancelAppointment(f.deps, token)
                : await rescheduleAppointment(f.deps, token, startOf(o.slot));
            if (!r.ok) expect(['SLOT_FULL', 'SAME_SLOT', 'APPOINTMENT_CANCELLED']).toContain(r.code);
          }
          // After every step: per slot, ledger == active bookings <= capacity.
          const active = await f.db
            .select({ slotStart: appointments.slotStart, n: sql<number>`count(*)` })
            .from(appointments)
            .where(and(eq(appointments.serviceId, serviceId), inArray(appointments.state, ['booked', 'checked_in'])))
            .groupBy(appointments.slotStart);
          const counts = new Map(active.map((a) => [a.slotStart, Number(a.n)]));
          const ledger = await f.db.select().from(slotLedger).where(eq(slotLedger.serviceId, serviceId));
          for (const l of ledger) {
            expect(l.booked).toBe(counts.get(l.slotStart) ?? 0);
            expect(l.booked).toBeLessThanOrEqual(capacity);
          }
          for (const [slotStart, n] of counts) {
            expect(ledger.find((l) => l.slotStart === slotStart)?.booked).toBe(n);
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
