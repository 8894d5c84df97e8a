// The resident's pages on a cheap phone on a weak network (Chromium with Fast 3G: 150 ms RTT,
// 1.6 Mbit/s down, 750 kbit/s up, and the CPU slowed 4x), from a cold cache: the JavaScript a
// booking needs before its confirmation, counted from the network log as it crossed the wire
// (compressed), stays within 40 KB; the QR code loads only once the confirmation shows it; no
// live socket on the booking page; the live ticket page (/t/<token>) measured the same way. Then
// the service worker: the booking page and the resident's booking (/a/<token>) open again with
// the network cut, showing the last known data and saying so. The times are reported by
// `npm run bench` (bench/phone.ts), never asserted here.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { axeAudit, browser, describeViolations, screenshot, slowPhone } from './browser';

const BUDGET = 40 * 1024;
const env = await testServer();

/** Every script the page downloads, with the bytes of its body as sent (compressed). */
function recordWire(page: Page) {
  const scripts: { path: string; bytes: number; at: number }[] = [];
  const all: string[] = [];
  page.on('requestfinished', async (req) => {
    const url = new URL(req.url());
    all.push(url.pathname);
    if (req.resourceType() !== 'script') return;
    const sizes = await req.sizes().catch(() => null);
    if (sizes) scripts.push({ path: url.pathname, bytes: sizes.responseBodySize, at: Date.now() });
  });
  return {
    scripts,
    all,
    bytes: (before = Number.POSITIVE_INFINITY) => scripts.filter((s) => s.at < before).reduce((n, s) => n + s.bytes, 0),
  };
}

const list = (s: { path: string; bytes: number }[]) => s.map((x) => `${x.path} ${x.bytes}`).join('\n');

describe('the resident’s pages on a slow phone', { timeout: 180_000 }, () => {
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });
  const phone = async () => {
    const context = await (await browser()).newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    return context;
  };

  it('books with at most 40 KB of JavaScript over the wire, the QR only when shown, no socket', async () => {
    const context = await phone();
    const page = await slowPhone(context);
    const wire = recordWire(page);
    await page.goto(`${env.url}/book?office=1`);
    await page.getByRole('button', { name: /^Hộ tịch/ }).click();
    await page.getByRole('button', { name: /Đăng ký khai sinh/ }).click();
    await page.locator('button.choice.day:not([disabled])').first().click();
    await page.locator('button.choice.slot:not([disabled])').first().click();
    await page.getByLabel('Họ và tên').fill('Đinh Thị Nhỏ');
    await page.getByLabel('Số điện thoại di động').fill('0912 000 333');
    const beforeBooking = Date.now();
    const spent = wire.bytes(beforeBooking);
    expect(spent, list(wire.scripts)).toBeLessThanOrEqual(BUDGET);
    // Compressed on the wire (precompressed at build, chosen by Accept-Encoding): each file
    // crossed at well under half its size.
    expect(wire.scripts.length).toBeGreaterThan(3);
    for (const s of wire.scripts.filter((x) => x.at < beforeBooking && x.bytes > 1500)) {
      expect(s.bytes, s.path).toBeLessThan(statSync(join('dist', s.path)).size / 2);
    }
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await page.getByRole('heading', { name: /Đã đặt lịch thành công/ }).waitFor();
    await page.locator('.booking-qr svg').waitFor();
    // The QR encoder arrived only for the confirmation.
    const late = wire.scripts.filter((s) => s.at >= beforeBooking).map((s) => s.path);
    expect(
      late.some((p) => /qrcode|browser-/.test(p)),
      late.join('\n'),
    ).toBe(true);
    expect(wire.scripts.filter((s) => s.at < beforeBooking && /qrcode|browser-/.test(s.path))).toEqual([]);
    // No live socket on the booking page: neither its code nor a connection.
    expect(wire.all.filter((p) => /socket\.io|\/live-/.test(p))).toEqual([]);
    console.log(`[phone] /book: ${spent} B of JavaScript before booking\n${list(wire.scripts)}`);
  });

  it('announces each page’s code and first data with its HTML (a Link header), so they load at once', async () => {
    const book = await fetch(`${env.url}/book?office=1`);
    const link = book.headers.get('link') ?? '';
    expect(link).toMatch(/<\/assets\/booking-[\w-]{8}\.js>; rel=modulepreload/);
    expect(link).toMatch(/<\/assets\/book-[\w-]{8}\.js>; rel=modulepreload/);
    expect(link).toContain('</api/offices/1/services>; rel=preload; as=fetch; crossorigin');
    // Every hinted file exists: a stale hint would cost the phone a wasted request.
    for (const [, href] of link.matchAll(/<(\/assets\/[^>]+)>/g)) expect((await fetch(env.url + href!)).status, href).toBe(200);
    const ticket = await fetch(`${env.url}/t/ABCDEFGH12345678`);
    expect(ticket.headers.get('link')).toContain('</api/tickets/ABCDEFGH12345678>; rel=preload');
    // No hints for anything else: the kiosk and an office that is not a number.
    expect((await fetch(`${env.url}/kiosk`)).headers.get('link')).toBeNull();
    expect((await fetch(`${env.url}/book?office=1%3E`)).headers.get('link')).not.toContain('/api/offices/1');
  });

  it('opens the live ticket page within the same budget', async () => {
    const t = await env.client.post('/api/offices/1/tickets', { serviceId: 1 });
    // The kiosk's ticket needs a kiosk or staff; a supervisor issues it here.
    const staff = env.client.fresh();
    await staff.login('giamsat');
    const ticket = t.status === 201 ? t : await staff.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(ticket.status).toBe(201);
    const context = await phone();
    const page = await slowPhone(context);
    const wire = recordWire(page);
    await page.goto(`${env.url}/t/${ticket.body.token}`);
    await page.getByText(ticket.body.number).first().waitFor();
    // Its data is the ticket alone (the view names its service): no second round trip, on 3G
    // about a quarter of a second, before the number shows.
    expect(wire.all.filter((p) => p.startsWith('/api/'))).toEqual([`/api/tickets/${ticket.body.token}`]);
    await expect.poll(() => page.locator('.tp-live').textContent()).toContain('trực tiếp');
    const spent = wire.bytes();
    expect(spent, list(wire.scripts)).toBeLessThanOrEqual(BUDGET);
    console.log(`[phone] /t/<token>: ${spent} B of JavaScript\n${list(wire.scripts)}`);
  });

  it('opens the booking page and the resident’s booking again without a network, marked as saved', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${env.url}/book?office=1`);
    await page.getByRole('button', { name: /^Hộ tịch/ }).click();
    await page.getByRole('button', { name: /Đăng ký khai sinh/ }).click();
    await page.locator('button.choice.day:not([disabled])').first().click();
    await page.locator('button.choice.slot:not([disabled])').first().click();
    await page.getByLabel('Họ và tên').fill('Lý Văn Ngoại');
    await page.getByLabel('Số điện thoại di động').fill('0912 000 444');
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await page.getByRole('heading', { name: /Đã đặt lịch thành công/ }).waitFor();
    const code = ((await page.locator('.code').textContent()) ?? '').trim();
    const manage = `${env.url}${await page.locator('.manage-box a').getAttribute('href')}`;
    expect(manage).toMatch(/\/a\/[\w-]+$/);

    // The booking's own page, opened once online: the worker takes over and saves what it used.
    await page.goto(manage!);
    await page.locator('.code').first().waitFor();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
    const saved = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          navigator.serviceWorker.addEventListener('message', (e) => e.data?.saved && resolve(true));
          navigator.serviceWorker.controller!.postMessage({
            save: [location.href, ...performance.getEntriesByType('resource').map((r) => r.name)],
          });
          setTimeout(() => resolve(false), 10_000);
        }),
    );
    expect(saved).toBe(true);
    // The booking page once more online, so its own data is saved too.
    await page.goto(`${env.url}/book?office=1`);
    await page.getByRole('button', { name: /^Hộ tịch/ }).waitFor();

    await context.setOffline(true);
    await page.goto(manage!);
    expect(((await page.locator('.code').first().textContent()) ?? '').trim()).toBe(code);
    const note = page.getByTestId('offline-note');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/Bạn đang ngoại tuyến\. Thông tin dưới đây là bản đã lưu lúc \d{2}:\d{2}/);
    await screenshot(page, 'manage-offline-390');
    const violations = await axeAudit(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.goto(`${env.url}/book?office=1`);
    await page.getByRole('button', { name: /^Hộ tịch/ }).waitFor();
    await page.getByTestId('offline-note').waitFor();
    await context.setOffline(false);
  });
});
