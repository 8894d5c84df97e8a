// The office-scope sweep: every route of the OpenAPI document, called by the staff of ANOTHER
// office (its officer, supervisor and an admin bound to it) with the first office's real ids in
// the path, is refused (403, or 404 for a row that is not theirs; 401 where only a device is
// let in) and writes nothing. A new route that forgets the office check fails here. Then the
// city role: it reads every office as that office's supervisor would, and every write refuses it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers';
import { createWorld, type Endpoint, listEndpoints, ruleFor, snapshot, type World } from './endpoints';
import { addSecondOffice, type OfficeIds, type TwoOffices } from './second-office';

/**
 * Routes about the caller alone, or lists the caller's own scope fills: a 200 is right, and the
 * check below is that nothing of the first office shows in it.
 */
const ownScope = new Set(['GET /api/auth/me', 'GET /api/admin/offices', 'GET /api/admin/staff', 'GET /api/admin/audit']);
/** Every centre at once (the leaders' comparison): for the city's leaders and global admins only. */
const cityWide = new Set([
  'GET /api/city/compare',
  'GET /api/city/compare.csv',
  'GET /api/city/compare.xlsx',
  'GET /api/city/feedback',
]);
/**
 * The feedback a city leader handles: the items sent to the city and the centres' late ones
 * (tests/feedback). A centre's item that is neither is refused like any write (403), or unknown
 * (404) when the id is no item at all.
 */
const cityHandles = new Set([
  'POST /api/feedback/:feedbackId/assign',
  'POST /api/feedback/:feedbackId/reassign',
  'POST /api/feedback/:feedbackId/answer',
  'POST /api/feedback/:feedbackId/close',
]);
/** Ends the caller's own session: nothing of any office in it. */
const signOut = 'POST /api/auth/logout';

/** Valid bodies, so that only the office check can refuse (a 400 would hide a missing check). */
function bodyFor(e: Endpoint, ids: OfficeIds): unknown {
  const key = `${e.method} ${e.path}`;
  if (key === 'POST /api/admin/offices') return { name: 'Trung tâm mới', address: 'Số 1', timezone: 'Asia/Ho_Chi_Minh' };
  if (key === 'POST /api/admin/staff') {
    return {
      username: 'canbo99',
      displayName: 'Cán bộ mới',
      role: 'officer',
      officeId: Number(ids.officeId),
      password: 'mat-khau-dai',
    };
  }
  if (key === 'PATCH /api/admin/staff/:staffId') return { displayName: 'Đổi tên' };
  if (key === 'POST /api/admin/staff/:staffId/password') return { password: 'mat-khau-moi-dai' };
  if (key === 'POST /api/counters/:counterId/pause') return { reason: 'Nghỉ giải lao' };
  if (key === 'POST /api/counters/:counterId/transfer') return { serviceId: 2 };
  if (key === 'POST /api/counters/:counterId/call') return { ticketId: 1, reason: 'Gọi trước' };
  if (key === 'POST /api/feedback/:feedbackId/answer') return { answer: 'Cảm ơn ông bà đã góp ý.' };
  return ruleFor(e)?.sample ?? {};
}

function pathFor(e: Endpoint, ids: OfficeIds, tokens: TwoOffices['firstTokens']): string {
  const path = e.path.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'token') return e.path.startsWith('/api/tickets/') ? tokens.ticket : tokens.appointment;
    const value = ids[name];
    if (value === undefined) throw new Error(`no id for :${name} in ${e.path}: add it to tests/security/second-office.ts`);
    return value;
  });
  // A query that names an office names the same one.
  return e.query.some((q) => q.name === 'officeId') ? `${path}?officeId=${ids.officeId}` : path;
}

function call(client: TestClient, e: Endpoint, ids: OfficeIds, tokens: TwoOffices['firstTokens']) {
  const reads = e.method === 'GET' || e.method === 'HEAD';
  return client.request(e.method, pathFor(e, ids, tokens), reads ? undefined : bodyFor(e, ids));
}

describe('office scope over every route', () => {
  let world: World;
  let two: TwoOffices;
  let endpoints: Endpoint[];
  beforeAll(async () => {
    world = await createWorld();
    two = await addSecondOffice(world);
    endpoints = await listEndpoints(world.app);
  });

  it('walks the routes of the OpenAPI document, and the document lists every /api route', async () => {
    const doc = (await world.anonymous.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const walked = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(walked.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !walked.includes(r))).toEqual([]);
    expect(walked.length).toBeGreaterThan(60);
  });

  it("refuses another office's staff everything of the first office, and writes nothing", async () => {
    const before = await snapshot(world.db);
    const wrong: string[] = [];
    const callers = { officer2: two.officer2, supervisor2: two.supervisor2, admin2: two.admin2 };
    let refusals = 0;
    for (const e of endpoints) {
      const key = `${e.method} ${e.path}`;
      const access = ruleFor(e)?.access;
      // Open to anyone by design (roles.test.ts holds every route to the access policy).
      if (access === 'public' || key === signOut) continue;
      for (const [who, client] of Object.entries(callers)) {
        const res = await call(client, e, two.first, two.firstTokens);
        const seen = `${key} as ${who}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)}`;
        if (ownScope.has(key)) {
          if (res.status === 200 && leaksFirstOffice(key, res.body)) wrong.push(`${seen} (shows the first office)`);
          else if (res.status !== 200 && res.status !== 403) wrong.push(seen);
          continue;
        }
        const allowed = access === 'pad' ? [401, 403] : [403, 404];
        if (!allowed.includes(res.status) || typeof res.body?.error?.code !== 'string') wrong.push(seen);
        else refusals++;
      }
    }
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(100);
    expect(await snapshot(world.db)).toEqual(before);
  });

  it("GET /api/counters/:id: an officer of another office does not read the counter's waiting list", async () => {
    const res = await two.officer2.get(`/api/counters/${two.first.counterId}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res.body)).not.toContain('waiting');
    // Their own counter they read.
    expect((await two.officer2.get(`/api/counters/${two.second.counterId}`)).status).toBe(200);
  });

  it('a city leader reads every office as its supervisor would', async () => {
    const differs: string[] = [];
    let reads = 0;
    for (const [ids, supervisor] of [
      [two.first, world.supervisor],
      [two.second, two.supervisor2],
    ] as const) {
      for (const e of endpoints) {
        if (e.method !== 'GET' || ruleFor(e)?.access === 'public' || ruleFor(e)?.access === 'pad') continue;
        if (ownScope.has(`${e.method} ${e.path}`) || cityWide.has(`${e.method} ${e.path}`)) continue;
        const asCity = await call(two.city, e, ids, two.firstTokens);
        const asSupervisor = await call(supervisor, e, ids, two.firstTokens);
        if (asCity.status !== asSupervisor.status) {
          differs.push(`GET ${e.path} office ${ids.officeId}: city ${asCity.status}, supervisor ${asSupervisor.status}`);
        }
        if (asCity.status === 200) reads++;
      }
    }
    expect(differs).toEqual([]);
    // Counters, today's work, bookings, feedback, stats (JSON, CSV, XLSX), live: in both offices.
    expect(reads).toBeGreaterThanOrEqual(16);
    const stats = await two.city.get(`/api/offices/${two.second.officeId}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.tickets).toBeDefined();
  });

  it('a city leader is refused every write, in every office, and writes nothing', async () => {
    const before = await snapshot(world.db);
    const wrong: string[] = [];
    let refusals = 0;
    for (const ids of [two.first, two.second]) {
      for (const e of endpoints) {
        const access = ruleFor(e)?.access;
        if (e.method === 'GET' || access === 'public' || access === 'pad' || `${e.method} ${e.path}` === signOut) continue;
        const res = await call(two.city, e, ids, two.firstTokens);
        const unknown = cityHandles.has(`${e.method} ${e.path}`) && res.body?.error?.code === 'FEEDBACK_NOT_FOUND';
        if (!unknown && (res.status !== 403 || res.body?.error?.code !== 'FORBIDDEN')) {
          wrong.push(`${e.method} ${e.path} office ${ids.officeId}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)}`);
        } else refusals++;
      }
    }
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(60);
    expect(await snapshot(world.db)).toEqual(before);
  });

  it('only an admin of every office makes a city leader, and a city leader has no office', async () => {
    const leader = { displayName: 'Lãnh đạo', role: 'city', password: 'mat-khau-dai' };
    const byOfficeAdmin = await two.admin2.post('/api/admin/staff', { ...leader, username: 'lanhdao2', officeId: null });
    expect(byOfficeAdmin.status).toBe(403);
    const bound = await two.admin2.post('/api/admin/staff', {
      ...leader,
      username: 'lanhdao3',
      officeId: Number(two.second.officeId),
    });
    expect(bound.body.error.code).toBe('CITY_WITHOUT_OFFICE');
    const promoted = await two.admin2.request('PATCH', `/api/admin/staff/${two.second.staffId}`, { role: 'city' });
    expect(promoted.body.error.code).toBe('CITY_WITHOUT_OFFICE');
    const made = await world.admin.post('/api/admin/staff', { ...leader, username: 'lanhdao4', officeId: null });
    expect(made.status).toBe(201);
    // The office's own admin neither sees nor changes the account.
    expect((await two.admin2.get('/api/admin/staff')).body.map((s: { id: number }) => s.id)).not.toContain(made.body.id);
    const reset = await two.admin2.post(`/api/admin/staff/${made.body.id}/password`, { password: 'mat-khau-moi-dai' });
    expect(reset.status).toBe(404);
  });

  it('what each existing role may do in its own office is unchanged', async () => {
    // The second office's officer works its counter; its supervisor reads its reports; its
    // admin configures it; none of it reaches the first office.
    expect((await two.officer2.post(`/api/counters/${two.second.counterId}/open`)).status).toBe(200);
    expect((await two.officer2.post(`/api/counters/${two.second.counterId}/close`)).status).toBe(200);
    expect((await two.supervisor2.get(`/api/offices/${two.second.officeId}/live`)).status).toBe(200);
    expect((await two.admin2.get(`/api/admin/offices/${two.second.officeId}/services`)).status).toBe(200);
    expect((await world.admin.get(`/api/admin/offices/${two.second.officeId}/services`)).status).toBe(200);
    expect((await world.supervisor.get(`/api/offices/${two.second.officeId}/live`)).status).toBe(403);
  });
});

/** Whether a caller's own-scope list shows a row of the first office. */
function leaksFirstOffice(key: string, body: unknown): boolean {
  if (key === 'GET /api/admin/offices') return (body as { id: number }[]).some((o) => o.id === 1);
  if (key === 'GET /api/admin/staff' || key === 'GET /api/admin/audit') {
    return (body as { officeId: number | null }[]).some((r) => r.officeId === 1);
  }
  if (key === 'GET /api/auth/me') return (body as { user: { officeId: number | null } }).user.officeId === 1;
  return false;
}
