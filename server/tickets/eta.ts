// Estimated wait (DESIGN.md capability 8), pure. The line ahead is shared by the counters now
// open for the service; each takes the recent measured service time. The person at the head
// still waits for a counter to free up: on average half a service.

export interface Load {
  /** Recent mean service time in ms (measured, or the configured average until measured). */
  avgServiceMs: number;
  /** Counters open for the service; when none is open, those that serve it at all. */
  servers: number;
}

export function estimateMinutes(ahead: number, load: Load): number {
  if (ahead < 0) return 0;
  const servers = Math.max(1, load.servers);
  return Math.max(0, Math.ceil(((ahead + 0.5) * load.avgServiceMs) / servers / 60_000));
}

/** Measured service times update a running mean; outliers are clamped so one stuck ticket
 * (an officer who forgot to finish) does not swing the estimate. */
export const EWMA_ALPHA = 0.2;
export const MIN_SAMPLES = 3;

export function nextEwma(prev: number | null, sampleMs: number): number {
  const clamped = Math.min(Math.max(sampleMs, 30_000), 3 * 3_600_000);
  return prev === null ? clamped : Math.round(prev + EWMA_ALPHA * (clamped - prev));
}
