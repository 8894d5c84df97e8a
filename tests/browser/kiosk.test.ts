// The entrance kiosk in Chromium at its two screen sizes: a paired kiosk issues a ticket whose
// QR (read off the screen) opens its live page, the print view fits 80 mm paper, an unpaired
// kiosk says so, check-in never pretends, and an idle kiosk returns to the start.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { axeAudit, browser, chromiumArgs, describeViolations, screensDir, screenshot } from './browser';
import { decodeQr } from './qr-decode';

const env = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

async function pairedKiosk(width: number, height: number, query = '', using?: Browser) {
  const admin = env.client.fresh();
  await admin.login('admin');
  const made = await admin.post('/api/offices/1/devices', { kind: 'kiosk', name: `Kiosk ${width}x${height}` });
  expect(made.status).toBe(201);
  const context = await (using ?? (await browser())).newContext({
    viewport: { width, height },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  // Count window.print() calls (a headless browser has no printer to send them to).
  await context.addInitScript(() => {
    const w = window as unknown as { prints: number };
    w.prints = 0;
    window.print = () => {
      w.prints++;
    };
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[kiosk page error]', e.message));
  await page.goto(made.body.pairUrl);
  await page.getByRole('button', { name: /Ghép nối thiết bị này/ }).click();
  await page.waitForURL((u) => u.pathname === '/kiosk');
  if (query) await page.goto(`${env.url}/kiosk?office=1&${query}`);
  await page.getByRole('heading', { name: 'Xin mời chọn lĩnh vực' }).waitFor();
  return page;
}

describe('kiosk at 1080x1920 (portrait)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await pairedKiosk(1080, 1920, 'ticketSeconds=120');
  });

  it('takes a number: sector, service, priority, then a ticket whose QR opens its live page', { timeout: 120_000 }, async () => {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await screenshot(page, 'kiosk-1080x1920-start');
    await audit(page, 'kiosk start');

    await page.getByRole('button', { name: /Hộ tịch/ }).click();
    await page.getByRole('heading', { name: /Chọn thủ tục/ }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /Đăng ký khai sinh/ }).textContent()).toContain('Đang chờ: 0');
    await screenshot(page, 'kiosk-1080x1920-services');
    await audit(page, 'kiosk services');
    // Every screen has a way back.
    await page.getByRole('button', { name: 'Quay lại' }).waitFor();

    await page.getByRole('button', { name: /Đăng ký khai sinh/ }).click();
    await page.getByRole('heading', { name: 'Bạn có thuộc diện ưu tiên không?' }).waitFor();
    for (const label of ['Không ưu tiên', 'Người cao tuổi', 'Người khuyết tật', 'Phụ nữ mang thai']) {
      await page.getByRole('button', { name: label }).waitFor();
    }
    await screenshot(page, 'kiosk-1080x1920-priority');
    await audit(page, 'kiosk priority');

    await page.getByRole('button', { name: 'Không ưu tiên' }).click();
    const slip = page.locator('.slip');
    await slip.waitFor();
    const token = await slip.getAttribute('data-token');
    expect(token).toBeTruthy();
    const server = await env.client.get(`/api/tickets/${token}`);
    expect(server.status).toBe(200);
    expect(await slip.locator('.slip-number').textContent()).toBe(server.body.number);
    expect(server.body.number).toMatch(/^A\d{3}$/);
    await expect.poll(() => slip.textContent()).toContain('Đăng ký khai sinh');
    await expect.poll(() => slip.textContent()).toContain('Số người chờ trước bạn');
    // The wait as the range printed at issue (the slip shows what the kiosk was answered).
    const eta = (await slip.getByTestId('slip-eta').textContent()) ?? '';
    expect(eta).toMatch(/^khoảng \d+–\d+ phút$|^dưới \d+ phút$|^\d+ phút$/);

    const qr = slip.locator('.slip-qr');
    await qr.locator('svg').waitFor();
    expect(await decodeQr(qr)).toBe(`${env.url}/t/${token}`);
    // The ticket went to the printer once, by itself.
    await expect.poll(() => page.evaluate(() => (window as unknown as { prints: number }).prints)).toBe(1);
    await screenshot(page, 'kiosk-1080x1920-ticket');
    await audit(page, 'kiosk ticket');
  });

  it('prints the ticket alone on 80 mm paper', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      const box = await page.locator('.slip').boundingBox();
      expect(box).not.toBeNull();
      // 80 mm at 96 dpi = 302 px; the slip leaves the printer's margins free.
      expect(box!.width).toBeGreaterThan(150);
      expect(box!.width).toBeLessThanOrEqual(302);
      expect(await page.locator('.k-header').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Xong' }).isVisible()).toBe(false);
      await page.locator('.slip-qr svg').waitFor();
      await screenshot(page, 'kiosk-print-80mm');
      const pdf = await page.pdf({ width: '80mm', height: '200mm', printBackground: true, preferCSSPageSize: true });
      expect(pdf.byteLength).toBeGreaterThan(1000);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('check-in by booking code answers honestly and never issues a ticket for a wrong code', async () => {
    await page.getByRole('button', { name: 'Xong' }).click();
    await page.getByRole('button', { name: /Đã đặt lịch hẹn/ }).click();
    await page.getByRole('heading', { name: 'Đã đặt lịch hẹn' }).waitFor();
    // The on-screen keyboard types into the code field.
    for (const ch of 'ZZZZ99') await page.getByRole('button', { name: ch, exact: true }).click();
    expect(await page.getByLabel('Mã đặt lịch', { exact: true }).inputValue()).toBe('ZZZZ99');
    await screenshot(page, 'kiosk-1080x1920-checkin');
    await audit(page, 'kiosk check-in');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const message = page.locator('.k-message');
    await message.waitFor();
    // Either the booking server answers (unknown code) or the feature is plainly not there yet.
    await expect.poll(() => message.textContent()).toMatch(/Không tìm thấy lịch hẹn|chưa sẵn sàng/);
    expect(await page.locator('.slip').count()).toBe(0);
  });
});

describe('kiosk at 1920x1080 (landscape)', () => {
  it('shows the same flow legibly in landscape', { timeout: 120_000 }, async () => {
    const page = await pairedKiosk(1920, 1080, 'ticketSeconds=120');
    await screenshot(page, 'kiosk-1920x1080-start');
    await audit(page, 'kiosk landscape start');
    await page.getByRole('button', { name: /Chứng thực/ }).click();
    await page.getByRole('heading', { name: /Chọn thủ tục/ }).waitFor();
    await screenshot(page, 'kiosk-1920x1080-services');
    await page.getByRole('button', { name: /Chứng thực bản sao/ }).click();
    await page.getByRole('button', { name: 'Người cao tuổi' }).click();
    const slip = page.locator('.slip');
    await slip.waitFor();
    expect(await slip.locator('.slip-number').textContent()).toMatch(/^E\d{3}$/);
    await expect.poll(() => slip.locator('.slip-priority').textContent()).toContain('Người cao tuổi');
    const token = await slip.getAttribute('data-token');
    const server = await env.client.get(`/api/tickets/${token}`);
    expect(server.body.state).toBe('waiting');
    await slip.locator('.slip-qr svg').waitFor();
    await screenshot(page, 'kiosk-1920x1080-ticket');
    await audit(page, 'kiosk landscape ticket');

    // English on demand, back to Vietnamese for the next resident.
    await page.getByRole('button', { name: 'Xong' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Please choose an area' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: /Chứng thực/ }).click();
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('heading', { name: 'Xin mời chọn lĩnh vực' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
  });
});

describe('kiosk failures and timeouts', () => {
  it('an unpaired kiosk says it is not paired instead of pretending to print', async () => {
    const context = await (await browser()).newContext({ viewport: { width: 1080, height: 1920 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${env.url}/kiosk?office=1`);
    await page.getByRole('button', { name: /Hộ tịch/ }).click();
    await page.getByRole('button', { name: /Đăng ký kết hôn/ }).click();
    await page.getByRole('button', { name: 'Không ưu tiên' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('chưa được ghép nối');
    expect(await page.locator('.slip').count()).toBe(0);
    await context.close();
  });

  it('returns to the start after 45 s without a touch', async () => {
    const context = await (await browser()).newContext({ viewport: { width: 1080, height: 1920 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${env.url}/kiosk?office=1`);
    await page.getByRole('button', { name: /Hộ tịch/ }).click();
    await page.getByRole('heading', { name: /Chọn thủ tục/ }).waitFor();
    await page.clock.runFor(30_000);
    await page.getByRole('heading', { name: /Chọn thủ tục/ }).waitFor();
    await page.clock.runFor(16_000);
    await page.getByRole('heading', { name: 'Xin mời chọn lĩnh vực' }).waitFor();
    await context.close();
  });
});

describe('kiosk check-in of a booking', () => {
  it('a USB scanner typing the booking QR checks it in and prints a ticket', { timeout: 120_000 }, async () => {
    const page = await pairedKiosk(1080, 1920, 'ticketSeconds=120');
    // A booking for the first slot at least an hour ahead (the booking window's notice).
    const slots = await env.client.get('/api/offices/1/services/2/slots?days=2');
    expect(slots.status).toBe(200);
    const slot = slots.body.find((s: { remaining: number }) => s.remaining > 0);
    const made = await env.client.post('/api/offices/1/appointments', {
      serviceId: 2,
      start: slot.start,
      name: 'Trần Văn Bình',
      phone: '0987654321',
    });
    expect(made.status).toBe(201);

    await page.getByRole('button', { name: /Đã đặt lịch hẹn/ }).click();
    const field = page.getByRole('textbox', { name: 'Mã đặt lịch' });
    await field.waitFor();
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    // Too early: the server's message with the time to come back, no ticket.
    await page.keyboard.type(`${env.url}/a/${made.body.token}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.k-message').textContent()).toContain('Vui lòng quay lại từ');
    expect(await page.locator('.slip').count()).toBe(0);

    // Ten minutes before the slot: on time, a booking ticket.
    env.clock.set(Date.parse(slot.start) - 10 * 60_000);
    await field.fill('');
    await page.keyboard.type(`${env.url}/a/${made.body.token}`);
    await page.keyboard.press('Enter');
    const slip = page.locator('.slip');
    await slip.waitFor();
    expect(await slip.locator('.slip-number').textContent()).toMatch(/^B\d{3}$/);
    await page.getByRole('heading', { name: 'Đã nhận lịch hẹn của bạn' }).waitFor();
    expect(await slip.textContent()).toContain('Khách có lịch hẹn');
    const after = await env.client.get(`/api/appointments/${made.body.token}`);
    expect(after.body.state).toBe('checked_in');
    expect(await slip.getAttribute('data-token')).toBe(after.body.ticketToken);
    await slip.locator('.slip-qr svg').waitFor();
    await screenshot(page, 'kiosk-1080x1920-checked-in');

    // The same code again: refused, shown, no second ticket.
    await page.getByRole('button', { name: 'Xong' }).click();
    await page.getByRole('button', { name: /Đã đặt lịch hẹn/ }).click();
    await field.waitFor();
    for (const ch of made.body.code as string) await page.getByRole('button', { name: ch, exact: true }).click();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => page.locator('.k-message').textContent()).toContain('đã được xác nhận');
    expect(await page.locator('.slip').count()).toBe(0);
  });
});

/** A Y4M video (what Chromium's fake camera plays) of a QR code on white, 640x480. */
function qrVideo(text: string, path: string): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const w = 640;
  const h = 480;
  const scale = Math.floor(400 / (size + 8));
  const x0 = Math.floor((w - size * scale) / 2);
  const y0 = Math.floor((h - size * scale) / 2);
  const y = Buffer.alloc(w * h, 255);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++)
        y.fill(0, (y0 + r * scale + dy) * w + x0 + c * scale, (y0 + r * scale + dy) * w + x0 + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return path;
}

describe('kiosk check-in by camera', () => {
  let camera: Browser | undefined;
  afterAll(async () => {
    await camera?.close();
  });

  it('reads the booking QR shown to the camera (jsQR where there is no BarcodeDetector)', { timeout: 120_000 }, async () => {
    const slots = await env.client.get('/api/offices/1/services/3/slots?days=2');
    const slot = slots.body.find((s: { remaining: number }) => s.remaining > 0);
    const made = await env.client.post('/api/offices/1/appointments', {
      serviceId: 3,
      start: slot.start,
      name: 'Lê Thị Hoa',
      phone: '0903123456',
    });
    expect(made.status).toBe(201);
    env.clock.set(Date.parse(slot.start) - 5 * 60_000);

    const video = qrVideo(`${env.url}/a/${made.body.token}`, join(screensDir, '..', 'kiosk-camera-qr.y4m'));
    camera = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        ...chromiumArgs,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const page = await pairedKiosk(1080, 1920, 'ticketSeconds=120', camera);
    await page.getByRole('button', { name: /Đã đặt lịch hẹn/ }).click();
    await page.getByRole('button', { name: 'Quét mã bằng camera' }).click();
    await page.locator('.k-video video').waitFor();
    const slip = page.locator('.slip');
    await slip.waitFor({ timeout: 20_000 });
    expect(await slip.locator('.slip-number').textContent()).toMatch(/^C\d{3}$/);
    const after = await env.client.get(`/api/appointments/${made.body.token}`);
    expect(after.body.state).toBe('checked_in');
  });
});
