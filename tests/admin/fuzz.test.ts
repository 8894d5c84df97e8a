// Generated malformed input to every admin write: the answer is a 4xx with a code (or a
// harmless 2xx when the input happens to be valid), never a 5xx.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers';

const O = '/api/admin/offices/1';
const targets: [string, string][] = [
  ['POST', '/api/admin/offices'],
  ['PATCH', O],
  ['PATCH', `${O}/settings`],
  ['PUT', `${O}/hours`],
  ['POST', `${O}/holidays`],
  ['POST', `${O}/sectors`],
  ['PATCH', `${O}/sectors/1`],
  ['POST', `${O}/services`],
  ['PATCH', `${O}/services/1`],
  ['POST', `${O}/counters`],
  ['PATCH', `${O}/counters/1`],
  ['POST', `${O}/devices`],
  ['PATCH', `${O}/devices/1`],
  ['POST', '/api/admin/staff'],
  ['PATCH', '/api/admin/staff/3'],
  ['POST', '/api/admin/staff/3/password'],
];

// Bodies shaped like the real ones with wrong values, and anything at all.
const value = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.object({ maxDepth: 1 })), { maxLength: 4 }),
  fc.object({ maxDepth: 2 }),
);
const keys = fc.constantFrom(
  'name',
  'address',
  'timezone',
  'fairness',
  'ratingScale',
  'hours',
  'date',
  'sectorId',
  'code',
  'prefix',
  'avgServiceMinutes',
  'serviceIds',
  'number',
  'kind',
  'counterId',
  'username',
  'role',
  'officeId',
  'password',
  'active',
  'ticker',
  'checkIn',
  'priorityCategories',
  '__proto__',
  'constructor',
);
const body = fc.oneof(fc.dictionary(keys, value, { maxKeys: 5 }), fc.anything({ maxDepth: 2 }));

describe('admin API under generated input', () => {
  it('never answers 5xx', { timeout: 120_000 }, async () => {
    const t = await testApp();
    await t.client.login('admin');
    for (const [method, path] of targets) {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const text = JSON.stringify(b) ?? 'null';
          const r = await t.client.request(method, path, text, { 'content-type': 'application/json' });
          expect(r.status, `${method} ${path} ${text} -> ${JSON.stringify(r.body)}`).toBeLessThan(500);
          if (r.status >= 400) expect(r.body.error.code).toMatch(/^[A-Z][A-Z_]+$/);
        }),
        { numRuns: 40, seed: 20261128 },
      );
    }
  });

  it('never answers 5xx to odd path parameters and queries', async () => {
    const t = await testApp();
    await t.client.login('admin');
    const param = fc.oneof(
      fc.constantFrom('0', '-1', '1.5', '1e3', '99999999999', '2147483648', '%00', '%E0%A4%A', 'null', '..', ' 1'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(param, param, async (a, b) => {
        for (const [method, path] of [
          ['GET', `/api/admin/offices/${a}`],
          ['PATCH', `/api/admin/offices/1/services/${a}`],
          ['DELETE', `/api/admin/offices/${a}/counters/${b}`],
          ['DELETE', `/api/admin/offices/1/holidays/${a}`],
          ['POST', `/api/admin/offices/1/devices/${a}/revoke`],
          ['POST', `/api/admin/staff/${a}/password`],
          ['GET', `/api/admin/audit?officeId=${a}&before=${b}&limit=${a}`],
        ] as const) {
          const r = await t.client.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : { name: 'X' });
          expect(r.status, `${method} ${path}`).toBeLessThan(500);
        }
      }),
      { numRuns: 30, seed: 20261128 },
    );
  });
});
