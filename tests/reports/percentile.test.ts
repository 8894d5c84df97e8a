// Percentiles and the report arithmetic on hand-made fixtures: odd and even counts, ties, one
// value, no values; the wait bands' edges; the satisfaction index on both scales.
import { describe, expect, it } from 'vitest';
import { bandOf, percentile, satisfactionOf, summarize } from '../../server/reports/stats';
import { isNotSatisfied, isSatisfied, opensFeedback } from '../../server/surveys/scale';

const m = (minutes: number[]) => minutes.map((x) => x * 60_000);

describe('percentile (linear interpolation, as Excel PERCENTILE.INC)', () => {
  it('odd count: p50 is the middle value', () => {
    const xs = [1, 3, 7, 9, 20];
    expect(percentile(xs, 0.5)).toBe(7);
    // p90: rank (5 - 1) * 0.9 = 3.6 -> 9 + 0.6 * (20 - 9) = 15.6
    expect(percentile(xs, 0.9)).toBeCloseTo(15.6, 12);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 1)).toBe(20);
  });

  it('even count: p50 is the mean of the two middle values', () => {
    expect(percentile([2, 4, 6, 10], 0.5)).toBe(5);
    // p90: rank 3 * 0.9 = 2.7 -> 6 + 0.7 * 4 = 8.8
    expect(percentile([2, 4, 6, 10], 0.9)).toBeCloseTo(8.8, 12);
    expect(percentile([10, 20], 0.5)).toBe(15);
  });

  it('ties', () => {
    expect(percentile([5, 5, 5, 5], 0.5)).toBe(5);
    expect(percentile([5, 5, 5, 5], 0.9)).toBe(5);
    expect(percentile([1, 4, 4, 4, 9], 0.5)).toBe(4);
    // rank 4 * 0.9 = 3.6 -> 4 + 0.6 * 5 = 7
    expect(percentile([1, 4, 4, 4, 9], 0.9)).toBeCloseTo(7, 12);
  });

  it('one value and no values', () => {
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('summarize sorts its input and reports minutes; nulls when empty', () => {
    expect(summarize(m([20, 1, 9, 3, 7]))).toEqual({ mean: 8, p50: 7, p90: expect.closeTo(15.6, 10) });
    expect(summarize(m([10, 2, 6, 4]))).toEqual({ mean: 5.5, p50: 5, p90: expect.closeTo(8.8, 10) });
    expect(summarize([])).toEqual({ mean: null, p50: null, p90: null });
    expect(summarize([90_000])).toEqual({ mean: 1.5, p50: 1.5, p90: 1.5 });
  });
});

describe('wait bands and the satisfaction index', () => {
  it('bands are [0,10) [10,20) [20,40) [40,∞) minutes', () => {
    expect(bandOf(0)).toBe('0-10');
    expect(bandOf(9.999)).toBe('0-10');
    expect(bandOf(10)).toBe('10-20');
    expect(bandOf(19.99)).toBe('10-20');
    expect(bandOf(20)).toBe('20-40');
    expect(bandOf(40)).toBe('40+');
    expect(bandOf(400)).toBe('40+');
  });

  it('index = share at the top two levels; mean of the levels', () => {
    const r = (level: number, scale = 5) => ({ ticketId: 0, level, scale, waitMs: 0, serviceId: 1, counterId: 1, officerId: 1 });
    expect(satisfactionOf([])).toEqual({ responses: 0, mean: null, index: null });
    expect(satisfactionOf([r(5), r(4), r(3), r(1)])).toEqual({ responses: 4, mean: 13 / 4, index: 0.5 });
    expect(satisfactionOf([r(3, 3), r(2, 3), r(1, 3)])).toEqual({ responses: 3, mean: 2, index: 2 / 3 });
  });

  it('"not satisfied" is the bottom two of five, the bottom one of three; a comment always opens feedback', () => {
    expect([1, 2, 3, 4, 5].map((l) => isNotSatisfied(l, 5))).toEqual([true, true, false, false, false]);
    expect([1, 2, 3].map((l) => isNotSatisfied(l, 3))).toEqual([true, false, false]);
    expect([1, 2, 3, 4, 5].map((l) => isSatisfied(l, 5))).toEqual([false, false, false, true, true]);
    expect(opensFeedback(5, 5, 'ok')).toBe(true);
    expect(opensFeedback(5, 5, '  ')).toBe(false);
    expect(opensFeedback(3, 5, null)).toBe(false);
  });
});
