// Booking on a phone (390x844) in Chromium against the real booking server: book a slot, read
// the confirmation's QR off the screen, open the manage page, move and cancel the booking; the
// A4 poster; and the /book JavaScript budget (40 KB gzipped), measured on the built files and
// on what the browser really downloads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';
import { decodeQr } from './qr-decode';

const BUDGET = 40 * 1024;
const env = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** Every JS file the page fetches, with its gzipped size. */
function recordScripts(page: Page) {
  const sizes = new Map<string, number>();
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.endsWith('.js')) return;
    try {
      sizes.set(url.pathname, gzipSync(await res.body(), { level: 9 }).byteLength);
    } catch {
      /* navigated away */
    }
  });
  return sizes;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('booking on a phone', () => {
  it('books a slot, shows its code and QR, then moves and cancels it', { timeout: 180_000 }, async () => {
    const page = await newPage({ width: 390, height: 844 });
    const scripts = recordScripts(page);
    await page.goto(`${env.url}/book?office=1`);
    await page.getByRole('heading', { name: 'Chọn lĩnh vực' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    // Nothing of the kiosk, the camera, the QR decoder or the live socket on the phone.
    expect([...scripts.keys()].filter((p) => /kiosk|camera|jsQR|live|check-in/.test(p))).toEqual([]);
    await screenshot(page, 'book-390x844-sector');
    await audit(page, 'book sector');

    await page.getByRole('button', { name: /^Hộ tịch/ }).click();
    await page.getByRole('heading', { name: 'Chọn thủ tục' }).waitFor();
    const service = page.getByRole('button', { name: /Đăng ký khai sinh/ });
    expect(await service.textContent()).toContain('Cần mang theo');
    await screenshot(page, 'book-390x844-service');
    await audit(page, 'book service');

    await service.click();
    await page.getByRole('heading', { name: 'Chọn ngày' }).waitFor();
    const days = page.locator('button.choice.day:not([disabled])');
    await days.first().waitFor();
    expect(await days.count()).toBeGreaterThan(0);
    await screenshot(page, 'book-390x844-day');
    await audit(page, 'book day');

    await days.first().click();
    await page.getByRole('heading', { name: /Chọn giờ/ }).waitFor();
    const slots = page.locator('button.choice.slot:not([disabled])');
    await slots.first().waitFor();
    expect(await slots.first().textContent()).toMatch(/Còn \d+ chỗ/);
    await screenshot(page, 'book-390x844-slot');
    await audit(page, 'book slot');
    await slots.first().click();

    await page.getByRole('heading', { name: 'Thông tin người đặt' }).waitFor();
    // A wrong phone number: 400 INVALID_PHONE, shown on the field, nothing booked.
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
    await page.getByLabel('Số điện thoại di động').fill('12345');
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await page.locator('.field-error').waitFor();
    expect(await page.locator('.field-error').textContent()).toContain('Số điện thoại');
    expect(await page.getByLabel('Số điện thoại di động').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'book-390x844-details-error');
    await audit(page, 'book details with an error');

    await page.getByLabel('Số điện thoại di động').fill('0912 345 678');
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await page.getByRole('heading', { name: /Đã đặt lịch thành công/ }).waitFor();
    const code = (await page.locator('.code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);

    const qr = page.locator('.booking-qr');
    await qr.locator('svg').waitFor();
    const decoded = await decodeQr(qr);
    expect(decoded).toMatch(new RegExp(`^${env.url}/a/[A-Za-z0-9_-]+$`));
    const token = decoded!.split('/a/')[1]!;
    const booking = await env.client.get(`/api/appointments/${token}`);
    expect(booking.status).toBe(200);
    expect(booking.body).toMatchObject({ code, state: 'booked', serviceName: 'Đăng ký khai sinh' });

    // "Thêm vào lịch" links the booking's .ics file.
    const ics = page.getByRole('link', { name: 'Thêm vào lịch' });
    const href = await ics.getAttribute('href');
    expect(href).toBe(`/api/appointments/${token}/calendar.ics`);
    const file = await env.client.get(href!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/calendar');
    expect(await page.locator('.appointment').textContent()).toContain('Phan Đình Phùng');
    await screenshot(page, 'book-390x844-confirmation');
    await audit(page, 'book confirmation');

    // The whole booking flow stayed within the phone budget.
    expect(total(scripts), [...scripts].map(([p, n]) => `${p} ${n}`).join('\n')).toBeLessThanOrEqual(BUDGET);

    // The manage page: move to another time, then cancel.
    await page.getByRole('link', { name: /Xem, đổi giờ hoặc huỷ/ }).click();
    await page.getByRole('heading', { name: 'Lịch hẹn của bạn' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/a/${token}`);
    expect(await page.locator('.state').textContent()).toBe('Đã đặt');
    await page.locator('.booking-qr svg').waitFor();
    expect(await decodeQr(page.locator('.booking-qr'))).toBe(`${env.url}/a/${token}`);
    await screenshot(page, 'manage-390x844-booked');
    await audit(page, 'manage page');

    await page.getByRole('button', { name: 'Đổi giờ hẹn' }).click();
    await page.locator('button.choice.day:not([disabled])').first().click();
    const newSlot = page.locator('button.choice.slot:not([disabled])').first();
    await newSlot.waitFor();
    await screenshot(page, 'manage-390x844-move');
    await audit(page, 'manage move');
    await newSlot.click();
    await page.getByText('Đã đổi sang giờ mới.').waitFor();
    const moved = await env.client.get(`/api/appointments/${token}`);
    expect(moved.body.state).toBe('booked');
    expect(moved.body.start).not.toBe(booking.body.start);

    await page.getByRole('button', { name: 'Huỷ lịch hẹn' }).click();
    await page.getByRole('button', { name: 'Có, huỷ lịch hẹn' }).click();
    await page.getByText('Lịch hẹn đã được huỷ').waitFor();
    expect(await page.locator('.state').textContent()).toBe('Đã huỷ');
    expect((await env.client.get(`/api/appointments/${token}`)).body.state).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Huỷ lịch hẹn' }).count()).toBe(0);
    await screenshot(page, 'manage-390x844-cancelled');
    await audit(page, 'manage cancelled');
  });

  it('works at 360 px in English', { timeout: 90_000 }, async () => {
    const page = await newPage({ width: 360, height: 740 });
    await page.goto(`${env.url}/book?office=1&lang=en`);
    await page.getByRole('heading', { name: 'Choose an area' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: /^Chứng thực/ }).click();
    await page.getByRole('button', { name: /Chứng thực bản sao/ }).click();
    await page.getByRole('heading', { name: 'Choose a day' }).waitFor();
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'book-360x740-en-day');
    await audit(page, 'book english');
    // Back, step by step, to the start.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Choose a procedure' }).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Choose an area' }).waitFor();
  });

  it('a rush turned away at the load balancer (429 BOOKING_BUSY) says so, and the same form books on the next tap', async () => {
    // The answer HAProxy gives a booking attempt while too many wait (deploy/haproxy.cfg), as it
    // is written there, in each language.
    const cfg = readFileSync(join(import.meta.dirname, '../../deploy/haproxy.cfg'), 'utf8');
    const busyBody = (english: boolean) =>
      cfg
        .split('\n')
        .find(
          (l) => l.includes('BOOKING_BUSY') && l.includes('return status 429') && l.trimEnd().endsWith('english') === english,
        )!
        .match(/string '([^']+)'/)![1]!;
    for (const [lang, width, height] of [
      ['vi', 360, 740],
      ['en', 390, 844],
    ] as const) {
      const page = await newPage({ width, height });
      await page.goto(`${env.url}/book?office=1&lang=${lang}`);
      await page.getByRole('button', { name: /^Chứng thực/ }).click();
      await page.getByRole('button', { name: /Chứng thực bản sao/ }).click();
      await page.locator('button.choice.day:not([disabled])').first().click();
      await page.locator('button.choice.slot:not([disabled])').first().click();
      await page.getByLabel(lang === 'vi' ? 'Họ và tên' : 'Full name').fill('Lê Văn Tám');
      await page
        .getByLabel(lang === 'vi' ? 'Số điện thoại di động' : 'Mobile phone number')
        .fill(lang === 'vi' ? '0977 000 111' : '0977 000 222');
      let turnedAway = 0;
      await page.route('**/api/offices/1/appointments', (route) => {
        turnedAway++;
        return route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' },
          body: busyBody(lang === 'en'),
        });
      });
      await page.getByRole('button', { name: lang === 'vi' ? 'Đặt lịch' : 'Book', exact: true }).click();
      const alert = page.locator('.form-error');
      await alert.waitFor();
      expect(turnedAway).toBe(1);
      expect((await alert.textContent())?.trim()).toBe(JSON.parse(busyBody(lang === 'en')).error.message);
      // Read out at once and focused, the form kept as filled.
      expect(await alert.getAttribute('role')).toBe('alert');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('form-error'))).toBe(true);
      expect(await page.getByLabel(lang === 'vi' ? 'Họ và tên' : 'Full name').inputValue()).toBe('Lê Văn Tám');
      await screenshot(page, `book-${width}x${height}-${lang}-busy`);
      await audit(page, `book busy (${lang})`);
      // Once the rush has passed, the same tap books.
      await page.unroute('**/api/offices/1/appointments');
      await page.getByRole('button', { name: lang === 'vi' ? 'Đặt lịch' : 'Book', exact: true }).click();
      await page
        .getByRole('heading', { name: lang === 'vi' ? /Đã đặt lịch thành công/ : /Your appointment is booked/ })
        .waitFor();
      await page.close();
    }
  });

  it('lets the resident erase their personal data from the booking page', async () => {
    const slots = await env.client.get('/api/offices/1/services/2/slots?days=14');
    const slot = (slots.body as { start: string; remaining: number }[]).find((x) => x.remaining > 0)!;
    const booked = await env.client.post('/api/offices/1/appointments', {
      serviceId: 2,
      start: slot.start,
      name: 'Phạm Thị Lan',
      phone: '0933123456',
    });
    expect(booked.status).toBe(201);
    const page = await newPage({ width: 390, height: 844 });
    const reads: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) reads.push(path);
    });
    await page.goto(`${env.url}/a/${booked.body.token}`);
    await page.getByText('Phạm Thị Lan').waitFor();
    // One read before the booking shows: its view carries the office's time zone.
    expect(reads).toEqual([`/api/appointments/${booked.body.token}`]);
    await page.getByRole('button', { name: 'Xoá thông tin cá nhân' }).click();
    await audit(page, 'manage erase confirm');
    await page.getByRole('button', { name: 'Có, xoá thông tin' }).click();
    await page.getByText('Đã xoá thông tin cá nhân của bạn khỏi lịch hẹn.').waitFor();
    expect(await page.getByText('Phạm Thị Lan').count()).toBe(0);
    const after = await env.client.get(`/api/appointments/${booked.body.token}`);
    expect(after.body).toMatchObject({ name: null, phone: null, state: 'booked' });
    await screenshot(page, 'manage-390x844-erased');
  });

  it('an unknown booking link says so', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(`${env.url}/a/unknown-token-123456`);
    await page.getByRole('heading', { name: 'Không tìm thấy lịch hẹn này.' }).waitFor();
    await audit(page, 'manage not found');
  });
});

describe('booking poster', () => {
  it('is an A4 page whose big QR opens /book for the office', { timeout: 60_000 }, async () => {
    const page = await newPage({ width: 794, height: 1123 });
    await page.goto(`${env.url}/book/poster?office=1`);
    await page.getByRole('heading', { name: 'Đặt lịch hẹn trực tuyến' }).waitFor();
    const qr = page.locator('.poster-qr');
    await qr.locator('svg').waitFor();
    expect(await decodeQr(qr)).toBe(`${env.url}/book?office=1`);
    await screenshot(page, 'poster-a4');
    await audit(page, 'poster');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: /In áp phích/ }).isVisible()).toBe(false);
    const box = await page.locator('.sheet').boundingBox();
    // 210 mm at 96 dpi.
    expect(Math.round(box!.width)).toBe(794);
  });
});

/** Gzipped sizes of the JS that /book loads before its first screen, from a built folder. */
function bookInitialJs(dir: string) {
  const html = readFileSync(join(dir, 'booking', 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]!);
  expect(entries).toHaveLength(1);
  const read = (path: string) => readFileSync(join(dir, path.replace(/^\//, '')), 'utf8');
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const folder = path.slice(0, path.lastIndexOf('/') + 1);
    for (const m of read(path).matchAll(/(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["'`](\.\/[^"'`]+\.js)["'`]/g)) {
      visit(folder + m[1]!.slice(2));
    }
  };
  for (const p of [...entries, ...preloads]) visit(p);
  // The /book route's own chunk, which the router imports at once.
  const route = /import\(`\.\/(book(?:-app)?-[\w-]{8}\.js)`\)/.exec(read(entries[0]!))?.[1];
  expect(route, 'the router imports the booking screens lazily').toBeTruthy();
  visit(`/assets/${route}`);
  return [...seen].map((f) => [f, gzipSync(readFileSync(join(dir, f.replace(/^\//, ''))), { level: 9 }).byteLength] as const);
}

describe('the /book JavaScript budget', () => {
  it('ships at most 40 KB gzipped before the first screen (the shipped build, dist/)', () => {
    const sizes = bookInitialJs(join(process.cwd(), 'dist'));
    const sum = sizes.reduce((a, [, n]) => a + n, 0);
    expect(sum, sizes.map(([f, n]) => `${f} ${n}`).join('\n')).toBeLessThanOrEqual(BUDGET);
    // The kiosk's code, the camera, the QR decoder and the live socket are not among them.
    expect(sizes.map(([f]) => f).filter((f) => /kiosk|camera|jsQR|check-in|live-/.test(f))).toEqual([]);
  });
});
