// Every admin endpoint: 401 without a session, 403 for a supervisor or an officer (and nothing
// written), then the admin succeeds and each change leaves exactly one audit row with its
// before and after.
import { count, desc } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { adminRoutes } from '../../server/admin/routes';
import { type TestClient, testApp } from '../helpers';

type Ctx = Record<string, number | string>;
interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: (x: Ctx) => string;
  body?: (x: Ctx) => unknown;
  status: 200 | 201;
  /** The audit row a change must leave: [entity, action]. Reads leave none. */
  audit?: [string, string];
  /** Remembers ids the later cases need. */
  keep?: (body: { id: number }, x: Ctx) => void;
}

const O = '/api/admin/offices/1';
const cases: Case[] = [
  { method: 'GET', path: () => '/api/admin/offices', status: 200 },
  {
    method: 'POST',
    path: () => '/api/admin/offices',
    body: () => ({ name: 'Trung tâm phường Hoàn Kiếm', address: 'Số 1 Hàng Bài', timezone: 'Asia/Ho_Chi_Minh' }),
    status: 201,
    audit: ['office', 'create'],
    keep: (b, x) => {
      x.office = b.id;
    },
  },
  { method: 'GET', path: () => O, status: 200 },
  {
    method: 'PATCH',
    path: () => O,
    body: () => ({ address: 'Số 12 phố Phan Đình Phùng' }),
    status: 200,
    audit: ['office', 'update'],
  },
  {
    method: 'PATCH',
    path: () => `${O}/settings`,
    body: () => ({ ticker: 'Thông báo mới', fairness: { maxPriorityInRow: 3 } }),
    status: 200,
    audit: ['settings', 'update'],
  },
  {
    method: 'PUT',
    path: () => `${O}/hours`,
    body: () => ({ hours: [{ weekday: 1, opensAt: 480, closesAt: 720 }] }),
    status: 200,
    audit: ['hours', 'update'],
  },
  {
    method: 'POST',
    path: () => `${O}/holidays`,
    body: () => ({ date: '2027-06-15', name: 'Nghỉ theo quyết định của UBND phường' }),
    status: 201,
    audit: ['holiday', 'create'],
  },
  { method: 'DELETE', path: () => `${O}/holidays/2027-06-15`, status: 200, audit: ['holiday', 'delete'] },
  { method: 'GET', path: () => `${O}/sectors`, status: 200 },
  {
    method: 'POST',
    path: () => `${O}/sectors`,
    body: () => ({ name: 'Tư pháp' }),
    status: 201,
    audit: ['sector', 'create'],
    keep: (b, x) => {
      x.sector = b.id;
    },
  },
  {
    method: 'PATCH',
    path: (x) => `${O}/sectors/${x.sector}`,
    body: () => ({ name: 'Tư pháp – hộ tịch' }),
    status: 200,
    audit: ['sector', 'update'],
  },
  { method: 'GET', path: () => `${O}/services`, status: 200 },
  {
    method: 'POST',
    path: () => `${O}/services`,
    body: (x) => ({ sectorId: x.sector, code: '1.000001', name: 'Thủ tục thử', prefix: 'T', avgServiceMinutes: 12 }),
    status: 201,
    audit: ['service', 'create'],
    keep: (b, x) => {
      x.service = b.id;
    },
  },
  {
    method: 'PATCH',
    path: (x) => `${O}/services/${x.service}`,
    body: () => ({ bookable: false }),
    status: 200,
    audit: ['service', 'update'],
  },
  { method: 'GET', path: () => `${O}/counters`, status: 200 },
  {
    method: 'POST',
    path: () => `${O}/counters`,
    body: (x) => ({ number: 7, name: 'Quầy 7', serviceIds: [x.service] }),
    status: 201,
    audit: ['counter', 'create'],
    keep: (b, x) => {
      x.counter = b.id;
    },
  },
  {
    method: 'PATCH',
    path: (x) => `${O}/counters/${x.counter}`,
    body: () => ({ serviceIds: [1] }),
    status: 200,
    audit: ['counter', 'update'],
  },
  { method: 'DELETE', path: (x) => `${O}/counters/${x.counter}`, status: 200, audit: ['counter', 'delete'] },
  { method: 'DELETE', path: (x) => `${O}/services/${x.service}`, status: 200, audit: ['service', 'delete'] },
  { method: 'DELETE', path: (x) => `${O}/sectors/${x.sector}`, status: 200, audit: ['sector', 'delete'] },
  { method: 'GET', path: () => `${O}/devices`, status: 200 },
  {
    method: 'POST',
    path: () => `${O}/devices`,
    body: () => ({ kind: 'display', name: 'Màn hình tầng 2' }),
    status: 201,
    audit: ['device', 'create'],
    keep: (b, x) => {
      x.device = b.id;
    },
  },
  {
    method: 'PATCH',
    path: (x) => `${O}/devices/${x.device}`,
    body: () => ({ name: 'Màn hình tầng hai' }),
    status: 200,
    audit: ['device', 'update'],
  },
  { method: 'POST', path: (x) => `${O}/devices/${x.device}/pair-link`, status: 200, audit: ['device', 'pair_link'] },
  { method: 'POST', path: (x) => `${O}/devices/${x.device}/revoke`, status: 200, audit: ['device', 'revoke'] },
  { method: 'GET', path: () => '/api/admin/staff', status: 200 },
  {
    method: 'POST',
    path: () => '/api/admin/staff',
    body: () => ({ username: 'canbo9', displayName: 'Đỗ Thị Chín', role: 'officer', officeId: 1, password: 'mat-khau-dai' }),
    status: 201,
    audit: ['staff', 'create'],
    keep: (b, x) => {
      x.staff = b.id;
    },
  },
  {
    method: 'PATCH',
    path: (x) => `/api/admin/staff/${x.staff}`,
    body: () => ({ role: 'supervisor' }),
    status: 200,
    audit: ['staff', 'update'],
  },
  {
    method: 'POST',
    path: (x) => `/api/admin/staff/${x.staff}/password`,
    body: () => ({ password: 'mat-khau-moi-1' }),
    status: 200,
    audit: ['staff', 'password_reset'],
  },
  { method: 'GET', path: () => '/api/admin/audit?officeId=1', status: 200 },
];

describe('admin endpoints: who may call them', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let anon: TestClient;
  let supervisor: TestClient;
  let officer: TestClient;
  beforeAll(async () => {
    t = await testApp();
    await t.client.login('admin');
    anon = t.client.fresh();
    supervisor = t.client.fresh();
    await supervisor.login('giamsat');
    officer = t.client.fresh();
    await officer.login('canbo1');
  });
  const audits = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;
  const ctx: Ctx = {};

  for (const c of cases) {
    it(`${c.method} ${c.path({ sector: ':sectorId', service: ':serviceId', counter: ':counterId', device: ':deviceId', staff: ':staffId' })}`, async () => {
      const path = c.path(ctx);
      const body = c.body?.(ctx);
      const before = await audits();
      const none = await anon.request(c.method, path, body);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('UNAUTHENTICATED');
      for (const other of [supervisor, officer]) {
        const r = await other.request(c.method, path, body);
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('FORBIDDEN');
      }
      expect(await audits()).toBe(before);

      const r = await t.client.request(c.method, path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(c.status);
      c.keep?.(r.body, ctx);
      if (!c.audit) {
        expect(await audits()).toBe(before);
        return;
      }
      expect(await audits()).toBe(before + 1);
      const row = (await t.db.select().from(auditLog).orderBy(desc(auditLog.id)))[0]!;
      expect([row.entity, row.action]).toEqual(c.audit);
      expect(row.staffId).toBe(1);
      expect(row.at).toBe(t.clock.now());
      if (c.audit[1] === 'create') expect(row.before).toBeNull();
      else expect(row.before).not.toBeNull();
      if (c.audit[1] === 'delete') expect(row.after).toBeNull();
      else expect(row.after).not.toBeNull();
      if (c.audit[1] === 'update') expect(row.after).not.toEqual(row.before);
    });
  }

  it('leaves no admin route out of the list above', () => {
    const placeholders = {
      sector: ':sectorId',
      service: ':serviceId',
      counter: ':counterId',
      device: ':deviceId',
      staff: ':staffId',
    };
    const tested = new Set(
      cases.map(
        (c) =>
          `${c.method} ${c
            .path(placeholders)
            .replace('/api/admin', '')
            .replace(/\?.*$/, '')
            .replace(/^\/offices\/1(?=\/|$)/, '/offices/:officeId')
            .replace(/holidays\/[\d-]+$/, 'holidays/:date')}`,
      ),
    );
    const declared = adminRoutes.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    expect(declared.length).toBeGreaterThan(25);
    expect(declared.filter((r) => !tested.has(r))).toEqual([]);
  });

  it('never puts a password or a token hash in the audit log', async () => {
    const text = JSON.stringify(await t.db.select().from(auditLog));
    expect(text).not.toMatch(/scrypt\$|passwordHash|tokenHash|pairTokenHash|mat-khau/);
  });
});
