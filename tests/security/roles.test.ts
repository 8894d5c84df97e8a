// The role sweep: every /api endpoint the app has, called by each kind of caller. Those who must
// be refused are (401 without a session, 403 for the wrong role or device), refusals change
// nothing, and those who may call are let through the door.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers';
import { type Access, createWorld, type Endpoint, fillPath, listEndpoints, ruleFor, snapshot, type World } from './endpoints';

type Caller = 'anonymous' | 'officer' | 'supervisor' | 'admin' | 'display' | 'kiosk' | 'pad';

/** For each access level: who is refused, with which status, and who gets through. */
const expectations: Record<Access, { refused: [Caller, 401 | 403 | 'refused'][]; allowed: Caller[] }> = {
  public: { refused: [], allowed: ['anonymous', 'officer', 'display'] },
  staff: {
    refused: [
      ['anonymous', 401],
      ['display', 401],
      ['kiosk', 401],
      ['pad', 401],
    ],
    allowed: ['officer', 'supervisor', 'admin'],
  },
  supervisor: {
    refused: [
      ['anonymous', 401],
      ['display', 401],
      ['officer', 403],
    ],
    allowed: ['supervisor', 'admin'],
  },
  leader: {
    refused: [
      ['anonymous', 401],
      ['display', 401],
      ['officer', 403],
      ['supervisor', 403],
    ],
    allowed: ['admin'],
  },
  admin: {
    refused: [
      ['anonymous', 401],
      ['display', 401],
      ['kiosk', 401],
      ['officer', 403],
      ['supervisor', 403],
    ],
    allowed: ['admin'],
  },
  kiosk: {
    refused: [
      ['anonymous', 401],
      ['display', 403],
      ['pad', 403],
    ],
    allowed: ['kiosk', 'officer'],
  },
  pad: {
    // Not a staff endpoint: a caller without the pad's device cookie is refused, 401 or 403.
    refused: [
      ['anonymous', 'refused'],
      ['display', 403],
      ['kiosk', 403],
      ['officer', 'refused'],
    ],
    allowed: ['pad'],
  },
};

const refusalCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'CSRF_REJECTED', 'NOT_A_PAD']);

describe('role sweep over every /api endpoint', () => {
  let world: World;
  let endpoints: Endpoint[];
  beforeAll(async () => {
    world = await createWorld();
    endpoints = await listEndpoints(world.app);
  });

  function call(client: TestClient, e: Endpoint, path = fillPath(world, e)) {
    const body = ruleFor(e)?.sample ?? {};
    return client.request(e.method, path, e.method === 'GET' || e.method === 'HEAD' ? undefined : body);
  }

  it('finds the endpoints, and every one is classified by the access policy', () => {
    expect(endpoints.length).toBeGreaterThan(20);
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(
      expect.arrayContaining(['POST /api/offices/:officeId/tickets']),
    );
    const unclassified = endpoints.filter((e) => !ruleFor(e)).map((e) => `${e.method} ${e.path}`);
    expect(unclassified, 'add these to the access policy in tests/security/endpoints.ts').toEqual([]);
  });

  it('refuses every caller who must be refused, and a refusal writes nothing', async () => {
    const before = await snapshot(world.db);
    const wrong: string[] = [];
    for (const e of endpoints) {
      const rule = ruleFor(e);
      if (!rule) continue;
      for (const [caller, status] of expectations[rule.access].refused) {
        const res = await call(world[caller], e);
        const okStatus = status === 'refused' ? res.status === 401 || res.status === 403 : res.status === status;
        if (!okStatus || typeof res.body?.error?.code !== 'string') {
          wrong.push(
            `${e.method} ${e.path} as ${caller}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await snapshot(world.db)).toEqual(before);
  });

  it('lets the allowed callers through the role check', async () => {
    const wrong: string[] = [];
    // Signing out goes last: it ends the callers' sessions.
    const ordered = [...endpoints].sort((a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'));
    for (const e of ordered) {
      const rule = ruleFor(e);
      if (!rule) continue;
      // Unknown ids (the office stays real: a supervisor only oversees their own), so that
      // passing the check writes nothing.
      const unknown = Object.fromEntries(
        e.params.filter((p) => p !== 'officeId').map((p) => [p, p === 'date' ? '2099-01-01' : '987654']),
      );
      if (e.params.includes('token')) unknown.token = 'UnknownToken0123456789';
      for (const caller of expectations[rule.access].allowed) {
        const res = await call(world[caller], e, fillPath(world, e, unknown));
        if (res.status >= 500 || refusalCodes.has(res.body?.error?.code)) {
          wrong.push(`${e.method} ${e.path} as ${caller}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a display device cannot issue tickets or check in; a kiosk can', async () => {
    const display = await world.display.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(display.status).toBe(403);
    expect(display.body.error.code).toBe('FORBIDDEN');
    const checkIn = await world.display.post('/api/offices/1/check-in', { code: 'ABCDEF' });
    expect(checkIn.status).toBe(403);
    const kiosk = await world.kiosk.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(kiosk.status).toBe(201);
  });

  it('an officer is refused admin and supervisor endpoints; a supervisor is refused admin ones', async () => {
    await Promise.all([world.officer.login('canbo1'), world.supervisor.login('giamsat')]);
    expect((await world.officer.get('/api/admin/staff')).status).toBe(403);
    expect((await world.officer.get('/api/offices/1/stats?from=2026-11-01&to=2026-11-30')).status).toBe(403);
    expect((await world.supervisor.get('/api/admin/staff')).status).toBe(403);
    expect((await world.supervisor.post('/api/offices/1/devices', { kind: 'display', name: 'x' })).status).toBe(403);
    expect((await world.anonymous.post('/api/counters/1/open')).status).toBe(401);
  });
});
