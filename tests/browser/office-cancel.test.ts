// A holiday added over bookings, in Chromium: the admin sees the bookings it hits before anything
// is cancelled, confirms, and the resident's booking page says why it was cancelled and offers
// to book again. Axe audits and screenshots of both.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, isoAt, phoneNo, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('a holiday over bookings', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('is confirmed by the admin with the list in view; the booking page tells the resident why', {
    timeout: 120_000,
  }, async () => {
    const booked = [];
    for (const [i, hour] of [
      [1, 10],
      [2, 14],
    ]) {
      const r = await srv.client.post('/api/offices/1/appointments', {
        serviceId: 1,
        start: isoAt('2026-12-02', hour!),
        name: `Nguyễn Thị Lan ${i}`,
        phone: phoneNo(i!),
      });
      expect(r.status).toBe(201);
      booked.push(r.body as { code: string; token: string });
    }

    const page = await newPage({ width: 1366, height: 900 });
    pages.push(page);
    await page.goto(`${srv.url}/counter`);
    await page.locator('#login-username').fill('admin');
    await page.locator('#login-password').fill(ADMIN_PASSWORD);
    await page.locator('#login-password').press('Enter');
    await page.waitForURL((u) => u.pathname === '/counter');
    await page.goto(`${srv.url}/counter/admin`);
    await page.getByRole('navigation').getByRole('link', { name: 'Giờ làm việc, ngày nghỉ' }).click();
    await page.getByLabel('Ngày', { exact: true }).fill('2026-12-02');
    await page.getByLabel('Tên ngày nghỉ').fill('Nghỉ bù');
    await page.getByRole('button', { name: 'Thêm ngày nghỉ' }).click();

    const region = page.getByRole('region', { name: 'Các lịch hẹn bị ảnh hưởng (2)' });
    await region.waitFor();
    for (const b of booked) await region.getByRole('cell', { name: b.code }).waitFor();
    // Nothing cancelled yet.
    expect((await srv.client.get(`/api/appointments/${booked[0]!.token}`)).body.state).toBe('booked');
    await audit(page, 'stranded bookings');
    await region.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-holiday-stranded');

    await region.getByRole('button', { name: 'Huỷ 2 lịch hẹn và lưu' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    expect((await srv.client.get(`/api/appointments/${booked[0]!.token}`)).body.state).toBe('cancelled');

    const resident = await newPage({ width: 390, height: 844 });
    pages.push(resident);
    await resident.goto(`${srv.url}/a/${booked[1]!.token}`);
    const note = resident.getByRole('note');
    await note.getByText('Trung tâm đã huỷ lịch hẹn này: ngày 02/12/2026 trung tâm nghỉ (Nghỉ bù).', { exact: false }).waitFor();
    expect(await note.getByRole('link', { name: 'Đặt lịch mới' }).getAttribute('href')).toBe('/book?office=1');
    await audit(resident, 'booking cancelled by the office');
    await screenshot(resident, 'booking-cancelled-by-office');
  });
});
