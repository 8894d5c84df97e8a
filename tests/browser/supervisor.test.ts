// The supervisor screens and the phone survey in Chromium against a real server: refused
// without a session (linking to /counter); a resident answers the phone survey on the ticket
// page (visit as measured, overall level, SIPAS factors, trips, comment); the supervisor sees
// the office live (counter state, the longest wait, an alert past the target), answers the
// feedback in the inbox, and the resident reads the answer. axe audits and screenshots.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { STAFF_PASSWORD, sqlGet, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('supervisor screens and the phone survey', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('without a session: says so and links to /counter', async () => {
    const page = await newPage({ width: 1366, height: 768 });
    pages.push(page);
    await page.goto(`${srv.url}/counter/supervisor`);
    await page.getByText('Vui lòng đăng nhập bằng tài khoản giám sát.').waitFor();
    expect(await page.getByRole('link', { name: 'Đăng nhập tại màn hình quầy' }).getAttribute('href')).toBe('/counter');
    await audit(page, 'signed out');
  });

  it('survey on the phone → live office → inbox answer → the resident reads it', { timeout: 240_000 }, async () => {
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    const served = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    const waiting = await officer.post('/api/offices/1/tickets', { serviceId: 2 });
    srv.clock.advanceMinutes(12);
    expect((await officer.post('/api/counters/1/call', { ticketId: served.body.id, reason: 'Kiểm thử' })).status).toBe(200);
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    srv.clock.advanceMinutes(8);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    const third = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect((await officer.post('/api/counters/1/call', { ticketId: third.body.id, reason: 'Kiểm thử' })).status).toBe(200);
    srv.clock.advanceMinutes(10);

    // The resident's phone: the visit as measured, then the survey.
    const phone = await newPage({ width: 390, height: 844 });
    pages.push(phone);
    await phone.goto(`${srv.url}/t/${served.body.token}`);
    await phone.getByText('Bạn đã chờ 12 phút, được phục vụ trong 8 phút tại quầy 1.').waitFor();
    await phone.getByRole('group', { name: 'Nhìn chung, bạn hài lòng với lần giải quyết thủ tục này thế nào?' }).waitFor();
    for (const factor of [
      'Tiếp cận dịch vụ',
      'Thủ tục hành chính',
      'Công chức giải quyết',
      'Kết quả giải quyết',
      'Tiếp nhận và xử lý phản ánh, kiến nghị',
    ]) {
      await phone.getByRole('group', { name: factor }).waitFor();
    }
    await audit(phone, 'survey form');
    await screenshot(phone, 'survey-form');
    // Sending without the overall level is refused on the page.
    await phone.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await phone.getByRole('alert').getByText('Vui lòng chọn mức hài lòng chung.').waitFor();
    await phone
      .getByRole('group', { name: 'Nhìn chung, bạn hài lòng với lần giải quyết thủ tục này thế nào?' })
      .getByText('Không hài lòng', { exact: true })
      .click();
    await phone.getByRole('group', { name: 'Thủ tục hành chính' }).getByText('Rất không hài lòng', { exact: true }).click();
    await phone.getByRole('group', { name: 'Công chức giải quyết' }).getByText('Hài lòng', { exact: true }).click();
    await phone.getByLabel('2 lần trở lên').check();
    await phone.getByLabel('Góp ý của bạn (không bắt buộc)').fill('Phải đi lại nhiều lần vì thiếu hướng dẫn giấy tờ.');
    await phone.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await phone.getByRole('heading', { name: 'Cảm ơn bạn đã đánh giá!' }).waitFor();
    await phone.getByText('Bạn đã đánh giá: Không hài lòng.').waitFor();
    // Marks this page load, to prove later that the answer arrives without a reload.
    await phone.evaluate(() => {
      (window as unknown as { notReloaded?: boolean }).notReloaded = true;
    });
    await audit(phone, 'survey sent');
    const stored = await srv.client.fresh().get(`/api/tickets/${served.body.token}/survey`);
    expect(stored.body.rating).toMatchObject({
      level: 2,
      channel: 'phone',
      answers: { factors: { procedure: 1, officials: 4 }, trips: 2 },
      comment: 'Phải đi lại nhiều lần vì thiếu hướng dẫn giấy tờ.',
      feedback: { state: 'new' },
    });

    // The supervisor signs in on /counter, then watches the office live.
    const sup = await newPage({ width: 1440, height: 1000 });
    pages.push(sup);
    await sup.goto(`${srv.url}/counter`);
    await sup.locator('#login-username').fill('giamsat');
    await sup.locator('#login-password').fill(STAFF_PASSWORD);
    await sup.locator('#login-password').press('Enter');
    await sup.waitForURL((u) => u.pathname === '/counter');
    await sup.goto(`${srv.url}/counter/supervisor`);
    await sup.getByRole('tab', { name: 'Trực tiếp', selected: true }).waitFor();
    const counter1 = sup.locator('.sup-counter', { hasText: 'Quầy 1' });
    await counter1.waitFor();
    await expect(counter1.textContent()).resolves.toContain('Đang mở');
    await expect(counter1.textContent()).resolves.toContain('A002');
    // B001 has waited 30 minutes: past the 15-minute target.
    const alerts = sup.locator('.sup-alerts');
    await alerts.waitFor();
    await expect(alerts.textContent()).resolves.toContain(waiting.body.number);
    await expect(sup.locator('.sup-card', { hasText: 'Chờ lâu nhất' }).textContent()).resolves.toContain('30 phút');
    await audit(sup, 'live');
    await screenshot(sup, 'supervisor-live');

    // A finish is pushed to staff sockets (`counter` event): the screen follows without reloading,
    // sooner than its 15-second refresh.
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    await sup.locator('.sup-counter', { hasText: 'Quầy 1' }).getByText('Chưa gọi số').waitFor({ timeout: 10_000 });

    // The officer calls the next number and walks away without closing: the supervisor closes
    // the counter with a reason, and the called ticket goes back to the line.
    const called = await officer.post('/api/counters/1/call-next');
    expect(called.status).toBe(200);
    await sup.locator('.sup-counter', { hasText: 'Quầy 1' }).getByText(called.body.ticket.number).waitFor({ timeout: 10_000 });
    await sup.getByRole('button', { name: 'Đóng quầy 1', exact: true }).click();
    const reason = sup.getByLabel('Lý do đóng quầy 1');
    await expect.poll(() => reason.evaluate((e) => e === document.activeElement)).toBe(true);
    await reason.fill('Cán bộ đi công tác đột xuất');
    await audit(sup, 'close a counter: the reason');
    await screenshot(sup, 'supervisor-force-close');
    await sup.getByRole('button', { name: 'Xác nhận đóng' }).click();
    await sup.getByRole('status').filter({ hasText: 'Đã đóng quầy 1' }).waitFor();
    expect(await sup.locator('.sup-done').textContent()).toBe(`Đã đóng quầy 1. Trở lại hàng chờ: ${called.body.ticket.number}.`);
    await sup.locator('.sup-counter', { hasText: 'Quầy 1' }).locator('.sup-badge.closed').waitFor();
    const back = await sqlGet(srv.db, 'select state, counter_id from tickets where id = ?', called.body.ticket.id);
    expect(back).toEqual({ state: 'waiting', counter_id: null });

    await sup.getByRole('tab', { name: 'Phản ánh, kiến nghị' }).click();
    const item = sup.locator('.sup-fb', { hasText: 'Phải đi lại nhiều lần' });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Không hài lòng');
    await expect(item.textContent()).resolves.toContain('A001');
    await audit(sup, 'inbox');
    await screenshot(sup, 'supervisor-inbox');
    await item.getByLabel('Trả lời công dân').fill('Trung tâm xin lỗi anh/chị; danh mục giấy tờ đã được niêm yết tại quầy 1.');
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await sup.locator('.sup-fb.answered').waitFor();
    await sup.getByRole('button', { name: 'Đóng phản ánh' }).waitFor();

    // Pushed to the resident's open ticket page (`feedback:answered`): no reload.
    expect(await phone.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await phone.getByText('Trả lời của Trung tâm:').waitFor({ timeout: 10_000 });
    expect(await phone.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await phone.getByText('Trung tâm xin lỗi anh/chị; danh mục giấy tờ đã được niêm yết tại quầy 1.').waitFor();
    await audit(phone, 'survey answered');
    await screenshot(phone, 'survey-answered');

    await sup.getByRole('button', { name: 'Đóng phản ánh' }).click();
    await sup.getByText('Không có phản ánh nào.').waitFor();

    // English.
    await sup.getByRole('button', { name: 'English' }).click();
    await sup.getByRole('tab', { name: 'Feedback' }).waitFor();
    expect(await sup.evaluate(() => document.documentElement.lang)).toBe('en');
    await sup.getByRole('tab', { name: 'Live' }).click();
    await sup.getByText('Past the target wait (15 min)').first().waitFor();
    await audit(sup, 'live in English');
    await screenshot(sup, 'supervisor-live-en');
  });
});
