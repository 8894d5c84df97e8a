// The rating pad end to end in Chromium against a real server: a pad paired to counter 1 idles
// with the office's name; the officer finishes a ticket at counter 1; the pad shows that number
// and the five faces; a tap thanks the resident; the supervisor's report counts the rating, and
// the XLSX download (read back with exceljs) has the same numbers. axe audits and screenshots.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { offices } from '../../db/schema';
import { STAFF_PASSWORD, testServer } from '../helpers';
import { simulateDay, staffAllCounters } from '../reports/simulate';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const srv = await testServer();
const OFFICE = 'Trung tâm Phục vụ hành chính công phường Ba Đình';
const DAY = '2026-11-30';

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

async function signIn(page: Page) {
  await page.goto(`${srv.url}/counter`);
  await page.locator('#login-username').fill('giamsat');
  await page.locator('#login-password').fill(STAFF_PASSWORD);
  await page.locator('#login-password').press('Enter');
  await page.waitForURL((u) => u.pathname === '/counter');
}

describe('rating pad → supervisor report', () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('finish at the counter, the pad shows it, a tap is counted in the report and the XLSX', { timeout: 180_000 }, async () => {
    const admin = srv.client.fresh();
    await admin.login('admin');
    const made = await admin.post('/api/offices/1/devices', { kind: 'pad', name: 'Bảng đánh giá quầy 1', counterId: 1 });
    expect(made.status).toBe(201);

    // The tablet opens its pairing link once and lands on its screen, idle.
    const pad = await newPage({ width: 1280, height: 800 });
    pages.push(pad);
    await pad.goto(made.body.pairUrl.replace(/^https?:\/\/[^/]+/, srv.url));
    await audit(pad, 'pairing page');
    await screenshot(pad, 'pad-pairing');
    await pad.getByRole('button', { name: /Ghép nối thiết bị này/ }).click();
    await pad.waitForURL((u) => u.pathname === '/counter/pad');
    await pad.getByRole('heading', { name: OFFICE }).waitFor();
    await pad.getByText('Quầy 1', { exact: true }).waitFor();
    expect(await pad.evaluate(() => document.documentElement.lang)).toBe('vi');
    await audit(pad, 'pad idle');
    await screenshot(pad, 'pad-idle');

    // The officer serves A001 at counter 1.
    const officer = srv.client.fresh();
    await officer.login('canbo1');
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    const issued = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    srv.clock.advanceMinutes(12);
    expect((await officer.post('/api/counters/1/call-next')).body.ticket.number).toBe('A001');
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    srv.clock.advanceMinutes(8);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);

    // Within a poll or two the pad asks about that very ticket.
    await pad.getByText('Số A001').waitFor({ timeout: 10_000 });
    for (const label of ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Rất không hài lòng']) {
      await pad.getByRole('button', { name: label, exact: true }).waitFor();
    }
    await audit(pad, 'pad asking');
    await screenshot(pad, 'pad-ask');
    await pad.getByRole('button', { name: 'Hài lòng', exact: true }).click();
    await pad.getByRole('heading', { name: 'Cảm ơn quý khách!' }).waitFor();
    await screenshot(pad, 'pad-thanks');
    await audit(pad, 'pad thanks');
    // ... and back to idle.
    await pad.getByRole('heading', { name: OFFICE }).waitFor({ timeout: 10_000 });
    expect(await pad.getByText('Số A001').count()).toBe(0);

    const rating = await srv.client.fresh().get(`/api/tickets/${issued.body.token}/survey`);
    expect(rating.body.rating).toMatchObject({ level: 4, channel: 'pad', waitMinutes: 12, serviceMinutes: 8 });

    // The supervisor signs in on /counter and opens the report of the day.
    const sup = await newPage({ width: 1440, height: 1000 });
    pages.push(sup);
    await signIn(sup);
    await sup.goto(`${srv.url}/counter/supervisor?tab=reports&from=${DAY}&to=${DAY}`);
    const satCard = sup.locator('.sup-card', { hasText: 'Chỉ số hài lòng' });
    await satCard.waitFor();
    await expect(satCard.textContent()).resolves.toContain('Số đánh giá: 1');
    await expect(satCard.textContent()).resolves.toContain('100 %');
    await expect(sup.locator('.sup-card', { hasText: 'Số lượt cấp' }).textContent()).resolves.toContain('1');
    await sup.locator('.sup-charts canvas').first().waitFor();
    await sup.waitForTimeout(500);
    await audit(sup, 'supervisor reports');
    await screenshot(sup, 'supervisor-reports');

    const [download] = await Promise.all([
      sup.waitForEvent('download'),
      sup.getByRole('link', { name: 'Tải Excel (XLSX)' }).click(),
    ]);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const rows = new Map<string, unknown>();
    wb.getWorksheet('Tổng quan')!.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(rows.get('Số lượt cấp')).toBe(1);
    expect(rows.get('Đã phục vụ')).toBe(1);
    expect(rows.get('Số đánh giá')).toBe(1);
    expect(rows.get('Điểm hài lòng trung bình')).toBe(4);
    expect(rows.get('Chỉ số hài lòng (%)')).toBe(100);
    expect(rows.get('Thời gian chờ trung bình (phút)')).toBe(12);
    expect(rows.get('Thời gian phục vụ trung bình (phút)')).toBe(8);
    const byCounter = wb.getWorksheet('Theo quầy')!;
    expect(byCounter.getRow(1).getCell(1).value).toBe('Quầy');
    expect(byCounter.getRow(2).getCell(1).value).toBe(1);

    // An office on the three-level scale, in English.
    const row = (await srv.db.select().from(offices).where(eq(offices.id, 1)))[0]!;
    await srv.store.write((tx) =>
      tx
        .update(offices)
        .set({ settings: { ...row.settings, ratingScale: 3 } })
        .where(eq(offices.id, 1)),
    );
    await pad.getByRole('button', { name: 'English' }).click();
    await pad.getByText('Counter 1', { exact: true }).waitFor();
    expect(await pad.evaluate(() => document.documentElement.lang)).toBe('en');
    expect((await officer.post('/api/counters/1/call-next')).status).toBe(404); // nobody waiting
    const second = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect((await officer.post('/api/counters/1/call-next')).body.ticket.number).toBe('A002');
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    await pad.getByText('Number A002').waitFor({ timeout: 10_000 });
    expect(await pad.locator('.pad-face').allTextContents()).toEqual(['Satisfied', 'Neutral', 'Dissatisfied']);
    await audit(pad, 'pad, three levels, English');
    await screenshot(pad, 'pad-ask-3-en');
    await pad.getByRole('button', { name: 'Neutral' }).click();
    await pad.getByRole('heading', { name: 'Thank you!' }).waitFor();
    const neutral = await srv.client.fresh().get(`/api/tickets/${second.body.token}/survey`);
    expect(neutral.body.rating).toMatchObject({ level: 2, scale: 3, channel: 'pad', feedback: null });

    await srv.store.write((tx) => tx.update(offices).set({ settings: row.settings }).where(eq(offices.id, 1)));

    // A busy simulated day (400 tickets, six counters), to see the report with real volume.
    await staffAllCounters(srv);
    await simulateDay(srv, '2026-12-01', 400, 20261201);
    await signIn(sup); // the simulated day outlasted the 12-hour session
    await sup.goto(`${srv.url}/counter/supervisor?tab=reports&from=2026-12-01&to=2026-12-01`);
    await sup.locator('.sup-card', { hasText: 'Số lượt cấp' }).getByText('400').waitFor();
    await sup.locator('.sup-charts canvas').first().waitFor();
    await sup.waitForTimeout(500);
    await audit(sup, 'supervisor reports, busy day');
    await screenshot(sup, 'supervisor-reports-busy');
    await sup.locator('#sup-t-Theo-qu-y, h3', { hasText: 'Theo quầy' }).first().scrollIntoViewIfNeeded();
    await screenshot(sup, 'supervisor-reports-busy-tables');
  });
});
