// Admin changes take effect at once: the next call-next follows a new fairness rule or a
// counter's new services, a revoked kiosk is refused on its next request, a disabled person's
// sessions end, a deactivated service takes no more tickets.
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { testApp } from '../helpers';

const O = '/api/admin/offices/1';

/** Two elderly residents and one other for service A (id 1), in that order, a minute apart. */
async function threeTickets(t: Awaited<ReturnType<typeof testApp>>, officer: typeof t.client) {
  const numbers: string[] = [];
  for (const priority of ['elderly', 'elderly', undefined]) {
    const r = await officer.post('/api/offices/1/tickets', priority ? { serviceId: 1, priority } : { serviceId: 1 });
    expect(r.status).toBe(201);
    numbers.push(r.body.number);
    t.clock.advanceMinutes(1);
  }
  return numbers;
}

async function serveTwo(officer: Awaited<ReturnType<typeof testApp>>['client']) {
  const served: string[] = [];
  for (let i = 0; i < 2; i++) {
    const call = await officer.post('/api/counters/1/call-next');
    expect(call.status, JSON.stringify(call.body)).toBe(200);
    served.push(call.body.ticket.number);
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
  }
  return served;
}

describe('admin changes apply live', () => {
  it('the next call-next follows a changed interleave rule', async () => {
    for (const [maxPriorityInRow, second] of [
      [1, 2],
      [3, 1],
    ] as const) {
      const t = await testApp();
      await t.client.login('admin');
      const officer = t.client.fresh();
      await officer.login('canbo1');
      expect((await officer.post('/api/counters/1/open')).status).toBe(200);
      const [p1, p2, normal] = await threeTickets(t, officer);
      const r = await t.client.request('PATCH', `${O}/settings`, { fairness: { maxPriorityInRow } });
      expect(r.status).toBe(200);
      const served = await serveTwo(officer);
      // One priority call in a row allowed: the resident without priority comes second.
      expect(served).toEqual([p1, second === 2 ? normal : p2]);
    }
  });

  it('a counter given a new service calls it on the next call-next, and screens are told', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const officer = t.client.fresh();
    await officer.login('canbo1');
    const ticket = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect((await officer.post('/api/counters/4/open')).status).toBe(200);
    expect((await officer.post('/api/counters/4/call-next')).body.error.code).toBe('QUEUE_EMPTY');

    const before = (await t.client.get(`${O}/counters`)).body.find((c: { id: number }) => c.id === 4).serviceIds;
    t.notify.dirty.length = 0;
    t.notify.events.length = 0;
    const r = await t.client.request('PATCH', `${O}/counters/4`, { serviceIds: [...before, 1] });
    expect(r.status).toBe(200);
    expect(r.body.serviceIds).toEqual([...before, 1]);
    expect(t.notify.dirty).toContain(1);
    expect(t.notify.events.some((e) => e.kind === 'counter' && e.payload.id === 4)).toBe(true);
    expect((await t.client.get('/api/offices/1/counters')).body.find((c: { id: number }) => c.id === 4).serviceIds).toEqual([
      ...before,
      1,
    ]);

    const call = await officer.post('/api/counters/4/call-next');
    expect(call.status).toBe(200);
    expect(call.body.ticket.number).toBe(ticket.body.number);
  });

  it('a revoked kiosk is refused on its very next ticket request, and its link is dead', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const made = await t.client.post(`${O}/devices`, { kind: 'kiosk', name: 'Kiosk cửa phụ' });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('pending');
    const pairPath = new URL(made.body.pairUrl).pathname;
    expect(pairPath).toMatch(/^\/pair\/[A-Za-z0-9_-]{20,}$/);

    const kiosk = t.client.fresh();
    const paired = await kiosk.post(pairPath);
    expect(paired.status).toBe(303);
    expect(paired.headers.get('location')).toBe('/kiosk?office=1');
    expect((await kiosk.post('/api/offices/1/tickets', { serviceId: 1 })).status).toBe(201);
    const listed = (await t.client.get(`${O}/devices`)).body.find((d: { id: number }) => d.id === made.body.id);
    expect(listed.status).toBe('paired');
    expect(JSON.stringify(listed)).not.toMatch(/hash/i);

    const revoked = await t.client.post(`${O}/devices/${made.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const refused = await kiosk.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(refused.status).toBe(401);
    expect((await t.client.fresh().get(pairPath)).status).toBe(404);
    expect((await t.client.post(`${O}/devices/${made.body.id}/revoke`)).body.error.code).toBe('DEVICE_REVOKED');
    expect((await t.client.post(`${O}/devices/${made.body.id}/pair-link`)).body.error.code).toBe('DEVICE_REVOKED');
  });

  it('a new pairing link works once, for the same device', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const made = await t.client.post(`${O}/devices`, { kind: 'pad', name: 'Bảng quầy 2', counterId: 2 });
    expect(made.status).toBe(201);
    const again = await t.client.post(`${O}/devices/${made.body.id}/pair-link`);
    expect(again.status).toBe(200);
    expect(again.body.pairUrl).not.toBe(made.body.pairUrl);
    const pad = t.client.fresh();
    const paired = await pad.post(new URL(again.body.pairUrl).pathname);
    expect(paired.status).toBe(303);
    expect(paired.headers.get('location')).toBe('/counter/pad?counter=2');
    expect((await t.client.fresh().get(new URL(again.body.pairUrl).pathname)).status).toBe(404);
  });

  it('disabling a staff member ends their sessions at once; enabling lets them sign in again', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const a = t.client.fresh();
    const b = t.client.fresh();
    const user = await a.login('canbo2');
    await b.login('canbo2');
    expect((await a.get('/api/auth/me')).status).toBe(200);

    const r = await t.client.request('PATCH', `/api/admin/staff/${user.id}`, { active: false });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    for (const c of [a, b]) {
      expect((await c.get('/api/auth/me')).status).toBe(401);
      expect((await c.post('/api/offices/1/tickets', { serviceId: 1 })).status).toBe(401);
    }
    const live = await t.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.staffId, user.id), isNull(sessions.revokedAt)));
    expect(live).toEqual([]);
    const denied = await t.client.fresh().post('/api/auth/login', { username: 'canbo2', password: 'staff-password-1' });
    expect(denied.status).toBe(401);

    expect((await t.client.request('PATCH', `/api/admin/staff/${user.id}`, { active: true })).status).toBe(200);
    await t.client.fresh().login('canbo2');
  });

  it('a password reset ends the old sessions; the new password works, the old one not', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const officer = t.client.fresh();
    const user = await officer.login('canbo3');
    const r = await t.client.post(`/api/admin/staff/${user.id}/password`, { password: 'mat-khau-moi-2026' });
    expect(r.status).toBe(200);
    expect(r.body.sessionsEnded).toBe(1);
    expect((await officer.get('/api/auth/me')).status).toBe(401);
    expect((await t.client.fresh().post('/api/auth/login', { username: 'canbo3', password: 'staff-password-1' })).status).toBe(
      401,
    );
    await t.client.fresh().login('canbo3', 'mat-khau-moi-2026');
    // Resetting one's own password keeps the session one is using.
    expect((await t.client.post('/api/admin/staff/1/password', { password: 'admin-password-2' })).status).toBe(200);
    expect((await t.client.get('/api/auth/me')).status).toBe(200);
  });

  it('a new staff member can sign in with the role given, and a role change applies on the next request', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const made = await t.client.post('/api/admin/staff', {
      username: 'GiamSat2',
      displayName: 'Vũ Thị Lan',
      role: 'officer',
      officeId: 1,
      password: 'mat-khau-dai-1',
    });
    expect(made.status).toBe(201);
    expect(made.body.username).toBe('giamsat2');
    const person = t.client.fresh();
    expect((await person.login('giamsat2', 'mat-khau-dai-1')).role).toBe('officer');
    expect((await person.get('/api/admin/staff')).status).toBe(403);
    expect((await t.client.request('PATCH', `/api/admin/staff/${made.body.id}`, { role: 'admin' })).status).toBe(200);
    expect((await person.get('/api/admin/staff')).status).toBe(200);
  });

  it('a deactivated service leaves the public list and takes no tickets; its line can still be served', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const officer = t.client.fresh();
    await officer.login('canbo1');
    const waiting = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect((await t.client.request('DELETE', `${O}/services/1`)).body.error.code).toBe('SERVICE_HAS_TICKETS');
    const off = await t.client.request('PATCH', `${O}/services/1`, { active: false });
    expect(off.status).toBe(200);
    const list = (await t.client.fresh().get('/api/offices/1/services')).body as { id: number }[];
    expect(list.some((s) => s.id === 1)).toBe(false);
    expect((await officer.post('/api/offices/1/tickets', { serviceId: 1 })).body.error.code).toBe('UNKNOWN_SERVICE');
    await officer.post('/api/counters/1/open');
    expect((await officer.post('/api/counters/1/call-next')).body.ticket.number).toBe(waiting.body.number);
    await officer.post('/api/counters/1/start');
    await officer.post('/api/counters/1/finish');
    // A service with history is never deleted: reports keep it.
    expect((await t.client.request('DELETE', `${O}/services/1`)).body.error.code).toBe('SERVICE_IN_USE');
  });

  it('a new service gets numbers under its prefix at once and a new counter serves it', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const sector = await t.client.post(`${O}/sectors`, { name: 'Tư pháp' });
    const svc = await t.client.post(`${O}/services`, {
      sectorId: sector.body.id,
      code: '2.000908',
      name: 'Cấp phiếu lý lịch tư pháp',
      prefix: 's',
      avgServiceMinutes: 10,
    });
    expect(svc.status).toBe(201);
    expect(svc.body.prefix).toBe('S');
    const counter = await t.client.post(`${O}/counters`, { number: 9, name: 'Quầy 9 – Tư pháp', serviceIds: [svc.body.id] });
    expect(counter.status).toBe(201);
    const officer = t.client.fresh();
    await officer.login('canbo1');
    const ticket = await officer.post('/api/offices/1/tickets', { serviceId: svc.body.id });
    expect(ticket.body.number).toBe('S001');
    await officer.post(`/api/counters/${counter.body.id}/open`);
    expect((await officer.post(`/api/counters/${counter.body.id}/call-next`)).body.ticket.number).toBe('S001');
    expect((await t.client.request('DELETE', `${O}/counters/${counter.body.id}`)).body.error.code).toBe('COUNTER_OPEN');
  });

  it('opening hours and holidays are read back as saved', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const hours = [
      { weekday: 1, opensAt: 450, closesAt: 690 },
      { weekday: 1, opensAt: 810, closesAt: 1020 },
      { weekday: 6, opensAt: 450, closesAt: 690 },
    ];
    expect((await t.client.request('PUT', `${O}/hours`, { hours: [...hours].reverse() })).body).toEqual(hours);
    expect((await t.client.post(`${O}/holidays`, { date: '2027-06-15', name: 'Nghỉ bù' })).status).toBe(201);
    const office = (await t.client.get(O)).body;
    expect(office.hours).toEqual(hours);
    expect(office.holidays).toContainEqual({ date: '2027-06-15', name: 'Nghỉ bù' });
  });
});

describe('an admin bound to one office', () => {
  it('manages that office only', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const other = await t.client.post('/api/admin/offices', { name: 'Trung tâm xã Sóc Sơn', address: 'Sóc Sơn, Hà Nội' });
    expect(other.status).toBe(201);
    const made = await t.client.post('/api/admin/staff', {
      username: 'quantri1',
      displayName: 'Quản trị phường',
      role: 'admin',
      officeId: 1,
      password: 'mat-khau-dai-1',
    });
    expect(made.status).toBe(201);
    const local = t.client.fresh();
    await local.login('quantri1', 'mat-khau-dai-1');
    expect((await local.get('/api/admin/offices')).body.map((o: { id: number }) => o.id)).toEqual([1]);
    expect((await local.get(`/api/admin/offices/${other.body.id}`)).status).toBe(403);
    expect((await local.post('/api/admin/offices', { name: 'X', address: 'Y' })).status).toBe(403);
    expect((await local.get(`/api/admin/audit?officeId=${other.body.id}`)).status).toBe(403);
    expect((await local.get('/api/admin/audit')).body.items.every((i: { officeId: number }) => i.officeId === 1)).toBe(true);
    // The global admin is outside the office: not listed, not editable.
    expect((await local.get('/api/admin/staff')).body.some((s: { username: string }) => s.username === 'admin')).toBe(false);
    expect((await local.request('PATCH', '/api/admin/staff/1', { active: false })).status).toBe(404);
    const global = await local.post('/api/admin/staff', {
      username: 'quantri2',
      displayName: 'X',
      role: 'admin',
      officeId: null,
      password: 'mat-khau-dai-1',
    });
    expect(global.status).toBe(403);
  });
});

describe('the audit log', () => {
  it('lists changes newest first with who did them, page by page', async () => {
    const t = await testApp();
    await t.client.login('admin');
    for (const name of ['Một', 'Hai', 'Ba']) await t.client.post(`${O}/sectors`, { name });
    const first = await t.client.get('/api/admin/audit?officeId=1&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { after: { name: string } }) => i.after.name)).toEqual(['Ba', 'Hai']);
    expect(first.body.items[0]).toMatchObject({ username: 'admin', action: 'create', entity: 'sector', before: null });
    expect(first.body.items[0].at).toBe(new Date(t.clock.now()).toISOString());
    const second = await t.client.get(`/api/admin/audit?officeId=1&limit=2&before=${first.body.nextBefore}`);
    expect(second.body.items.map((i: { after: { name: string } }) => i.after.name)).toEqual(['Một']);
    expect(second.body.nextBefore).toBeNull();
  });
});
