// The resident's dossier page (/h/<token>) on a phone: state, dates, the papers asked for, the
// apology with its new date, then the ready result; it follows the changes live (the `dossier`
// push: nothing here wakes or reloads the page). No name and no phone on it. The lookup form (/h)
// finds a dossier by its code and the phone's last four digits. Axe and screenshots.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { at, counterIdOf, openCounter, serviceIdOf, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('the dossier page', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('shows the state and dates, the papers asked for, the apology and the ready result; nothing personal', {
    timeout: 120_000,
  }, async () => {
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    const counter = await counterIdOf(srv.db, 4);
    await openCounter(officer, counter);
    const t = await officer.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(srv.db, 'H') });
    expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
    const d = await officer.post(`/api/counters/${counter}/dossiers`, { applicantName: 'Phạm Thị Riêng', phone: '0912345679' });
    expect(d.status).toBe(201);

    const page = await newPage({ width: 390, height: 844 });
    pages.push(page);
    await page.goto(`${srv.url}/h/${d.body.token}`);
    await page.getByRole('heading', { level: 1, name: 'Đăng ký biến động đất đai, tài sản gắn liền với đất' }).waitFor();
    expect(await page.locator('.dossier-code').textContent()).toBe(d.body.code);
    expect(await page.getByRole('status').textContent()).toBe('Đã tiếp nhận');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.content()).not.toMatch(/Phạm Thị Riêng|0912345679/);
    await audit(page, 'dossier received');
    await page.getByText('Tự động cập nhật').waitFor();

    const move = (to: string, reason?: string) =>
      officer.post(`/api/dossiers/${d.body.id}/transition`, reason ? { to, reason } : { to });
    expect((await move('supplement_requested', 'Bản đồ địa chính thửa đất (bản chính)')).status).toBe(200);
    await page.getByText('Bản đồ địa chính thửa đất (bản chính)').waitFor();
    expect((await move('processing')).status).toBe(200);
    const apology = await officer.post(`/api/dossiers/${d.body.id}/apology`, {
      reason: 'Chờ ý kiến của Văn phòng đăng ký đất đai',
      newDueAt: new Date(at('2026-12-18', 17)).toISOString(),
    });
    expect(apology.status).toBe(201);
    await page.getByRole('heading', { name: 'Thư xin lỗi của cơ quan' }).waitFor();
    await page.getByText('Chờ ý kiến của Văn phòng đăng ký đất đai', { exact: false }).waitFor();
    await audit(page, 'dossier with an apology');
    await screenshot(page, 'dossier-apology-390');

    expect((await move('result_ready')).status).toBe(200);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Đã có kết quả');
    await page.getByText('Mang giấy tiếp nhận', { exact: false }).waitFor();
    await screenshot(page, 'dossier-ready-390');
    // An unknown token says so.
    await page.goto(`${srv.url}/h/AAAAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('heading', { name: 'Không tìm thấy hồ sơ này.' }).waitFor();

    // A lost receipt: the code and the phone's last four digits find it again; wrong digits do not.
    await page.getByRole('link', { name: 'Tra cứu hồ sơ khác' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await page.getByLabel('Mã hồ sơ').fill(d.body.code.toLowerCase());
    await page.getByLabel('4 số cuối số điện thoại').fill('0000');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('alert').getByText('Không tìm thấy hồ sơ với mã và số điện thoại này', { exact: false }).waitFor();
    await audit(page, 'lookup with an error');
    await screenshot(page, 'dossier-lookup-390');
    await page.getByLabel('4 số cuối số điện thoại').fill('5679');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL(`${srv.url}/h/${d.body.token}`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Đã có kết quả');
  });

  it("the kiosk turns the receipt's QR into a result-return ticket once the result is ready", { timeout: 120_000 }, async () => {
    const officer = srv.client.fresh();
    await officer.login('canbo2');
    const counter = await counterIdOf(srv.db, 2);
    await openCounter(officer, counter);
    const t = await officer.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(srv.db, 'E') });
    expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
    const d = await officer.post(`/api/counters/${counter}/dossiers`, { applicantName: 'Lê Văn Nhận', phone: '0912345670' });
    expect(d.status).toBe(201);

    const admin = srv.client.fresh();
    await admin.login('admin');
    const made = await admin.post('/api/offices/1/devices', { kind: 'kiosk', name: 'Kiosk trả kết quả' });
    const kiosk = await newPage({ width: 1080, height: 1920 });
    pages.push(kiosk);
    await kiosk.goto(made.body.pairUrl.replace(/^https?:\/\/[^/]+/, srv.url));
    await kiosk.getByRole('button', { name: /Ghép nối thiết bị này/ }).click();
    await kiosk.waitForURL((u) => u.pathname === '/kiosk');
    await kiosk.getByRole('button', { name: /Đã đặt lịch hẹn/ }).click();
    const field = kiosk.getByRole('textbox', { name: 'Mã đặt lịch' });
    await field.waitFor();
    // Not ready yet: said so, no ticket.
    await kiosk.keyboard.type(`${srv.url}/h/${d.body.token}`);
    await kiosk.keyboard.press('Enter');
    await expect.poll(() => kiosk.locator('.k-message').textContent()).toContain('chưa có kết quả');
    expect(await kiosk.locator('.slip').count()).toBe(0);
    // Ready: the scan gives a ticket in the result-return line.
    expect((await officer.post(`/api/dossiers/${d.body.id}/transition`, { to: 'result_ready' })).status).toBe(200);
    await field.fill('');
    await kiosk.keyboard.type(`${srv.url}/h/${d.body.token}`);
    await kiosk.keyboard.press('Enter');
    const slip = kiosk.locator('.slip');
    await slip.waitFor();
    expect(await slip.locator('.slip-number').textContent()).toMatch(/^Z\d{3}$/);
    await audit(kiosk, 'kiosk pickup slip');
    await screenshot(kiosk, 'kiosk-pickup');
  });
});
