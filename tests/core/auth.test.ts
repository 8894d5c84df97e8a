// Staff sessions and paired devices: the cookie's flags, logout really ending the session,
// one-time pairing links, and what a kiosk, a display and an officer may do.
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../constants';
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
    // Read once first: the answer is then cached (server/staff/store.ts), and must still expire.
    expect((await f.client.get('/api/auth/me')).status).toBe(200);
    f.clock.advance(12 * 3_600_000 + 1);
    expectError(await f.client.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it("an admin's change of role or office, or disabling, applies to the person's very next request", async () => {
    const f = await testApp();
    const officer = f.client.fresh();
    const me = await officer.login('canbo1');
    const staffId = me.id;
    expect((await officer.get('/api/auth/me')).body.user.role).toBe('officer');
    await f.client.login('admin');
    expect((await f.client.request('PATCH', `/api/admin/staff/${staffId}`, { role: 'supervisor' })).status).toBe(200);
    expect((await officer.get('/api/auth/me')).body.user.role).toBe('supervisor');
    expect((await f.client.request('PATCH', `/api/admin/staff/${staffId}`, { active: false })).status).toBe(200);
    expectError(await officer.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
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

    // Opening the link (a chat app's preview, a scanner) only shows the page with the button.
    const preview = await f.client.fresh().get(pairUrl.pathname);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('set-cookie')).toBeNull();
    expect(String(preview.body)).toContain(`<form method="post" action="${pairUrl.pathname}">`);
    expect(String(preview.body)).toContain('Kiosk cửa phụ');

    // The tap on the device pairs it.
    const kiosk = f.client.fresh();
    const opened = await kiosk.post(pairUrl.pathname);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/kiosk?office=1');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rs_device=[\w-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(kiosk.cookie).toContain('rs_device=');

    // A second tap, or opening the used link, fails, and does not replace the paired cookie.
    const again = f.client.fresh();
    expect((await again.get(pairUrl.pathname)).status).toBe(404);
    const second = await again.post(pairUrl.pathname);
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
    const opened = await display.post(new URL(made.body.pairUrl).pathname);
    expect(opened.headers.get('location')).toBe('/display?office=1');
    expectError(await display.post('/api/offices/1/tickets', { serviceId: 1 }), 403, 'FORBIDDEN');
    const pad = await admin.post('/api/offices/1/devices', { kind: 'pad', name: 'Bảng đánh giá quầy 2', counterId: 2 });
    expect(pad.status).toBe(201);
    const padClient = f.client.fresh();
    expect((await padClient.post(new URL(pad.body.pairUrl).pathname)).headers.get('location')).toBe('/counter/pad?counter=2');
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
    for (const r of [
      await f.client.get('/pair/not-a-real-pairing-token'),
      await f.client.post('/pair/not-a-real-pairing-token'),
    ]) {
      expect(r.status).toBe(404);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
  });

  it('a pairing tap posted from another site does not pair', async () => {
    const f = await testApp();
    const admin = f.client.fresh();
    await admin.login('admin');
    const made = await admin.post('/api/offices/1/devices', { kind: 'kiosk', name: 'Kiosk' });
    const path = new URL(made.body.pairUrl).pathname;
    const forged = await f.client.fresh().post(path, undefined, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    // The link still works on the device itself.
    expect((await f.client.fresh().post(path)).status).toBe(303);
  });

  it('every cookie is Secure when residents reach the server over https (PUBLIC_URL), HttpOnly and SameSite=Lax always', async () => {
    for (const [publicUrl, secure] of [
      ['https://motcua.example.vn', true],
      [undefined, false],
    ] as const) {
      const f = await testApp({ config: { PUBLIC_URL: publicUrl } });
      const admin = f.client.fresh();
      const login = await admin.post(
        '/api/auth/login',
        { username: 'admin', password: ADMIN_PASSWORD },
        publicUrl ? { origin: publicUrl } : {},
      );
      const made = await admin.post(
        '/api/offices/1/devices',
        { kind: 'kiosk', name: 'Kiosk' },
        publicUrl ? { origin: publicUrl } : {},
      );
      const paired = await f.client
        .fresh()
        .post(new URL(made.body.pairUrl).pathname, undefined, publicUrl ? { origin: publicUrl } : {});
      const logout = await admin.post('/api/auth/logout', undefined, publicUrl ? { origin: publicUrl } : {});
      for (const [what, r] of Object.entries({ login, paired, logout })) {
        const cookie = r.headers.get('set-cookie') ?? '';
        expect(cookie, what).toMatch(/^rs_(session|device)=/);
        expect(/;\s*Secure/i.test(cookie), `${what} ${publicUrl}`).toBe(secure);
        expect(cookie, what).toMatch(/HttpOnly/i);
        expect(cookie, what).toMatch(/SameSite=Lax/i);
      }
    }
  });
});
