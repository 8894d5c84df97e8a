// The simulated day (server/simulation/): repeatable for a seed, and its draws follow the
// configured distributions (arrivals by hour, the priority share, log-normal service times).
import { describe, expect, it } from 'vitest';
import { BUSY_DAY, planDay, rateAt, serviceMs, WARD_CENTRE } from '../../server/simulation/day';
import { runDay } from '../../server/simulation/office';
import { normal, rng } from '../../server/simulation/random';

describe('the simulated day', () => {
  it('is the same day for the same seed, and another for another seed', () => {
    const a = planDay(WARD_CENTRE, BUSY_DAY, 7);
    expect(planDay(WARD_CENTRE, BUSY_DAY, 7)).toEqual(a);
    expect(planDay(WARD_CENTRE, BUSY_DAY, 8)).not.toEqual(a);
    const run = runDay(WARD_CENTRE, a, { estimate: true, runs: 10 });
    expect(runDay(WARD_CENTRE, a, { estimate: true, runs: 10 })).toEqual(run);
    // The day it means: pauses, a counter closing early, bookings, transfers, priority citizens.
    expect(a.pauses.length).toBe(BUSY_DAY.pauses);
    expect(a.closeEarly).not.toBeNull();
    expect(a.arrivals.some((x) => x.booking && x.slotStart !== null)).toBe(true);
    expect(a.arrivals.some((x) => x.transferTo !== null)).toBe(true);
    expect(run.tickets.filter((t) => t.waitMs !== null).length).toBeGreaterThan(200);
  });

  it('draws walk-ins by hour as configured (a non-homogeneous Poisson process), with the priority share', () => {
    const walkIns = 40_000;
    const plan = planDay(WARD_CENTRE, { ...BUSY_DAY, walkIns, bookings: 0 }, 20261204);
    const perMinute = (() => {
      let mass = 0;
      for (let m = 0; m < 24 * 60; m++) mass += rateAt(WARD_CENTRE, m + 0.5, 1);
      return walkIns / mass;
    })();
    const byHour = new Map<number, number>();
    for (const a of plan.arrivals) byHour.set(Math.floor(a.at / 60), (byHour.get(Math.floor(a.at / 60)) ?? 0) + 1);
    for (let h = 7; h < 17; h++) {
      let expected = 0;
      for (let m = h * 60; m < (h + 1) * 60; m++) expected += rateAt(WARD_CENTRE, m + 0.5, perMinute);
      const seen = byHour.get(h) ?? 0;
      // Poisson: within four standard deviations (and zero where the office takes no one).
      expect(Math.abs(seen - expected), `hour ${h}: ${seen} against ${expected.toFixed(0)}`).toBeLessThanOrEqual(
        4 * Math.sqrt(expected) + 1,
      );
    }
    expect(byHour.get(12) ?? 0).toBe(0);
    const morningPeak = byHour.get(8)!;
    expect(morningPeak).toBeGreaterThan(byHour.get(10)!);
    expect(byHour.get(14)!).toBeGreaterThan(byHour.get(13)!);
    const priority = plan.arrivals.filter((a) => a.priority).length / plan.arrivals.length;
    expect(priority).toBeGreaterThan(0.11);
    expect(priority).toBeLessThan(0.13);
    // Services by their shares.
    for (const s of WARD_CENTRE.services) {
      const share = plan.arrivals.filter((a) => a.serviceId === s.id).length / plan.arrivals.length;
      expect(Math.abs(share - s.share), s.name).toBeLessThan(0.01);
    }
  });

  it('draws service times log-normal with each service its own mean and spread', () => {
    const r = rng(42);
    for (const s of WARD_CENTRE.services) {
      const xs = Array.from({ length: 20_000 }, () => serviceMs(s, normal(r), 1) / 60_000);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      expect(Math.abs(mean / s.meanMinutes - 1), s.name).toBeLessThan(0.03);
      expect(Math.abs(sd / mean - s.cv), s.name).toBeLessThan(0.06);
      // Skewed: the median under the mean.
      const median = [...xs].sort((a, b) => a - b)[xs.length / 2]!;
      expect(median).toBeLessThan(mean);
    }
  });
});
