// A staff socket does not outlive its session: after logout (or an admin disabling the
// account) the periodic re-check disconnects it, and other sockets are left alone.
import { describe, expect, it } from 'vitest';
import { connected, testServer } from '../helpers';

describe('realtime: ended sessions', () => {
  it('disconnects the staff socket of a session that ended, and only that one', async () => {
    const srv = await testServer();
    const kept = srv.client.fresh();
    await srv.client.login('canbo1');
    await kept.login('canbo2');
    const leaving = srv.socket({ officeId: srv.officeId }, { cookie: srv.client.cookie });
    const staying = srv.socket({ officeId: srv.officeId }, { cookie: kept.cookie });
    const display = srv.socket({ officeId: srv.officeId });
    await Promise.all([connected(leaving), connected(staying), connected(display)]);

    // While every session is valid, nothing is dropped.
    expect(await srv.server.realtime.revalidateStaff()).toBe(0);

    const gone = new Promise<string>((resolve) => leaving.once('disconnect', (reason) => resolve(reason)));
    expect((await srv.client.post('/api/auth/logout')).status).toBe(200);
    expect(await srv.server.realtime.revalidateStaff()).toBe(1);
    expect(await gone).toBe('io server disconnect');
    expect(staying.connected).toBe(true);
    expect(display.connected).toBe(true);
  });
});

describe('realtime: staff moved by an admin', () => {
  it("drops a staff socket whose user's office or role changed, and the new handshake gives the new scope", async () => {
    const srv = await testServer();
    const admin = srv.client.fresh();
    await admin.login('admin');
    const second = (
      await admin.post('/api/admin/offices', {
        name: 'Trung tâm phường Kim Mã',
        address: 'Số 1 Kim Mã',
        timezone: 'Asia/Ho_Chi_Minh',
      })
    ).body.id as number;
    const [moved, promoted, untouched] = [srv.client.fresh(), srv.client.fresh(), srv.client.fresh()];
    await Promise.all([moved.login('canbo1'), promoted.login('canbo2'), untouched.login('canbo3')]);
    const staff = (await admin.get('/api/admin/staff')).body as { id: number; username: string }[];
    const idOf = (username: string) => staff.find((s) => s.username === username)!.id;
    const sockets = [moved, promoted, untouched].map((c) => srv.socket({}, { cookie: c.cookie }));
    await Promise.all(sockets.map((s) => connected(s)));
    expect(await srv.server.realtime.revalidateStaff()).toBe(0);

    const reasons = sockets.slice(0, 2).map((s) => new Promise<string>((resolve) => s.once('disconnect', resolve)));
    expect((await admin.request('PATCH', `/api/admin/staff/${idOf('canbo1')}`, { officeId: second })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/admin/staff/${idOf('canbo2')}`, { role: 'supervisor' })).status).toBe(200);
    expect(await srv.server.realtime.revalidateStaff()).toBe(2);
    expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(sockets[2]!.connected).toBe(true);

    // Connecting again, the moved officer watches the second office only: the first's is refused.
    await expect(connected(srv.socket({ officeId: srv.officeId }, { cookie: moved.cookie }))).rejects.toThrow('FORBIDDEN');
    const again = srv.socket({}, { cookie: moved.cookie });
    await connected(again);
    expect(await srv.server.realtime.revalidateStaff()).toBe(0);
  });
});
