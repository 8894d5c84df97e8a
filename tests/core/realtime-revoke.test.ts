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
