// Honest estimates on the screens, in Chromium against a real server: the lobby display shows
// each line's wait as the forecast's range ("15–25 phút"), and the supervisor's staffing planner
// shows a coming day's plan per hour beside Erlang C, with a what-if. axe audits and screenshots.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { refreshForecast } from '../../server/estimates/forecasts';
import { issueTicket } from '../../server/tickets/store';
import { addDays, localDay, zonedTime } from '../../server/time';
import { STAFF_PASSWORD, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe('estimates on the screens', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('the display shows the range of each line’s wait', { timeout: 120_000 }, async () => {
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await officer.post('/api/offices/1/tickets', { serviceId: 1 })).status).toBe(201);
    await refreshForecast(srv.db, 1, srv.clock.now(), { force: true });
    const list = (await officer.get('/api/offices/1/services')).body as {
      id: number;
      etaMinutes: number;
      etaLowMinutes: number;
      etaHighMinutes: number;
    }[];
    const a = list.find((s) => s.id === 1)!;
    expect(a.etaHighMinutes).toBeGreaterThan(a.etaLowMinutes);
    const tv = await newPage({ width: 1920, height: 1080 });
    pages.push(tv);
    await tv.goto(`${srv.url}/display?office=1`);
    const row = tv.locator('tr', { hasText: 'Đăng ký khai sinh' }).first();
    await row.waitFor();
    await expect
      .poll(async () => await row.textContent(), { timeout: 15_000 })
      .toContain(`${a.etaLowMinutes}–${a.etaHighMinutes} phút`);
    await screenshot(tv, 'estimate-range-display');
    await audit(tv, 'display with ranges');
  });

  it('the planner shows a plan per hour with Erlang C, and a what-if', { timeout: 120_000 }, async () => {
    // The same weekday a week before the day planned (a week from today): a busy morning and afternoon.
    const tz = 'Asia/Ho_Chi_Minh';
    const now = srv.clock.now();
    // History on the server's today; the screen is asked for the same weekday a week later.
    const lastWeek = localDay(now, tz);
    for (let i = 0; i < 120; i++) {
      const minute = i < 80 ? 7 * 60 + 35 + i * 2.5 : 13 * 60 + 35 + (i - 80) * 4;
      srv.clock.set(zonedTime(lastWeek, Math.floor(minute), tz) - 0);
      expect(
        (await issueTicket(srv.deps, { officeId: 1, serviceId: 1 + (i % 7), priority: i % 9 === 0 ? 'elderly' : null })).ok,
      ).toBe(true);
    }
    srv.clock.set(now);
    const sup = await newPage({ width: 1440, height: 1000 });
    pages.push(sup);
    await sup.goto(`${srv.url}/counter`);
    await sup.locator('#login-username').fill('giamsat');
    await sup.locator('#login-password').fill(STAFF_PASSWORD);
    await sup.locator('#login-password').press('Enter');
    await sup.waitForURL((u) => u.pathname === '/counter');
    await sup.goto(`${srv.url}/counter/supervisor?tab=planner`);
    await sup.getByRole('tab', { name: 'Kế hoạch quầy', selected: true }).waitFor();
    await sup.locator('table.sup-plan').waitFor({ timeout: 30_000 });
    await sup.locator('#pl-day').fill(addDays(lastWeek, 7));
    await sup.getByRole('button', { name: 'Lập kế hoạch' }).click();
    await sup.getByText('Dự báo từ 1 ngày cùng thứ của các tuần trước và 0 lịch hẹn đã đặt.').waitFor({ timeout: 30_000 });
    const table = sup.locator('table.sup-plan');
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(4);
    await expect(sup.locator('#pl-heading').textContent()).resolves.toBe('Kế hoạch bố trí quầy');
    await screenshot(sup, 'planner');
    await audit(sup, 'planner');
    // What if counter 1 closes from 10:00: it is not planned after.
    await sup.locator('#pl-close').selectOption({ index: 1 });
    await sup.locator('#pl-from').fill('10');
    await sup.getByRole('button', { name: 'Lập kế hoạch' }).click();
    await sup.getByRole('button', { name: 'Lập kế hoạch' }).waitFor();
    const ten = sup.locator('table.sup-plan tbody tr', { hasText: '10:00' });
    await expect.poll(async () => (await ten.locator('td').nth(2).textContent())?.split(', ').includes('1')).toBe(false);
    await screenshot(sup, 'planner-what-if');
  });
});
