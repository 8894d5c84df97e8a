import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { type AppEnv, DEVICE_COOKIE } from '../http';
import { deviceHome, pairDevice } from './store';

/** GET /pair/:token on the device itself: sets the device cookie once, then opens its screen. */
export const pairRoutes = new Hono<AppEnv>().get('/:token', async (c) => {
  const { store, clock } = c.var.deps;
  const paired = await store.write((tx) => pairDevice(tx, c.req.param('token'), clock.now()));
  if (!paired.ok) {
    return c.html(
      `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Liên kết không hợp lệ</title>
<body style="font-family:sans-serif;padding:2rem"><h1>Liên kết ghép nối không hợp lệ hoặc đã được dùng</h1>
<p lang="en">This pairing link is invalid or has already been used. Ask the administrator for a new one.</p></body></html>`,
      404,
    );
  }
  setCookie(c, DEVICE_COOKIE, paired.value.secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    // Browsers cap cookie lifetimes at 400 days (and Hono refuses more); a device that stays
    // away that long is paired again.
    maxAge: 400 * 24 * 3600,
  });
  return c.redirect(deviceHome(paired.value.device), 302);
});
