// The admin screens in Chromium against a real server: refused without a session or for a
// supervisor (with the way to /counter), then an admin signs in on /counter, opens
// /counter/admin, creates a service (after an inline error), edits opening hours, pairs a
// device and sees its link, switches to English; axe audits and screenshots at 1366x768 and
// 1920x1080.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, STAFF_PASSWORD, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();
const api = srv.client.fresh();
await api.login('admin');

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${srv.url}/counter`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-password').press('Enter');
  await page.waitForURL((u) => u.pathname === '/counter');
}

describe('admin screens', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('without a session: says so and links to the sign-in on /counter, which comes back', { timeout: 90_000 }, async () => {
    const page = await newPage({ width: 1366, height: 768 });
    pages.push(page);
    await page.goto(`${srv.url}/counter/admin`);
    await page.getByRole('heading', { name: 'Cần đăng nhập' }).waitFor();
    expect(await page.getByRole('link', { name: 'Đăng nhập tại màn hình quầy' }).getAttribute('href')).toBe(
      '/counter/login?next=/counter/admin',
    );
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await audit(page, 'signed out');
    await screenshot(page, 'admin-signed-out');
    // The link leads to the counter's sign-in, which comes back here once signed in.
    await page.getByRole('link', { name: 'Đăng nhập tại màn hình quầy' }).click();
    await page.locator('#login-username').fill('admin');
    await page.locator('#login-password').fill(ADMIN_PASSWORD);
    await page.locator('#login-password').press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Cơ quan và cấu hình' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/counter/admin');
  });

  it('a supervisor is told the screens are for administrators', async () => {
    const page = await newPage({ width: 1366, height: 768 });
    pages.push(page);
    await signIn(page, 'giamsat', STAFF_PASSWORD);
    await page.goto(`${srv.url}/counter/admin`);
    await page.getByRole('heading', { name: 'Không có quyền quản trị' }).waitFor();
    await expect(page.getByText('giamsat').first().isVisible()).resolves.toBe(true);
    await audit(page, 'not an admin');
  });

  it('an admin creates a service, edits hours, pairs a device, in Vietnamese then English', { timeout: 180_000 }, async () => {
    const page = await newPage({ width: 1366, height: 768 });
    pages.push(page);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${srv.url}/counter/admin`);
    await page.getByRole('heading', { level: 1, name: 'Cơ quan và cấu hình' }).waitFor();
    await page.getByLabel('Số lượt ưu tiên liên tiếp tối đa').waitFor();
    expect(await page.getByLabel('Số lượt ưu tiên liên tiếp tối đa').inputValue()).toBe('2');
    await audit(page, 'office and settings');
    await screenshot(page, 'admin-office-1366');

    // A settings change, saved and read back by the API.
    await page.getByLabel('Số lượt ưu tiên liên tiếp tối đa').fill('1');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).nth(1).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    expect((await api.get('/api/admin/offices/1')).body.settings.fairness.maxPriorityInRow).toBe(1);

    // Services: a taken prefix is refused next to the field; a free one creates the service.
    await page.getByRole('navigation').getByRole('link', { name: 'Dịch vụ (thủ tục)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dịch vụ (thủ tục)' }).waitFor();
    await page.getByRole('button', { name: 'Thêm dịch vụ' }).click();
    const editor = page.locator('form.adm-editor');
    await editor.getByLabel('Tên').fill('Cấp phiếu lý lịch tư pháp');
    await editor.getByLabel('Mã thủ tục').fill('2.000908');
    await editor.getByLabel('Ký hiệu số').fill('a');
    await editor.getByLabel('Thời gian xử lý trung bình (phút)').fill('12');
    await editor.getByLabel('Thời hạn giải quyết (ngày làm việc)').fill('10');
    await editor.getByRole('button', { name: 'Lưu', exact: true }).click();
    const prefixError = editor.locator('.adm-field', { has: page.getByLabel('Ký hiệu số') }).locator('.adm-error');
    await prefixError.waitFor();
    expect(await prefixError.textContent()).toContain('Ký hiệu số này đã được dịch vụ khác sử dụng');
    expect(await editor.getByLabel('Ký hiệu số').getAttribute('aria-invalid')).toBe('true');
    await editor.getByRole('alert').waitFor();
    await audit(page, 'service editor with an error');
    await screenshot(page, 'admin-service-error-1366');
    await editor.getByLabel('Ký hiệu số').fill('s');
    await editor.getByRole('button', { name: 'Lưu', exact: true }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Cấp phiếu lý lịch tư pháp', exact: true }).waitFor();
    const created = (await api.get('/api/admin/offices/1/services')).body.find(
      (s: { name: string }) => s.name === 'Cấp phiếu lý lịch tư pháp',
    );
    expect(created).toMatchObject({
      prefix: 'S',
      code: '2.000908',
      avgServiceMinutes: 12,
      processingDays: 10,
      active: true,
      bookable: true,
    });
    await audit(page, 'services');

    // An existing service's editor: Cancel closes it; Delete asks, naming the service, then
    // deletes it.
    await page.getByRole('button', { name: 'Sửa Cấp phiếu lý lịch tư pháp' }).click();
    await page.locator('form.adm-editor').getByRole('button', { name: 'Huỷ' }).click();
    await page.locator('form.adm-editor').waitFor({ state: 'detached' });
    const doomed = 'Cấp giấy phép xây dựng nhà ở riêng lẻ';
    await page.getByRole('button', { name: `Sửa ${doomed}` }).click();
    const editing = page.locator('form.adm-editor');
    await editing.getByRole('button', { name: 'Xoá' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-service-edit-1366');
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await editing.getByRole('button', { name: 'Xoá' }).click();
    await editing.waitFor({ state: 'detached' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(doomed);
    await page.getByRole('cell', { name: doomed, exact: true }).waitFor({ state: 'detached' });
    const left = (await api.get('/api/admin/offices/1/services')).body as { name: string }[];
    expect(left.map((s) => s.name)).not.toContain(doomed);
    expect(left.map((s) => s.name)).toContain('Cấp phiếu lý lịch tư pháp');

    // Hours: Saturday afternoon 13:30–16:00, through the keyboard-usable time inputs.
    await page.getByRole('navigation').getByRole('link', { name: 'Giờ làm việc, ngày nghỉ' }).click();
    await page.getByLabel('Thứ Bảy, Buổi chiều: Mở').fill('13:30');
    await page.getByLabel('Thứ Bảy, Buổi chiều: Đóng').fill('16:00');
    await page.getByRole('button', { name: 'Lưu giờ làm việc' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    const hours = (await api.get('/api/admin/offices/1')).body.hours;
    expect(hours).toContainEqual({ weekday: 6, opensAt: 810, closesAt: 960 });
    expect(hours).toContainEqual({ weekday: 6, opensAt: 450, closesAt: 690 });
    await audit(page, 'hours');
    await screenshot(page, 'admin-hours-1366');

    // Devices: a kiosk, and its one-time pairing link with its QR code.
    await page.getByRole('navigation').getByRole('link', { name: 'Thiết bị' }).click();
    await page.getByLabel('Loại').selectOption('kiosk');
    await page.getByLabel('Tên', { exact: true }).fill('Kiosk cửa phụ');
    await page.getByRole('button', { name: 'Tạo liên kết ghép nối', exact: true }).click();
    const link = page.getByTestId('pair-url');
    await link.waitFor();
    const url = (await link.textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${srv.url}/pair/[A-Za-z0-9_-]{20,}$`));
    await page.locator('.adm-qr svg').waitFor();
    await page.getByRole('cell', { name: 'Kiosk cửa phụ', exact: true }).waitFor();
    await audit(page, 'devices with a pairing link');
    await screenshot(page, 'admin-devices-1366');
    // The link pairs a kiosk once.
    const paired = await fetch(url, { method: 'POST', redirect: 'manual' });
    expect(paired.status).toBe(303);
    const kiosk = srv.client.fresh();
    kiosk.cookie = (paired.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await kiosk.post('/api/offices/1/tickets', { serviceId: created.id })).body.number).toBe('S001');

    // The audit log shows what was just done.
    await page.getByRole('navigation').getByRole('link', { name: 'Nhật ký thay đổi' }).click();
    await page
      .getByRole('cell', { name: /Tạo thiết bị/ })
      .first()
      .waitFor();
    await audit(page, 'audit log');
    await screenshot(page, 'admin-audit-1366');

    // English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('navigation').getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
    await audit(page, 'devices in English');
    await screenshot(page, 'admin-devices-en-1366');
  });

  it('fits a 1920x1080 screen: counters and staff', { timeout: 90_000 }, async () => {
    const page = await newPage({ width: 1920, height: 1080 });
    pages.push(page);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${srv.url}/counter/admin/counters`);
    await page.getByRole('heading', { level: 1, name: 'Quầy' }).waitFor();
    await page.getByRole('button', { name: 'Sửa quầy 4' }).click();
    await page.getByRole('heading', { name: 'Sửa quầy 4' }).waitFor();
    await audit(page, 'counter editor');
    await screenshot(page, 'admin-counter-editor-1920');
    // Keyboard: Escape closes the editor and gives focus back to the button that opened it;
    // Enter on that button opens it again, focused on its heading, Tab reaches its first field.
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Sửa quầy 4' }).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Sửa quầy 4');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sửa quầy 4', level: 3 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H3');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('4');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation').getByRole('link', { name: 'Cán bộ' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Cán bộ' }).waitFor();
    await page.getByRole('cell', { name: 'Nguyễn Văn An', exact: true }).waitFor();
    await audit(page, 'staff');
    await screenshot(page, 'admin-staff-1920');
  });
});
