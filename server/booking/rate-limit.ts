// Per-IP limit on the booking writes (book, reschedule, cancel): a sliding window per key. One
// limiter per app, passed in with its dependencies (AppDeps.bookingLimiter), so a test or a
// deployment supplies its own.
import type { Config } from '../config';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Generous enough for a family booking from one phone or a ward office behind one NAT. */
export const DEFAULT_BOOKING_LIMIT: RateLimit = { limit: 60, windowMs: 10 * 60_000 };

export class RateLimiter {
  private hits = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(readonly rule: RateLimit = DEFAULT_BOOKING_LIMIT) {}

  /** Counts a request; returns 0 when allowed, else the seconds until one is allowed again. */
  hit(key: string, now: number): number {
    this.sweep(now);
    // Oldest first, so only the expired hits at the front are looked at, not the whole window.
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    let expired = 0;
    while (expired < list.length && now - list[expired]! >= this.rule.windowMs) expired++;
    if (expired > 0) list.splice(0, expired);
    if (list.length >= this.rule.limit) return Math.max(1, Math.ceil((list[0]! + this.rule.windowMs - now) / 1000));
    list.push(now);
    return 0;
  }

  /** Drops idle keys now and then so the map does not grow with every address ever seen. */
  private sweep(now: number): void {
    if (now - this.sweptAt < this.rule.windowMs) return;
    this.sweptAt = now;
    for (const [key, list] of this.hits) if (list.every((t) => now - t >= this.rule.windowMs)) this.hits.delete(key);
  }
}

/** The limiter BOOKING_RATE_LIMIT and BOOKING_RATE_WINDOW_MINUTES configure. */
export function configuredBookingLimiter(config: Config): RateLimiter {
  return new RateLimiter({ limit: config.BOOKING_RATE_LIMIT, windowMs: config.BOOKING_RATE_WINDOW_MINUTES * 60_000 });
}
