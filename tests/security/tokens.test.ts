// The tokens that are a resident's only key to a ticket or a booking (server/tickets/store.ts
// newToken): drawn from the CSPRNG a pool at a time, each byte used once; a ticket's and a
// booking's (orderedToken) begin with the time they were made, so their index grows at its end.
import { describe, expect, it } from 'vitest';
import { newToken, orderedToken } from '../../server/tickets/store';
import { isoAt, phoneNo, testApp } from '../helpers';

const ORDERED = /^[0-9a-z]{9}[A-Za-z0-9_-]{24}$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

describe('orderedToken', () => {
  it('is the time in nine base-36 characters, then 24 random ones: it sorts as the time does, and never repeats', () => {
    const t = orderedToken(Date.UTC(2026, 11, 4, 12));
    expect(t).toMatch(ORDERED);
    expect(Number.parseInt(t.slice(0, 9), 36)).toBe(Date.UTC(2026, 11, 4, 12));
    // Text order is time order, also where the base-36 figure gains a digit (padded).
    const times = [35, 36, 1_000, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, Date.UTC(2100, 0, 1)];
    const tokens = times.map((ms) => orderedToken(ms));
    expect([...tokens].sort()).toEqual(tokens);
    // Made in the same millisecond, they differ by their random part.
    const same = new Set(Array.from({ length: 1000 }, () => orderedToken(1_000)));
    expect(same.size).toBe(1000);
  });

  it("a ticket's and a booking's tokens are ordered ones, later ones sorting after earlier ones", async () => {
    const { client } = await testApp();
    await client.login('canbo1');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await client.post('/api/offices/1/tickets', { serviceId: 1 });
      expect(r.status).toBe(201);
      made.push(r.body.token);
      await sleep(2);
    }
    const slots = await client.get('/api/offices/1/services/1/slots?from=2026-11-30&days=1');
    for (let i = 0; i < 2; i++) {
      const b = await client.post('/api/offices/1/appointments', {
        serviceId: 1,
        start: slots.body[0].start,
        name: 'Nguyễn Văn A',
        phone: phoneNo(10 + i),
      });
      expect(b.status).toBe(201);
      made.push(b.body.token);
      await sleep(2);
    }
    expect(slots.body[0].start).toBe(isoAt('2026-11-30', 10));
    for (const t of made) expect(t).toMatch(ORDERED);
    expect([...made].sort()).toEqual(made);
    // Each opens its own page.
    expect((await client.get(`/api/tickets/${made[0]}`)).status).toBe(200);
    expect((await client.get(`/api/appointments/${made[4]}`)).status).toBe(200);
  });
});
