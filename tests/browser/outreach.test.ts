// The counter screen in outreach mode on a laptop (/counter/outreach?session=<id>): a booked
// resident is checked in by code, then the network is cut (the browser is set offline) and the
// officer records a visit: the screen says it is offline and that one action waits; when the
// network is back the action is sent by itself and applied once, and a second delivery of the
// same action (the same key) changes nothing. Axe and screenshots.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { outreachVisits } from '../../db/schema';
import { isoAt, testServer } from '../helpers';
import { axeAudit, chromiumArgs, describeViolations, newPage, screensDir, screenshot } from './browser';

const srv = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('outreach mode on the laptop', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('checks in by code, keeps working offline, applies the queued visit once', { timeout: 120_000 }, async () => {
    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const session = await sup.post('/api/offices/1/outreach', {
      placeName: 'Hội trường khu công nghiệp Thăng Long',
      address: 'Lô 45, Đông Anh',
      startsAt: isoAt('2026-11-30', 13, 30),
      endsAt: isoAt('2026-11-30', 16, 30),
      capacity: 30,
      serviceIds: [1, 2],
    });
    expect(session.status).toBe(201);
    const booked = await srv.client
      .fresh()
      .post(`/api/outreach/${session.body.id}/bookings`, { name: 'Trịnh Văn Công', phone: '0912555666', serviceId: 1 });
    expect(booked.status).toBe(201);

    const page = await newPage({ width: 1366, height: 768 });
    pages.push(page);
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    const [name, value] = officer.cookie.split('; ')[0]!.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: srv.url }]);
    const posted: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/visits') && posted.push(r));
    await page.goto(`${srv.url}/counter/outreach?session=${session.body.id}`);
    await page.getByText('Hội trường khu công nghiệp Thăng Long').waitFor();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Có mạng');

    // Check-in by the code, as a USB scanner types it.
    await page.getByLabel('Mã đăng ký (quét QR hoặc gõ)').fill(booked.body.code);
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await page.locator('.or-state.checked_in').waitFor();
    await audit(page, 'outreach online');

    // The session's display on a phone calls the checked-in resident by code, no name.
    const board = await newPage({ width: 390, height: 844 });
    pages.push(board);
    await board.goto(`${srv.url}/outreach/board?session=${session.body.id}`);
    await expect.poll(() => board.locator('.ob-code').textContent()).toBe(booked.body.code);
    expect(await board.content()).not.toMatch(/Trịnh Văn Công|0912555666/);
    await audit(board, 'outreach display');
    await screenshot(board, 'outreach-display-390');

    // The network drops: the visit is kept and the screen says so.
    await page.context().setOffline(true);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Mất mạng');
    await page.getByLabel('Người đã đăng ký').selectOption(booked.body.code);
    await page.getByLabel('Thủ tục').selectOption('1');
    await page.getByLabel('Đã nộp hồ sơ trực tuyến với sự hỗ trợ').check();
    await page.getByLabel('Mã hồ sơ trên Cổng dịch vụ công (nếu có)').fill('G01.123-261130-0042');
    await page.getByLabel('Đã kích hoạt tài khoản định danh điện tử').check();
    await page.getByRole('radio', { name: '5' }).check();
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('1 thao tác đang chờ gửi');
    await page.locator('.or-visits li.queued').waitFor();
    expect(await srv.db.select().from(outreachVisits)).toHaveLength(0);
    await audit(page, 'outreach offline');
    await screenshot(page, 'outreach-offline-1366');

    // Back online: sent by itself, applied once.
    await page.context().setOffline(false);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Đã gửi hết');
    await expect.poll(async () => (await srv.db.select().from(outreachVisits)).length).toBe(1);
    const visit = (await srv.db.select().from(outreachVisits))[0]!;
    expect(visit).toMatchObject({ filedOnline: true, eidSetUp: true, level: 5, portalCode: 'G01.123-261130-0042' });
    await page.locator('.or-visits li').filter({ hasText: 'đã gửi' }).waitFor();
    // Helped: the display moves on.
    await expect.poll(() => board.locator('.ob-code').textContent(), { timeout: 10_000 }).toBe('—');
    await board.getByText('Đã hỗ trợ 1 người').waitFor();
    await screenshot(page, 'outreach-sent-1366');

    // The same action delivered again (a retry whose first answer was lost): ignored.
    const sentOnce = posted.find((r) => r.failure() === null) ?? posted.at(-1)!;
    const body = sentOnce.postDataJSON() as { key: string };
    expect(body.key).toBe(visit.clientKey);
    const again = await officer.post(`/api/outreach/${session.body.id}/visits`, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: visit.id, duplicate: true });
    expect(await srv.db.select().from(outreachVisits)).toHaveLength(1);
  });

  it('a resident finds a session on the phone, books a place, sees the QR and can cancel', { timeout: 120_000 }, async () => {
    const page = await newPage({ width: 390, height: 844 });
    pages.push(page);
    await page.goto(`${srv.url}/outreach`);
    await page.getByRole('heading', { level: 1, name: 'Hỗ trợ dịch vụ công tại khu dân cư' }).waitFor();
    const card = page.locator('li.card').filter({ hasText: 'Hội trường khu công nghiệp Thăng Long' });
    await card.waitFor();
    await audit(page, 'outreach sessions');
    await card.getByRole('button', { name: 'Đăng ký tham dự' }).click();
    await card.getByLabel('Họ và tên').fill('Phùng Thị Hoa');
    await card.getByLabel('Số điện thoại di động').fill('0912 555 777');
    await card.getByLabel('Thủ tục cần hỗ trợ (không bắt buộc)').selectOption({ label: 'Đăng ký khai sinh' });
    await audit(page, 'outreach booking form');
    await screenshot(page, 'outreach-book-390');
    await card.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.waitForURL(/\/o\/[A-Za-z0-9_-]{24}$/);
    await page.getByRole('heading', { level: 1, name: 'Đăng ký của bạn' }).waitFor();
    await page.locator('.qr-svg svg').waitFor();
    expect(await page.getByRole('status').textContent()).toBe('Đã đăng ký');
    expect(await page.content()).not.toMatch(/Phùng Thị Hoa|0912555777/);
    await audit(page, 'outreach booking page');
    await screenshot(page, 'outreach-booking-390');
    // Moved to another session: same code, the new place shown.
    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const later = await sup.post('/api/offices/1/outreach', {
      placeName: 'Nhà văn hóa tổ dân phố 12',
      address: 'Ngõ 12 Vĩnh Phúc',
      startsAt: isoAt('2026-12-08', 8),
      endsAt: isoAt('2026-12-08', 11),
      capacity: 10,
      serviceIds: [1],
    });
    expect(later.status).toBe(201);
    await page.reload();
    await page.getByLabel('Đổi sang buổi khác').selectOption(String(later.body.id));
    await page.getByRole('button', { name: 'Đổi buổi' }).click();
    await page.getByText('Nhà văn hóa tổ dân phố 12, Ngõ 12 Vĩnh Phúc').waitFor();
    await audit(page, 'outreach booking moved');
    await page.getByRole('button', { name: 'Hủy đăng ký' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Đã hủy');
  });

  it('a supervisor schedules a session from the outreach tab and sees the report', { timeout: 120_000 }, async () => {
    const page = await newPage({ width: 1366, height: 900 });
    pages.push(page);
    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const [name, value] = sup.cookie.split('; ')[0]!.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: srv.url }]);
    await page.goto(`${srv.url}/counter/supervisor?tab=outreach`);
    await page.getByRole('heading', { name: 'Lên lịch buổi hỗ trợ' }).waitFor();
    await page.getByText('Người được hỗ trợ').waitFor();
    await page.getByLabel('Địa điểm').fill('Sảnh tòa nhà HH4 Linh Đàm');
    await page.getByLabel('Địa chỉ').fill('Khu đô thị Linh Đàm, Hoàng Mai');
    await page.getByLabel('Đăng ký khai sinh').check();
    await page.getByRole('button', { name: 'Lên lịch', exact: true }).click();
    await page.getByRole('status').getByText('Đã lên lịch.').waitFor();
    await page.locator('.sup-fb').filter({ hasText: 'Sảnh tòa nhà HH4 Linh Đàm' }).waitFor();
    await audit(page, 'supervisor outreach tab');
    await screenshot(page, 'outreach-supervisor-1366');
  });
});

/** A Y4M video (what Chromium's fake camera plays) of a QR code on white, 640x480 (as the kiosk's test makes it). */
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

describe('outreach check-in by the laptop camera', () => {
  let camera: Browser | undefined;
  afterAll(async () => {
    await camera?.close();
  });

  it('reads the booking QR shown to the camera and checks the resident in', { timeout: 120_000 }, async () => {
    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const session = await sup.post('/api/offices/1/outreach', {
      placeName: 'Sân chung cư Mỹ Đình 2',
      address: 'Mỹ Đình, Nam Từ Liêm',
      startsAt: isoAt('2026-11-30', 14),
      endsAt: isoAt('2026-11-30', 17),
      capacity: 5,
      serviceIds: [1],
    });
    const booked = await srv.client
      .fresh()
      .post(`/api/outreach/${session.body.id}/bookings`, { name: 'Đỗ Văn Quét', phone: '0912444555' });
    expect(booked.status).toBe(201);
    const video = qrVideo(booked.body.code, join(screensDir, '..', 'outreach-camera-qr.y4m'));
    camera = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        ...chromiumArgs,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const context = await camera.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    const [name, value] = officer.cookie.split('; ')[0]!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: srv.url }]);
    await page.goto(`${srv.url}/counter/outreach?session=${session.body.id}`);
    await page.getByRole('button', { name: 'Quét mã bằng camera' }).click();
    await page.locator('.or-state.checked_in').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã gửi hết');
  });
});
