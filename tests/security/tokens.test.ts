// The tokens that are a resident's only key to a ticket or a booking (server/tickets/store.ts
// newToken): drawn from the CSPRNG a pool at a time, each byte used once.
import { describe, expect, it } from 'vitest';
import { newToken } from '../../server/tickets/store';

describe('newToken', () => {
  it('gives 24 base64url characters (18 random bytes), never the same twice across many pool refills', () => {
    const seen = new Set<string>();
    // 4,096-byte pool, 18 bytes a token: 20,000 tokens refill it about 90 times.
    for (let i = 0; i < 20_000; i++) {
      const t = newToken();
      expect(t).toMatch(/^[A-Za-z0-9_-]{24}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(20_000);
  });

  it('spreads its bytes evenly (no zeroed or repeated stretch of the pool leaks into tokens)', () => {
    const counts = new Map<string, number>();
    const n = 5_000;
    for (let i = 0; i < n; i++) for (const ch of newToken()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    // 64 symbols, 120,000 characters: about 1,875 each; a wiped byte would pile up 'A's.
    expect(counts.size).toBe(64);
    for (const c of counts.values()) expect(c).toBeGreaterThan(1_600);
    for (const c of counts.values()) expect(c).toBeLessThan(2_150);
  });

  it('other lengths', () => {
    expect(newToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken(5000)).toHaveLength(Math.ceil((5000 * 4) / 3));
  });
});
