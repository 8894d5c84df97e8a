// A smaller simulated morning through the real store (server/simulation/store-driver.ts): the
// forecast, remade from the stored queue after each change, beats today's estimate on it too,
// the tickets keep what they were told, and the report's accuracy figures (mean absolute error,
// bias, share inside the range, per service and per hour) are those of the rows. Both backends.

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { counters, staff, tickets } from '../../db/schema';
import { BUSY_DAY, planDay } from '../../server/simulation/day';
import { firstWaitMs, officeModelOf, runDayOnStore } from '../../server/simulation/store-driver';
import { zonedTime } from '../../server/time';
import { testApp } from '../helpers';
import { testBackend } from '../test-databases';

const DAY = '2026-11-30';

describe('a simulated morning through the store', () => {
  it('the forecast beats today’s estimate, and the report measures it', async () => {
    const env = await testApp();
    env.clock.set(zonedTime(DAY, 7 * 60, 'Asia/Ho_Chi_Minh'));
    // An officer for each of the six counters (the demo office has three).
    const existing = (await env.db.select().from(staff).where(eq(staff.officeId, 1))).filter((s) => s.role === 'officer');
    for (let i = existing.length; i < 6; i++) {
      await env.store.write((tx) =>
        tx.insert(staff).values({
          officeId: 1,
          username: `sim${i}`,
          displayName: `Cán bộ ${i}`,
          role: 'officer',
          passwordHash: 'x',
          createdAt: env.clock.now(),
        }),
      );
    }
    const officers = (await env.db.select().from(staff).where(eq(staff.officeId, 1))).filter((s) => s.role === 'officer');
    const model = await officeModelOf(env.deps, 1);
    expect(model.counters.length).toBe((await env.db.select().from(counters).where(eq(counters.officeId, 1))).length);
    const actors = model.counters.map((_, i) => ({ id: officers[i]!.id, role: 'officer', officeId: 1 }));
    // The morning only, busy: 70 walk-ins over four hours at six counters.
    // A shorter morning on PostgreSQL (as busy), whose round trips make the store's day slower.
    const short = testBackend() === 'postgres';
    const morning = { ...model, sessions: [short ? ([450, 600] as [number, number]) : model.sessions[0]!] };
    const walkIns = short ? 45 : 70;
    const plan = planDay(morning, { ...BUSY_DAY, walkIns, bookings: 0, pauses: 1, closeEarly: null }, 11);
    const told = await runDayOnStore({ ...env.deps, clock: env.clock }, 1, DAY, morning, plan, actors, 40);
    expect(told.length).toBeGreaterThan(walkIns * 0.7);
    const waits = [];
    for (const t of told) {
      const w = await firstWaitMs(env.deps, t.id);
      if (w !== null) waits.push({ ...t, wait: w / 60_000 });
    }
    expect(waits.length).toBeGreaterThan(walkIns * 0.5);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const oldMae = mean(waits.map((t) => Math.abs(t.oldEta - t.wait)));
    const newMae = mean(waits.map((t) => Math.abs(t.eta - t.wait)));
    const inside = mean(waits.map((t) => (t.wait >= t.low && t.wait <= t.high ? 1 : 0)));
    console.log(
      `store morning: ${waits.length} waits, mean ${mean(waits.map((t) => t.wait)).toFixed(1)} min; today's MAE ${oldMae.toFixed(1)}, forecast MAE ${newMae.toFixed(1)}, ${(100 * inside).toFixed(0)}% inside`,
    );
    expect(newMae).toBeLessThan(oldMae);
    expect(inside).toBeGreaterThan(0.6);

    // The report: its accuracy figures are those of the stored rows (served tickets).
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const r = await sup.get(`/api/offices/1/stats?from=${DAY}&to=${DAY}`);
    expect(r.status).toBe(200);
    const rows = await env.db.select().from(tickets);
    const served = rows.filter((t) => t.state === 'done' && t.etaMinutesAtIssue !== null);
    const w = (t: (typeof served)[number]) => t.waitMs / 60_000;
    const acc = r.body.etaAccuracy;
    expect(acc.overall.tickets).toBe(served.length);
    expect(acc.overall.maeMinutes).toBeCloseTo(mean(served.map((t) => Math.abs(t.etaMinutesAtIssue! - w(t)))), 9);
    expect(acc.overall.biasMinutes).toBeCloseTo(mean(served.map((t) => t.etaMinutesAtIssue! - w(t))), 9);
    expect(acc.overall.insideRange).toBeCloseTo(
      mean(served.map((t) => (w(t) >= t.etaLowMinutes! && w(t) <= t.etaHighMinutes! ? 1 : 0))),
      9,
    );
    expect(acc.byHour.reduce((s: number, h: { tickets: number }) => s + h.tickets, 0)).toBe(served.length);
    expect(acc.byService.reduce((s: number, h: { tickets: number }) => s + h.tickets, 0)).toBe(served.length);
    for (const h of acc.byHour)
      expect(Object.keys(h).sort()).toEqual(['biasMinutes', 'hour', 'insideRange', 'maeMinutes', 'tickets']);
  }, 120_000);
});
