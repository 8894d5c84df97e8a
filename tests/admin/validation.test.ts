// Bad input to the admin API: 400 (or 404/409) with a stable code, never 5xx, and nothing
// changes: no audit row, and the office, services, counters, staff and devices read the same.
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { testApp } from '../helpers';

const O = '/api/admin/offices/1';

describe('admin input validation', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await t.client.login('admin');
  });

  async function snapshot() {
    const reads = await Promise.all(
      [O, `${O}/sectors`, `${O}/services`, `${O}/counters`, `${O}/devices`, '/api/admin/staff'].map((p) => t.client.get(p)),
    );
    return { reads: reads.map((r) => r.body), audits: (await t.db.select({ n: count() }).from(auditLog))[0]!.n };
  }

  const bad: [string, string, string, unknown, number, string][] = [
    ['settings: negative interleave', 'PATCH', `${O}/settings`, { fairness: { maxPriorityInRow: -1 } }, 400, 'VALIDATION_FAILED'],
    ['settings: a four-level scale', 'PATCH', `${O}/settings`, { ratingScale: 4 }, 400, 'VALIDATION_FAILED'],
    ['settings: unknown key', 'PATCH', `${O}/settings`, { colour: 'red' }, 400, 'VALIDATION_FAILED'],
    ['settings: unknown nested key', 'PATCH', `${O}/settings`, { checkIn: { earlyMinute: 5 } }, 400, 'VALIDATION_FAILED'],
    ['settings: retention of 0 days', 'PATCH', `${O}/settings`, { retentionDays: 0 }, 400, 'VALIDATION_FAILED'],
    ['settings: string for a number', 'PATCH', `${O}/settings`, { targetWaitMinutes: '15' }, 400, 'VALIDATION_FAILED'],
    [
      'settings: duplicate priority codes',
      'PATCH',
      `${O}/settings`,
      {
        priorityCategories: [
          { code: 'elderly', vi: 'A', en: 'A' },
          { code: 'elderly', vi: 'B', en: 'B' },
        ],
      },
      400,
      'DUPLICATE_PRIORITY_CODE',
    ],
    ['office: unknown time zone', 'PATCH', O, { timezone: 'Mars/Olympus_Mons' }, 400, 'UNKNOWN_TIMEZONE'],
    ['office: empty name', 'PATCH', O, { name: '   ' }, 400, 'VALIDATION_FAILED'],
    [
      'hours: closes before it opens',
      'PUT',
      `${O}/hours`,
      { hours: [{ weekday: 1, opensAt: 700, closesAt: 600 }] },
      400,
      'INVALID_HOURS',
    ],
    [
      'hours: overlapping sessions',
      'PUT',
      `${O}/hours`,
      {
        hours: [
          { weekday: 2, opensAt: 450, closesAt: 700 },
          { weekday: 2, opensAt: 690, closesAt: 1020 },
        ],
      },
      400,
      'INVALID_HOURS',
    ],
    ['hours: weekday 7', 'PUT', `${O}/hours`, { hours: [{ weekday: 7, opensAt: 450, closesAt: 690 }] }, 400, 'VALIDATION_FAILED'],
    ['hours: not a list', 'PUT', `${O}/hours`, { hours: 'mon-fri' }, 400, 'VALIDATION_FAILED'],
    ['holiday: 30 February', 'POST', `${O}/holidays`, { date: '2027-02-30', name: 'Không có' }, 400, 'INVALID_DATE'],
    ['holiday: already one', 'POST', `${O}/holidays`, { date: '2026-09-02', name: 'Quốc khánh' }, 409, 'HOLIDAY_EXISTS'],
    ['holiday: delete a day that is none', 'DELETE', `${O}/holidays/2026-12-01`, undefined, 404, 'HOLIDAY_NOT_FOUND'],
    ['holiday: delete a non-date', 'DELETE', `${O}/holidays/tomorrow`, undefined, 400, 'INVALID_DATE'],
    ['sector: no name', 'POST', `${O}/sectors`, {}, 400, 'VALIDATION_FAILED'],
    ['sector: delete one with services', 'DELETE', `${O}/sectors/1`, undefined, 409, 'SECTOR_IN_USE'],
    ['sector: unknown id', 'PATCH', `${O}/sectors/999`, { name: 'X' }, 404, 'SECTOR_NOT_FOUND'],
    [
      'service: prefix with a digit',
      'POST',
      `${O}/services`,
      { sectorId: 1, code: '1.1', name: 'X', prefix: 'A1', avgServiceMinutes: 5 },
      400,
      'INVALID_PREFIX',
    ],
    [
      'service: prefix already used',
      'POST',
      `${O}/services`,
      { sectorId: 1, code: '1.1', name: 'X', prefix: 'a', avgServiceMinutes: 5 },
      409,
      'DUPLICATE_PREFIX',
    ],
    ['service: rename prefix onto another', 'PATCH', `${O}/services/2`, { prefix: 'A' }, 409, 'DUPLICATE_PREFIX'],
    [
      'service: sector of no office',
      'POST',
      `${O}/services`,
      { sectorId: 999, code: '1.1', name: 'X', prefix: 'Y', avgServiceMinutes: 5 },
      400,
      'UNKNOWN_SECTOR',
    ],
    ['service: zero minutes', 'PATCH', `${O}/services/1`, { avgServiceMinutes: 0 }, 400, 'VALIDATION_FAILED'],
    ['service: not a number id', 'PATCH', `${O}/services/abc`, { name: 'X' }, 404, 'SERVICE_NOT_FOUND'],
    ['service: unknown id', 'PATCH', `${O}/services/999`, { name: 'X' }, 404, 'SERVICE_NOT_FOUND'],
    ['service: extra field', 'PATCH', `${O}/services/1`, { officeId: 2 }, 400, 'VALIDATION_FAILED'],
    ['counter: number taken', 'POST', `${O}/counters`, { number: 1, name: 'Quầy trùng' }, 409, 'DUPLICATE_COUNTER_NUMBER'],
    ['counter: renumber onto another', 'PATCH', `${O}/counters/2`, { number: 1 }, 409, 'DUPLICATE_COUNTER_NUMBER'],
    ['counter: a service twice', 'PATCH', `${O}/counters/1`, { serviceIds: [1, 1] }, 400, 'DUPLICATE_SERVICE_IDS'],
    ['counter: unknown service', 'PATCH', `${O}/counters/1`, { serviceIds: [1, 9999] }, 400, 'UNKNOWN_SERVICE'],
    ['counter: delete one with a rating pad', 'DELETE', `${O}/counters/1`, undefined, 409, 'COUNTER_HAS_HISTORY'],
    ['counter: number 0', 'POST', `${O}/counters`, { number: 0, name: 'Quầy 0' }, 400, 'VALIDATION_FAILED'],
    ['device: pad without a counter', 'POST', `${O}/devices`, { kind: 'pad', name: 'Bảng' }, 400, 'COUNTER_REQUIRED'],
    ['device: unknown kind', 'POST', `${O}/devices`, { kind: 'printer', name: 'Máy in' }, 400, 'VALIDATION_FAILED'],
    [
      'device: counter of no office',
      'POST',
      `${O}/devices`,
      { kind: 'pad', name: 'Bảng', counterId: 999 },
      400,
      'UNKNOWN_COUNTER',
    ],
    ['device: unknown id', 'POST', `${O}/devices/999/revoke`, undefined, 404, 'DEVICE_NOT_FOUND'],
    [
      'staff: username with a space',
      'POST',
      '/api/admin/staff',
      { username: 'can bo', displayName: 'X', role: 'officer', officeId: 1, password: 'mat-khau-dai' },
      400,
      'INVALID_USERNAME',
    ],
    [
      'staff: short password',
      'POST',
      '/api/admin/staff',
      { username: 'canbo7', displayName: 'X', role: 'officer', officeId: 1, password: 'short' },
      400,
      'WEAK_PASSWORD',
    ],
    [
      'staff: username taken (any case)',
      'POST',
      '/api/admin/staff',
      { username: 'CanBo1', displayName: 'X', role: 'officer', officeId: 1, password: 'mat-khau-dai' },
      409,
      'DUPLICATE_USERNAME',
    ],
    [
      'staff: officer of no office',
      'POST',
      '/api/admin/staff',
      { username: 'canbo8', displayName: 'X', role: 'officer', officeId: null, password: 'mat-khau-dai' },
      400,
      'OFFICE_REQUIRED',
    ],
    [
      'staff: unknown role',
      'POST',
      '/api/admin/staff',
      { username: 'canbo8', displayName: 'X', role: 'root', officeId: 1, password: 'mat-khau-dai' },
      400,
      'VALIDATION_FAILED',
    ],
    ['staff: disable oneself', 'PATCH', '/api/admin/staff/1', { active: false }, 409, 'SELF_CHANGE'],
    ['staff: demote oneself', 'PATCH', '/api/admin/staff/1', { role: 'officer', officeId: 1 }, 409, 'SELF_CHANGE'],
    ['staff: unknown id', 'PATCH', '/api/admin/staff/999', { active: false }, 404, 'STAFF_NOT_FOUND'],
    ['staff: short reset password', 'POST', '/api/admin/staff/3/password', { password: '1234567' }, 400, 'WEAK_PASSWORD'],
    ['office: unknown office', 'GET', '/api/admin/offices/999/services', undefined, 404, 'OFFICE_NOT_FOUND'],
    ['office: not a number', 'PATCH', '/api/admin/offices/x1', { name: 'X' }, 404, 'OFFICE_NOT_FOUND'],
    ['audit: bad limit', 'GET', '/api/admin/audit?limit=5000', undefined, 400, 'VALIDATION_FAILED'],
  ];

  for (const [name, method, path, body, status, code] of bad) {
    it(`${name}: ${status} ${code}, nothing changes`, async () => {
      const before = await snapshot();
      const r = await t.client.request(method, path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(typeof r.body.error.message).toBe('string');
      expect(await snapshot()).toEqual(before);
    });
  }

  it('answers malformed JSON and a wrong content type with 4xx, never 5xx', async () => {
    const before = await snapshot();
    const broken = await t.client.request('PATCH', `${O}/settings`, '{"ticker": ', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('MALFORMED_JSON');
    for (const body of ['null', '[]', '"x"', '42']) {
      const r = await t.client.request('PATCH', `${O}/services/1`, body, { 'content-type': 'application/json' });
      expect(r.status, body).toBe(400);
    }
    const text = await t.client.request('POST', `${O}/sectors`, 'name=X', { 'content-type': 'text/plain' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
  });

  it('a partial settings change keeps every other setting', async () => {
    const before = (await t.client.get(O)).body.settings;
    const r = await t.client.request('PATCH', `${O}/settings`, { fairness: { maxPriorityInRow: 1 } });
    expect(r.status).toBe(200);
    expect(r.body.fairness).toEqual({ ...before.fairness, maxPriorityInRow: 1 });
    expect({ ...r.body, fairness: before.fairness }).toEqual(before);
  });

  it('an unchanged save writes no audit row', async () => {
    const { audits } = await snapshot();
    const r = await t.client.request('PATCH', `${O}/services/1`, { name: 'Đăng ký khai sinh' });
    expect(r.status).toBe(200);
    expect((await snapshot()).audits).toBe(audits);
  });
});
