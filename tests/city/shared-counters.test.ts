// The counters a city keeps in Redis rather than in a process's memory: two limiters or throttles
// on two connections (as two processes) count into one window, and parallel attempts cannot slip
// past the limit between the check and the count.
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../server/booking/rate-limit';
import { connectRedis, type Redis } from '../../server/redis';
import { MAX_FAILURES, RedisLoginThrottle, WINDOW_MS } from '../../server/staff/throttle';

const opened: Redis[] = [];
const connect = async () => {
  const r = await connectRedis('redis://127.0.0.1:6379');
  opened.push(r);
  return r;
};
afterAll(async () => {
  for (const r of opened) await r.quit();
});
const prefix = () => `reception:test:${process.pid}:${Math.random().toString(36).slice(2)}:`;

describe('the booking limiter in Redis', () => {
  it('counts one address across processes, and frees it as the window slides', async () => {
    const p = prefix();
    const rule = { limit: 5, windowMs: 60_000 };
    const [a, b] = [new RedisRateLimiter(await connect(), rule, p), new RedisRateLimiter(await connect(), rule, p)];
    const t = 1_000_000;
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await (i % 2 ? a : b).hit('ip:203.0.113.9', t + i));
    expect(waits).toEqual([0, 0, 0, 0, 0]);
    expect(await a.hit('ip:203.0.113.9', t + 10)).toBe(60);
    expect(await b.hit('ip:203.0.113.9', t + 10)).toBe(60);
    // Another address is not affected; the first is free again once its oldest hit has left.
    expect(await b.hit('ip:203.0.113.10', t + 10)).toBe(0);
    expect(await a.hit('ip:203.0.113.9', t + 60_000)).toBe(0);
  });

  it('sends its script again when Redis no longer holds it (a restart, SCRIPT FLUSH)', async () => {
    const p = prefix();
    const redis = await connect();
    const limiter = new RedisRateLimiter(redis, { limit: 2, windowMs: 60_000 }, p);
    expect(await limiter.hit('ip:192.0.2.77', 3_000_000)).toBe(0);
    await redis.scriptFlush();
    expect(await limiter.hit('ip:192.0.2.77', 3_000_001)).toBe(0);
    expect(await limiter.hit('ip:192.0.2.77', 3_000_002)).toBe(60);
  });

  it('lets exactly the limit through when many hit at once', async () => {
    const p = prefix();
    const rule = { limit: 20, windowMs: 60_000 };
    const limiters: RedisRateLimiter[] = [];
    for (let i = 0; i < 4; i++) limiters.push(new RedisRateLimiter(await connect(), rule, p));
    const waits = await Promise.all(Array.from({ length: 100 }, (_, i) => limiters[i % 4]!.hit('ip:198.51.100.1', 5_000_000)));
    expect(waits.filter((w) => w === 0)).toHaveLength(20);
  });
});

describe('the sign-in throttle in Redis', () => {
  it('refuses the eleventh failure of a user city-wide, and parallel attempts cannot slip past it', async () => {
    const p = prefix();
    const [a, b] = [new RedisLoginThrottle(await connect(), p), new RedisLoginThrottle(await connect(), p)];
    const keys = ['user:giamsat', 'ip:192.0.2.4'];
    const now = 2_000_000;
    // Parallel guesses: only MAX_FAILURES get in before any is decided.
    const entries = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).enter(keys, now)));
    const admitted = entries.filter((e) => 'end' in e);
    expect(admitted).toHaveLength(MAX_FAILURES);
    for (const e of admitted) {
      await (a as RedisLoginThrottle).fail(keys, now);
      if ('end' in e) await e.end();
    }
    const after = await b.enter(keys, now + 1000);
    expect(after).toEqual({ retryAfter: Math.ceil((WINDOW_MS - 1000) / 1000) });
    // A success clears the user's failures, not the address's.
    await a.succeed(['user:giamsat']);
    const other = await a.enter(['user:giamsat'], now + 2000);
    expect('end' in other).toBe(true);
  });
});
