// Per-IP limit on the booking writes (book, reschedule, cancel): a sliding window per key. One
// limiter per app, passed in with its dependencies (AppDeps.bookingLimiter), so a test or a
// deployment supplies its own.
import type { Config } from '../config';
import { type Redis, script } from '../redis';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Generous enough for a family booking from one phone or a ward office behind one NAT. */
export const DEFAULT_BOOKING_LIMIT: RateLimit = { limit: 60, windowMs: 10 * 60_000 };

/** Counts a request; resolves 0 when allowed, else the seconds until one is allowed again. */
export interface BookingLimiter {
  readonly rule: RateLimit;
  hit(key: string, now: number): Promise<number>;
}

/** One process's limiter, in memory. */
export class RateLimiter implements BookingLimiter {
  private hits = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(readonly rule: RateLimit = DEFAULT_BOOKING_LIMIT) {}

  async hit(key: string, now: number): Promise<number> {
    return this.hitNow(key, now);
  }

  private hitNow(key: string, now: number): number {
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

// The same sliding window in one Redis sorted set per key (scores are the hit times), checked
// and counted in one atomic script: every process of a city counts into it.
const HIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return -1`;

/** The city's limiter: one count per address across every process (REDIS_URL). */
export class RedisRateLimiter implements BookingLimiter {
  private seq = 0;
  constructor(
    private readonly redis: Redis,
    readonly rule: RateLimit = DEFAULT_BOOKING_LIMIT,
    private readonly prefix = 'reception:booking-limit:',
  ) {}

  async hit(key: string, now: number): Promise<number> {
    // A unique member per hit: two hits in the same millisecond are two hits.
    const member = `${now}:${process.pid}:${++this.seq}:${Math.random().toString(36).slice(2, 8)}`;
    const [oldest] = await script(this.redis, HIT, [this.prefix + key], [now, this.rule.windowMs, this.rule.limit, member]);
    if (oldest === undefined || oldest < 0) return 0;
    return Math.max(1, Math.ceil((oldest + this.rule.windowMs - now) / 1000));
  }
}

/** The limiter BOOKING_RATE_LIMIT and BOOKING_RATE_WINDOW_MINUTES configure: city-wide with Redis. */
export function configuredBookingLimiter(config: Config, redis?: Redis): BookingLimiter {
  const rule = { limit: config.BOOKING_RATE_LIMIT, windowMs: config.BOOKING_RATE_WINDOW_MINUTES * 60_000 };
  return redis ? new RedisRateLimiter(redis, rule) : new RateLimiter(rule);
}
