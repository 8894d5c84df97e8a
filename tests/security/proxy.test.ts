// Per-address limits behind a proxy (TRUST_PROXY): the address believed is the one our own proxy
// added, never one the client wrote. Through a real HAProxy that appends (`option forwardfor`),
// a client forging a new X-Forwarded-For on every request still meets the login throttle and the
// booking limit; with two proxies, the entry two from the right is the client's.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../scripts/city';
import { TestClient, testApp, testServer } from '../helpers';

const balancers: ChildProcess[] = [];
afterAll(() => {
  for (const b of balancers) b.kill();
});

/** HAProxy in front of `target`, appending the address it saw as production's does. */
async function haproxy(target: string): Promise<string> {
  const port = await freePort();
  const { host } = new URL(target);
  const dir = mkdtempSync(join(tmpdir(), 'rt-proxy-'));
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 10s',
      '  timeout server 10s',
      'frontend f',
      `  bind 127.0.0.1:${port}`,
      '  option forwardfor',
      '  default_backend b',
      'backend b',
      `  server s1 ${host}`,
      '',
    ].join('\n'),
  );
  const child = spawn('haproxy', ['-db', '-f', cfg], { stdio: 'ignore' });
  balancers.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return url;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('haproxy did not start (apt-get install haproxy)');
}

const forged = (i: number) => ({ 'x-forwarded-for': `10.${i % 250}.${(i * 7) % 250}.${i % 200}` });

describe('TRUST_PROXY: the address our proxy added', () => {
  it('through HAProxy, forged X-Forwarded-For entries do not escape the login throttle or the booking limit', async () => {
    const srv = await testServer({ config: { TRUST_PROXY: 1, BOOKING_RATE_LIMIT: 20 } });
    const url = await haproxy(srv.url);
    const client = new TestClient((p, init) => fetch(url + p, init), url);

    // 30 wrong passwords, each for another user name (so only the address can be counted), each
    // with a new forged entry: the address's limit of 10 stops them.
    const logins: number[] = [];
    for (let i = 0; i < 30; i++) {
      logins.push((await client.post('/api/auth/login', { username: `khach${i}`, password: 'sai-mat-khau' }, forged(i))).status);
    }
    expect(logins.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(logins.slice(10).every((s) => s === 429)).toBe(true);

    // 80 booking writes (cancelling codes that do not exist), each forged anew: 20 are let through.
    const writes: number[] = [];
    for (let i = 0; i < 80; i++) writes.push((await client.delete('/api/appointments/abcdefghijkl', forged(i))).status);
    expect(writes.filter((s) => s !== 429)).toHaveLength(20);
    expect(writes.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('with two proxies, the entry two from the right is the client; everything left of it is ignored', async () => {
    const { client } = await testApp({ config: { TRUST_PROXY: 2 } });
    const via = (forgedPart: string, real: string) => ({ 'x-forwarded-for': `${forgedPart}, ${real}, 192.0.2.1` });
    for (let i = 0; i < 10; i++) {
      const r = await client.post(
        '/api/auth/login',
        { username: `khach${i}`, password: 'sai-mat-khau' },
        via(`10.0.0.${i}`, '203.0.113.9'),
      );
      expect(r.status).toBe(401);
    }
    const blocked = await client.post(
      '/api/auth/login',
      { username: 'khach99', password: 'sai-mat-khau' },
      via('10.9.9.9', '203.0.113.9'),
    );
    expect(blocked.status).toBe(429);
    // Another resident behind the same proxies is not held back by the first one's failures.
    const other = await client.post(
      '/api/auth/login',
      { username: 'khach98', password: 'sai-mat-khau' },
      via('203.0.113.9', '198.51.100.20'),
    );
    expect(other.status).toBe(401);
  });

  it('reads TRUST_PROXY as a number of proxies; true and false as 1 and 0; refuses anything else', async () => {
    const { loadConfig } = await import('../../server/config');
    const base = { ADMIN_PASSWORD: 'mat-khau-quan-tri', STAFF_PASSWORD: 'mat-khau-can-bo' };
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(loadConfig({ ...base }).TRUST_PROXY).toBe(0);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit');
    }) as never);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const bad of ['yes', '-1', '1.5', '100']) expect(() => loadConfig({ ...base, TRUST_PROXY: bad }), bad).toThrow('exit');
      expect(errors.mock.calls.flat().join(' ')).toContain('TRUST_PROXY');
    } finally {
      exit.mockRestore();
      errors.mockRestore();
    }
  });
});
