// Structured request logs (one JSON line per request, with a request id and the route pattern,
// never the raw path with its token) and the health check that asks the database.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../helpers';

const loggingApp = () => testApp({ config: { LOG_LEVEL: 'info' } });

function captureLogs() {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  const errors = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return {
    lines,
    stop() {
      spy.mockRestore();
      errors.mockRestore();
    },
  };
}

describe('request logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON line per request with an id and the route pattern, not the token', async () => {
    const { client } = await loggingApp();
    await client.login('canbo1');
    const issued = await client.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(issued.status).toBe(201);
    const token: string = issued.body.token;

    const logs = captureLogs();
    const res = await client.get(`/api/tickets/${token}`);
    logs.stop();
    expect(res.status).toBe(200);

    expect(logs.lines).toHaveLength(1);
    const line = logs.lines[0]!;
    expect(line).not.toContain('\n');
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({ method: 'GET', route: '/api/tickets/:token', status: 200 });
    expect(entry.id).toBe(res.headers.get('x-request-id'));
    expect(entry.id).toMatch(/^[\w-]{8,}$/);
    expect(line).not.toContain(token);
    expect(line).not.toContain(issued.body.number);
    // Neither the session cookie nor anything from the headers.
    expect(line).not.toContain(client.cookie.split('=')[1]!);
  });

  it('gives every request its own id, and never logs a login password or a resident’s details', async () => {
    const { client } = await loggingApp();
    const logs = captureLogs();
    await client.post('/api/auth/login', { username: 'canbo1', password: 'wrong-password-Secret9' });
    await client.get('/api/tickets/NoSuchTokenAtAll0123');
    await client.get('/api/offices/1/services');
    logs.stop();
    expect(logs.lines).toHaveLength(3);
    const entries = logs.lines.map((l) => JSON.parse(l));
    expect(new Set(entries.map((e) => e.id)).size).toBe(3);
    expect(entries.map((e) => e.status)).toEqual([401, 404, 200]);
    const all = logs.lines.join('\n');
    expect(all).not.toContain('wrong-password-Secret9');
    expect(all).not.toContain('NoSuchTokenAtAll0123');
    expect(all).not.toContain('canbo1');
  });

  it('keeps a caller’s request id only when it is a plain token', async () => {
    const { client } = await loggingApp();
    const logs = captureLogs();
    const good = await client.get('/api/offices', { 'x-request-id': 'kiosk-42_abc' });
    const bad = await client.get('/api/offices', { 'x-request-id': 'evil"} {"status":200 ' });
    logs.stop();
    expect(good.headers.get('x-request-id')).toBe('kiosk-42_abc');
    expect(bad.headers.get('x-request-id')).not.toContain('evil');
    expect(logs.lines.map((l) => JSON.parse(l).id)).toEqual([good.headers.get('x-request-id'), bad.headers.get('x-request-id')]);
  });
});

describe('GET /healthz', () => {
  it('answers 200 while the database answers, 503 NOT_READY when it does not', async () => {
    const { client, store } = await loggingApp();
    const logs = captureLogs();
    expect((await client.get('/healthz')).status).toBe(200);
    await store.close();
    const down = await client.get('/healthz');
    logs.stop();
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('NOT_READY');
  });
});
