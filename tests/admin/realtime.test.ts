// Admin changes reach the screens over Socket.IO: a display (and a staff terminal) gets a fresh
// `queue` snapshot without the deactivated service, and staff get the changed counter.
import { describe, expect, it } from 'vitest';
import { connected, nextEvent, testServer } from '../helpers';

const srv = await testServer();

describe('admin changes pushed live', () => {
  it('deactivating a service sends displays a queue snapshot without it', async () => {
    const admin = srv.client.fresh();
    await admin.login('admin');
    const display = srv.socket({ officeId: 1 });
    const first = nextEvent(display, 'queue');
    await connected(display);
    const before = await first;
    expect(before.services.some((s: { serviceId: number }) => s.serviceId === 2)).toBe(true);

    const next = nextEvent(display, 'queue');
    const r = await admin.request('PATCH', '/api/admin/offices/1/services/2', { active: false });
    expect(r.status).toBe(200);
    const after = await next;
    expect(after.services.some((s: { serviceId: number }) => s.serviceId === 2)).toBe(false);
    expect(after.eventId).toBeGreaterThanOrEqual(before.eventId);
  });

  it('renumbering a counter sends staff its new state', async () => {
    const admin = srv.client.fresh();
    await admin.login('admin');
    const staff = srv.socket({ officeId: 1 }, { cookie: admin.cookie });
    const snapshot = nextEvent(staff, 'queue');
    await connected(staff);
    await snapshot;
    const counter = nextEvent(staff, 'counter');
    expect((await admin.request('PATCH', '/api/admin/offices/1/counters/6', { number: 16 })).status).toBe(200);
    expect(await counter).toMatchObject({ id: 6, number: 16, status: 'closed' });
  });
});
