// The admin API is documented in /api/openapi.json like the rest (its schemas convert).
import { expect, it } from 'vitest';
import { testApp } from '../helpers';

it('lists the admin routes in the OpenAPI document', async () => {
  const { client } = await testApp();
  const r = await client.get('/api/openapi.json');
  expect(r.status).toBe(200);
  const paths = Object.keys(r.body.paths);
  for (const p of [
    '/api/admin/offices/{officeId}/settings',
    '/api/admin/offices/{officeId}/services/{serviceId}',
    '/api/admin/staff/{staffId}/password',
    '/api/admin/audit',
  ]) {
    expect(paths).toContain(p);
  }
});
