// Staff sessions and paired devices: the cookie's flags, logout really ending the session,
// one-time pairing links, and what a kiosk, a display and an officer may do.
import { describe, expect, it } from 'vitest';
import { counterIdOf, expectError, rowCount, serviceIdOf, sqlAll, testApp } from '../helpers';

describe('staff sessions', () => {
  it('login sets an HttpOnly SameSite=Lax cookie; logout ends the session for good', async () => {
    const f = await testApp();
    const r = await f.client.post('/api/auth/login', { username: 'canbo1', password: 'staff-password-1' });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'canbo1', role: 'officer' });
    expect(r.body.user.id).toBeTypeOf('number');
    expect(JSON.stringify(r.body)).not.toMatch(/password|hash/i);
    const setCookie = r.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^rs_session=[\w-]{20,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    // The database keeps only a hash of the cookie.
    const value = setCookie.split(';')[0]!.split('=')[1]!;
    expect(JSON.stringify(await sqlAll(f.db, 'select * from sessions'))).not.toContain(value);

    const session = f.client.cookie;
    expect((await f.client.get('/api/auth/me')).body.user.username).toBe('canbo1');
    const out = await f.client.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/rs_session=;/);
    // Replaying the old cookie no longer works, for reads or writes.
    const replay = f.client.fresh();
    replay.cookie = session;
    expectError(await replay.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await replay.post(`/api/counters/${await counterIdOf(f.db, 1)}/open`), 401, 'UNAUTHENTICATED');
    expectError(await replay.post('/api/offices/1/tickets', { serviceId: 1 }), 401, 'UNAUTHENTICATED');
    expect(await rowCount(f.db, 'tickets')).toBe(0);
  });

  it('a session expires after its lifetime', async () => {
    const f = await testApp();
    await f.client.login('canbo1');
    f.clock.advance(12 * 3_600_000 + 1);
    expectError(await f.client.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a write with a same-site Referer and no Origin is accepted (older browsers)', async () => {
    const f = await testApp();
    await f.client.login('canbo1');
    const r = await f.client.post(
      `/api/counters/${await counterIdOf(f.db, 1)}/open`,
      {},
      { origin: '', referer: 'http://localhost/counter' },
    );
    expect(r.status).toBe(200);
  });
});

describe('paired devices', () => {
  it('an admin pairs a kiosk by a one-time link; the kiosk issues tickets', async () => {
    const f = await testApp();
    const admin = f.client.fresh();
    await admin.login('admin');
    const made = await admin.post('/api/offices/1/devices', { kind: 'kiosk', name: 'Kiosk cửa phụ' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'kiosk' });
    expect(made.body.id).toBeTypeOf('number');
    const pairUrl = new URL(made.body.pairUrl);
    expect(pairUrl.pathname).toMatch(/^\/pair\/[\w-]{16,}$/);
    // The link is not stored: only its hash.
    expect(JSON.stringify(await sqlAll(f.db, 'select * from devices'))).not.toContain(pairUrl.pathname.slice(6));

    const kiosk = f.client.fresh();
    const opened = await kiosk.get(pairUrl.pathname);
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/kiosk?office=1');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rs_device=[\w-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(kiosk.cookie).toContain('rs_device=');

    // A second open fails, and does not replace the paired cookie.
    const again = f.client.fresh();
    const second = await again.get(pairUrl.pathname);
    expect(second.status).toBe(404);
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(String(second.body)).toContain('<html lang="vi">');

    const t = await kiosk.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(f.db, 'A'), priority: 'elderly' });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ number: 'A001', state: 'waiting', position: 1, serviceId: await serviceIdOf(f.db, 'A') });
    expect(t.body.token).toMatch(/^[\w-]{20,}$/);
    // A kiosk is not staff: no counter actions, no device creation.
    expectError(await kiosk.post(`/api/counters/${await counterIdOf(f.db, 1)}/open`), 401, 'UNAUTHENTICATED');
    expectError(await kiosk.post('/api/offices/1/devices', { kind: 'kiosk', name: 'x' }), 401, 'UNAUTHENTICATED');
    // The kiosk's cookie makes its writes cookie-authenticated: they need this site's Origin.
    expectError(
      await kiosk.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(f.db, 'A') }, { origin: 'https://evil.example' }),
      403,
      'CSRF_REJECTED',
    );
    expect(await rowCount(f.db, 'tickets')).toBe(1);
  });

  it('a paired display cannot issue tickets; an officer cannot create devices', async () => {
    const f = await testApp();
    const admin = f.client.fresh();
    await admin.login('admin');
    const made = await admin.post('/api/offices/1/devices', { kind: 'display', name: 'Màn hình tầng 2' });
    const display = f.client.fresh();
    const opened = await display.get(new URL(made.body.pairUrl).pathname);
    expect(opened.headers.get('location')).toBe('/display?office=1');
    expectError(await display.post('/api/offices/1/tickets', { serviceId: 1 }), 403, 'FORBIDDEN');
    const pad = await admin.post('/api/offices/1/devices', { kind: 'pad', name: 'Bảng đánh giá quầy 2', counterId: 2 });
    expect(pad.status).toBe(201);
    const padClient = f.client.fresh();
    expect((await padClient.get(new URL(pad.body.pairUrl).pathname)).headers.get('location')).toBe('/counter/pad?counter=2');
    expectError(await padClient.post('/api/offices/1/tickets', { serviceId: 1 }), 403, 'FORBIDDEN');

    const officer = f.client.fresh();
    await officer.login('canbo1');
    const devices = await rowCount(f.db, 'devices');
    expectError(await officer.post('/api/offices/1/devices', { kind: 'kiosk', name: 'x' }), 403, 'FORBIDDEN');
    expect(await rowCount(f.db, 'devices')).toBe(devices);
    expect(await rowCount(f.db, 'tickets')).toBe(0);
  });

  it('an unknown pairing link is refused', async () => {
    const f = await testApp();
    const r = await f.client.get('/pair/not-a-real-pairing-token');
    expect(r.status).toBe(404);
    expect(r.headers.get('set-cookie')).toBeNull();
  });
});
