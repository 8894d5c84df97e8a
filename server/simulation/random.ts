// Seeded randomness for the simulations (the estimate's forward runs, the simulated day, the
// staffing planner): the same seed gives the same draws on every machine.

export type Rng = () => number;

/** mulberry32: small, fast, and good enough for Monte-Carlo runs of a queue. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller; one of the pair is thrown away, for simplicity). */
export function normal(r: Rng): number {
  const u = 1 - r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** An exponential gap with the given rate (per unit of time). */
export function exponential(r: Rng, rate: number): number {
  return -Math.log(1 - r()) / rate;
}

/** Log-normal parameters (of ln x) from a mean and a coefficient of variation. */
export function logNormalOf(mean: number, cv: number): { mu: number; sigma: number } {
  const s2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** Quantile of sorted values (nearest rank on the interpolated position; values ascending). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
