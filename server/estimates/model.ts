// What the forward simulation knows of an office, from what it measures (pure): each service's
// log-normal service time (running means of ln ms and its spread, kept at every finish), each
// counter's speed against the service's mean, and the settings of the runs. The server
// (./forecasts.ts) and the simulated day (server/simulation/) build their forecasts with these.
import { logNormalOf } from '../simulation/random';
import { MIN_SAMPLES } from './estimate';
import type { ForecastInput, ServiceModel } from './forecast';

/** Weight of a new sample in the running log-normal and speed figures. */
export const LOG_ALPHA = 0.1;
/** The spread assumed before a service is measured (coefficient of variation). */
export const DEFAULT_CV = 0.6;
/** A counter's speed is used once it has finished this many services. */
export const MIN_SPEED_SAMPLES = 3;

/**
 * The running log-normal after one more measured service time; `n` counts the samples including
 * this one. The first samples are averaged plainly (weight 1/n), later ones with LOG_ALPHA, so
 * one slow first service does not weigh for the rest of the morning.
 */
export function nextLogStats(prev: { logMean: number | null; logVar: number | null }, sampleMs: number, n: number) {
  const x = Math.log(Math.min(Math.max(sampleMs, 30_000), 3 * 3_600_000));
  const prior = logNormalOf(1, DEFAULT_CV).sigma ** 2;
  if (prev.logMean === null || prev.logVar === null) return { logMean: x, logVar: prior };
  const a = Math.max(LOG_ALPHA, 1 / Math.max(n, 1));
  const d = x - prev.logMean;
  return { logMean: prev.logMean + a * d, logVar: (1 - a) * (prev.logVar + a * d * d) };
}

/** A counter's running speed (its service time over the service's mean) after its n-th service. */
export function nextSpeed(prev: number | null, sampleMs: number, serviceMeanMs: number, n: number): number {
  const ratio = Math.min(Math.max(sampleMs / Math.max(serviceMeanMs, 1), 0.25), 4);
  return prev === null ? ratio : prev + Math.max(LOG_ALPHA, 1 / Math.max(n, 1)) * (ratio - prev);
}

export function speedOf(ratio: number | null, samples: number): number {
  return ratio !== null && samples >= MIN_SPEED_SAMPLES ? Math.min(Math.max(ratio, 0.5), 2) : 1;
}

export interface ServiceFacts {
  id: number;
  avgServiceMinutes: number;
  samples: number | null;
  logMean: number | null;
  logVar: number | null;
}

/** A service's model: measured once there are enough samples, else the configured mean. */
export function serviceModelOf(s: ServiceFacts, rates: { priorityRate: number; bookingRate: number }): ServiceModel {
  if (s.logMean !== null && s.logVar !== null && (s.samples ?? 0) >= MIN_SAMPLES) {
    return { id: s.id, mu: s.logMean, sigma: Math.sqrt(Math.max(s.logVar, 0.01)), ...rates };
  }
  const { mu, sigma } = logNormalOf(s.avgServiceMinutes * 60_000, DEFAULT_CV);
  return { id: s.id, mu, sigma, ...rates };
}

/** The mean of a service model, in ms. */
export const meanMsOf = (s: Pick<ServiceModel, 'mu' | 'sigma'>) => Math.exp(s.mu + (s.sigma * s.sigma) / 2);

/** Arrivals that overtake are measured over this window. */
export const RATE_WINDOW_MS = 60 * 60_000;

/** The settings of the live forecasts (the simulated day uses the same). */
export const FORECAST_SETTINGS: Pick<
  ForecastInput,
  'noShowShare' | 'noShowMs' | 'walkMs' | 'runs' | 'horizonMs' | 'lowQ' | 'highQ' | 'lineCap'
> & { pausedBackMs: number } = {
  noShowShare: 0.05,
  noShowMs: 3 * 60_000,
  walkMs: 45_000,
  runs: 200,
  horizonMs: 4 * 3_600_000,
  lowQ: 0.05,
  highQ: 0.95,
  lineCap: 150,
  pausedBackMs: 10 * 60_000,
};
