// Estimated wait (DESIGN.md capability 8), pure: the one place it is computed, for the slip, the
// phone, the displays and the counter's list. The line ahead is shared by the counters now open
// for the service; each takes the recent measured service time. The person at the head still
// waits for a counter to free up: on average half a service.

export interface Load {
  /** Recent mean service time in ms (measured, or the configured average until measured). */
  avgServiceMs: number;
  /** Counters open for the service; when none is open, those that serve it at all. */
  servers: number;
}

/** What a service's estimate is made of, as read in one row (server/estimates/store.ts). */
export interface LoadRow {
  /** The configured average (services.avg_service_minutes). */
  avgServiceMinutes: number;
  /** The running mean of measured service times and how many samples it holds, if any. */
  ewmaServiceMs: number | null;
  samples: number | null;
  /** Counters that serve the service: open now, and in all. */
  open: number;
  all: number;
}

/** Recent mean service time, once there are enough samples to trust; else the configured one. */
export const MIN_SAMPLES = 3;

/** The load of a service (a service not found: the defaults, 10 min at one counter). */
export function loadOf(row: LoadRow | undefined): Load {
  if (!row) return { avgServiceMs: 10 * 60_000, servers: 1 };
  const measured = row.ewmaServiceMs !== null && (row.samples ?? 0) >= MIN_SAMPLES;
  return {
    avgServiceMs: measured ? row.ewmaServiceMs! : row.avgServiceMinutes * 60_000,
    servers: row.open || row.all || 1,
  };
}

export function estimateMinutes(ahead: number, load: Load): number {
  if (ahead < 0) return 0;
  const servers = Math.max(1, load.servers);
  return Math.max(0, Math.ceil(((ahead + 0.5) * load.avgServiceMs) / servers / 60_000));
}

/** Measured service times update a running mean; outliers are clamped so one stuck ticket
 * (an officer who forgot to finish) does not swing the estimate. */
export const EWMA_ALPHA = 0.2;

export function nextEwma(prev: number | null, sampleMs: number): number {
  const clamped = Math.min(Math.max(sampleMs, 30_000), 3 * 3_600_000);
  return prev === null ? clamped : Math.round(prev + EWMA_ALPHA * (clamped - prev));
}

/**
 * The range shown around today's estimate when no forecast is at hand (before the first one, a
 * line no open counter serves): a wide band, since this figure ignores what the forecast models.
 */
export function fallbackRange(minutes: number): { etaMinutes: number; etaLowMinutes: number; etaHighMinutes: number } {
  const low = Math.floor((minutes * 0.6) / 5) * 5;
  const high = Math.max(low + 5, Math.ceil((minutes * 1.6) / 5) * 5);
  return { etaMinutes: minutes, etaLowMinutes: low, etaHighMinutes: high };
}
