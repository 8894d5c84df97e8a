// The feedback channel on a phone: /feedback sends feedback to a centre (the form's own checks,
// then the tracking page /feedback/<token>), the supervisor answers it from the inbox on a
// desktop and the sender's page shows the answer live (the `feedback` push: nothing here reloads
// it); the published answers list it without the name or phone. English second. Axe and
// screenshots.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('the feedback channel', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('sends, tracks, gets the answer live, and publishes it without name or phone', { timeout: 120_000 }, async () => {
    const page = await newPage({ width: 390, height: 844 });
    pages.push(page);
    await page.goto(`${srv.url}/feedback?office=1`);
    await page.getByRole('heading', { level: 1, name: 'Phản ánh, kiến nghị' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    // ?office=1 chooses the centre, also once the list of centres has arrived.
    await expect.poll(() => page.getByLabel('Gửi đến').evaluate((s: HTMLSelectElement) => s.value)).toBe('1');
    await expect.poll(() => page.getByLabel('Gửi đến').locator('option:checked').textContent()).toMatch(/Ba Đình/);
    await page.getByText('Chưa có câu trả lời nào được công khai.').waitFor();
    await audit(page, 'feedback form');
    await page.getByLabel('Lĩnh vực').selectOption('waiting');
    await page.getByLabel('Nội dung', { exact: true }).fill('Buổi sáng thứ Hai chờ gần một giờ ở quầy đất đai.');
    await page.getByLabel('Họ và tên (không bắt buộc)').fill('Hoàng Thị Mai');
    await page.getByLabel('Số điện thoại (không bắt buộc)').fill('09123');
    await page.getByLabel(/Tôi đồng ý công khai/).check();
    await screenshot(page, 'feedback-form-390');
    // A bad phone: the server's message, in Vietnamese.
    await page.getByRole('button', { name: 'Gửi' }).click();
    await page.getByRole('alert').getByText('Số điện thoại di động không hợp lệ', { exact: false }).waitFor();
    await audit(page, 'feedback form with an error');
    await page.getByLabel('Số điện thoại (không bắt buộc)').fill('0912 345 688');
    await page.getByRole('button', { name: 'Gửi' }).click();
    await page.waitForURL(/\/feedback\/[A-Za-z0-9_-]{24}$/);
    await page.getByRole('heading', { level: 1, name: 'Theo dõi phản ánh' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('Đã tiếp nhận');
    expect(await page.locator('.fb-code').textContent()).toMatch(/^PA-/);
    expect(await page.content()).not.toMatch(/Hoàng Thị Mai|0912/);
    await page.getByText('Tự động cập nhật').waitFor();
    await audit(page, 'tracking page');
    await screenshot(page, 'feedback-track-390');

    // The supervisor answers from the inbox.
    const desk = await newPage({ width: 1366, height: 900 });
    pages.push(desk);
    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const [name, value] = sup.cookie.split('; ')[0]!.split('=') as [string, string];
    await desk.context().addCookies([{ name, value, url: srv.url }]);
    await desk.goto(`${srv.url}/counter/supervisor?tab=inbox`);
    const item = desk.locator('.sup-fb').filter({ hasText: 'chờ gần một giờ' });
    await item.waitFor();
    // Only the name shows to the supervisor, the phone masked.
    expect(await item.textContent()).not.toContain('0912345688');
    await item.getByRole('button', { name: 'Nhận xử lý' }).click();
    await item.getByText('Đang xử lý').first().waitFor();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Đang xử lý');
    await item
      .getByLabel('Trả lời công dân')
      .fill('Từ tuần sau trung tâm mở thêm một quầy đất đai vào sáng thứ Hai. Xin cảm ơn chị Hoàng Thị Mai.');
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await audit(desk, 'supervisor inbox');
    await screenshot(desk, 'feedback-inbox-1366');

    // The sender's page shows it as it is given.
    await page.getByRole('heading', { name: 'Câu trả lời' }).waitFor();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Đã trả lời');
    await page.getByText('mở thêm một quầy đất đai', { exact: false }).waitFor();
    await audit(page, 'tracking page answered');
    await screenshot(page, 'feedback-answered-390');

    // Published, without the name or phone; in English on request.
    await page.goto(`${srv.url}/feedback?office=1&lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Feedback and proposals' }).waitFor();
    const published = page.locator('.fb-answers li');
    await published.first().waitFor();
    expect(await published.count()).toBe(1);
    const text = (await published.textContent()) ?? '';
    expect(text).toContain('mở thêm một quầy đất đai');
    expect(text).not.toMatch(/Hoàng Thị Mai|0912/);
    expect(await page.getByLabel('Send to').locator('option:checked').textContent()).toMatch(/Ba Đình/);
    await audit(page, 'published answers (English)');
    await published.first().scrollIntoViewIfNeeded();
    await screenshot(page, 'feedback-answers-390-en');

    // The open statistics count it by centre and category, nothing personal.
    await page.goto(`${srv.url}/open-data?lang=vi`);
    const table = page.locator('section[aria-labelledby="od-feedback"] table');
    await page.getByRole('heading', { name: 'Phản ánh, kiến nghị theo trung tâm và lĩnh vực' }).waitFor();
    await page.locator('input[type=date]').first().fill('2026-11-30');
    await page.locator('input[type=date]').nth(1).fill('2026-11-30');
    await table.getByRole('cell', { name: 'Thời gian chờ' }).waitFor();
    expect(await table.textContent()).not.toMatch(/Hoàng Thị Mai|0912/);
    await audit(page, 'open statistics with feedback');
  });
});
