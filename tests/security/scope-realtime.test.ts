// The realtime handshake asks the same office-scope rule as the routes: a staff socket watches
// the office it names, or its own; a staff member of every office (a global admin, a city
// leader) must name one; nobody watches an office outside their scope.
import { describe, expect, it } from 'vitest';
import type { QueueEvent } from '../../server/realtime/contract';
import { connected, nextEvent, STAFF_PASSWORD, testServer } from '../helpers';

async function twoOffices() {
  const srv = await testServer();
  const admin = srv.client.fresh();
  await admin.login('admin');
  const office = (
    await admin.post('/api/admin/offices', {
      name: 'Trung tâm phường Ba Đình',
      address: 'Số 25 Liễu Giai',
      timezone: 'Asia/Ho_Chi_Minh',
    })
  ).body.id as number;
  const sector = (await admin.post(`/api/admin/offices/${office}/sectors`, { name: 'Hộ tịch' })).body.id as number;
  const service = (
    await admin.post(`/api/admin/offices/${office}/services`, {
      sectorId: sector,
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      prefix: 'A',
      avgServiceMinutes: 10,
    })
  ).body.id as number;
  for (const [username, role, officeId] of [
    ['canbo21', 'officer', office],
    ['lanhdao', 'city', null],
  ] as const) {
    const r = await admin.post('/api/admin/staff', { username, displayName: username, role, officeId, password: STAFF_PASSWORD });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const [officer1, officer2, city] = [srv.client.fresh(), srv.client.fresh(), srv.client.fresh()];
  await Promise.all([officer1.login('canbo1'), officer2.login('canbo21'), city.login('lanhdao')]);
  return { srv, admin, officer1, officer2, city, second: { office, service } };
}

/** The office a staff socket was given, told by the services of its first queue snapshot. */
async function watched(socket: ReturnType<Awaited<ReturnType<typeof testServer>>['socket']>) {
  const first = nextEvent<QueueEvent>(socket, 'queue');
  await connected(socket);
  return (await first).services.map((s) => s.serviceId);
}

describe('realtime handshake: office scope', () => {
  it('a staff socket without an officeId watches its own office; an admin or city leader must name one', async () => {
    const { srv, admin, officer1, officer2, city, second } = await twoOffices();
    const own2 = await watched(srv.socket({}, { cookie: officer2.cookie }));
    expect(own2).toEqual([second.service]);
    const own1 = await watched(srv.socket({}, { cookie: officer1.cookie }));
    expect(own1).not.toContain(second.service);
    expect(own1.length).toBeGreaterThan(0);
    // No office of their own: no longer the first office by default.
    await expect(connected(srv.socket({}, { cookie: admin.cookie }))).rejects.toThrow('OFFICE_REQUIRED');
    await expect(connected(srv.socket({}, { cookie: city.cookie }))).rejects.toThrow('OFFICE_REQUIRED');
    expect(await watched(srv.socket({ officeId: second.office }, { cookie: admin.cookie }))).toEqual([second.service]);
  });

  it('a city leader watches any office; an officer only their own', async () => {
    const { srv, officer1, officer2, city, second } = await twoOffices();
    expect(await watched(srv.socket({ officeId: second.office }, { cookie: city.cookie }))).toEqual([second.service]);
    expect((await watched(srv.socket({ officeId: srv.officeId }, { cookie: city.cookie }))).length).toBeGreaterThan(0);
    await expect(connected(srv.socket({ officeId: srv.officeId }, { cookie: officer2.cookie }))).rejects.toThrow('FORBIDDEN');
    await expect(connected(srv.socket({ officeId: second.office }, { cookie: officer1.cookie }))).rejects.toThrow('FORBIDDEN');
  });
});
