// Pairing a device from its one-time link, in two steps: opening the link (GET) only shows what
// it would pair, so a chat app's link preview or a scanner that fetches it does not use it up;
// the deliberate tap on the device (POST) pairs it, sets the device cookie and opens its screen.
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { type AppEnv, cookieOptions, DEVICE_COOKIE, fromOwnSite } from '../http';
import { deviceHome, devicePairedBy, pairDevice } from './store';

// Browsers cap cookie lifetimes at 400 days (and Hono refuses more); a device that stays away
// that long is paired again.
const DEVICE_COOKIE_SECONDS = 400 * 24 * 3600;

const KIND_NAMES = {
  display: ['màn hình phòng chờ', 'lobby display'],
  kiosk: ['ki-ốt lấy số', 'ticket kiosk'],
  pad: ['thiết bị đánh giá', 'rating pad'],
} as const;

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title}</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 0; padding: 2rem; color: #111; background: #fff; line-height: 1.5; }
      main { max-width: 36rem; margin: 0 auto; }
      h1 { font-size: 1.75rem; }
      button { font: inherit; font-size: 1.5rem; padding: 1rem 2rem; border: 0; border-radius: 0.5rem; background: #0b4f9c; color: #fff; cursor: pointer; }
      button:focus-visible { outline: 3px solid #111; outline-offset: 3px; }
      .en { color: #333; }
    </style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;

const invalid = () =>
  page(
    'Liên kết không hợp lệ',
    html`<h1>Liên kết ghép nối không hợp lệ hoặc đã được dùng</h1>
      <p lang="en" class="en">This pairing link is invalid or has already been used. Ask the administrator for a new one.</p>`,
  );

export const pairRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const device = await devicePairedBy(c.get('deps').db, c.req.param('token'));
    c.header('Cache-Control', 'no-store');
    if (!device) return c.html(invalid(), 404);
    const [vi, en] = KIND_NAMES[device.kind];
    return c.html(
      page(
        'Ghép nối thiết bị',
        html`<h1>Ghép nối thiết bị này làm ${vi}</h1>
          <p><strong>${device.name}</strong></p>
          <p>Chỉ bấm nút trên chính thiết bị sẽ dùng (màn hình, ki-ốt, máy tính bảng). Liên kết chỉ dùng được một lần.</p>
          <p lang="en" class="en">Pair this device as the ${en} “${device.name}”. Press the button only on the device itself; the link works once.</p>
          <form method="post" action="/pair/${c.req.param('token')}">
            <button type="submit">Ghép nối thiết bị này <span lang="en">(Pair this device)</span></button>
          </form>`,
      ),
      200,
    );
  })
  .post('/:token', async (c) => {
    const { store, clock, config } = c.get('deps');
    // The tap comes from the page above: a form posted from another site does not pair.
    if (!fromOwnSite(c, config.PUBLIC_URL, true)) return c.html(invalid(), 403);
    const paired = await store.write((tx) => pairDevice(tx, c.req.param('token'), clock.now()));
    if (!paired.ok) return c.html(invalid(), 404);
    setCookie(c, DEVICE_COOKIE, paired.value.secret, cookieOptions(c, config, DEVICE_COOKIE_SECONDS));
    return c.redirect(deviceHome(paired.value.device), 303);
  });
