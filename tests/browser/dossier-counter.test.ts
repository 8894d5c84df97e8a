// Dossiers on the staff side in Chromium: the officer receives a booked resident's dossier from
// the desk (key 9: name and phone prefilled from the booking, the papers ticked off the
// procedure's list), prints the receipt (form 01) on A5 and on an 80 mm roll, measured from the
// PDF Chromium makes of it (page size, one page, the QR read back to the dossier's page); forms
// 02, 04 and 05 print from their records; the office's list shows late dossiers first in red
// and those due within a day in amber, and records the apology letter. Axe and screenshots.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { at, counterIdOf, openCounter, STAFF_PASSWORD, serviceIdOf, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';
import { decodeQr } from './qr-decode';

const srv = await testServer(); // Monday 30/11/2026 09:00
const MM = 72 / 25.4; // PDF points per millimetre

/**
 * canbo2 at counter 2 receives a dossier (of any procedure: `serviceId`) for a walk-in ticket it
 * calls, starts and finishes around it. Signs in again first: the tests move the clock by days.
 */
async function receivedAtCounter2(body: Record<string, unknown>) {
  const officer = srv.client.fresh();
  await officer.login('canbo2');
  const counter = await counterIdOf(srv.db, 2);
  await openCounter(officer, counter);
  const t = await officer.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(srv.db, 'E') });
  expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
  expect((await officer.post(`/api/counters/${counter}/start`)).status).toBe(200);
  const d = await officer.post(`/api/counters/${counter}/dossiers`, body);
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
  return { officer, dossier: d.body as { id: number; code: string; token: string } };
}

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** The PDF Chromium prints of the page: its pages' sizes in millimetres. */
async function printedPages(page: Page): Promise<{ width: number; height: number }[]> {
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  await page.emulateMedia({ media: 'screen' });
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
  return boxes.map((m) => ({ width: Math.round(Number(m[1]) / MM), height: Math.round(Number(m[2]) / MM) }));
}

async function signIn(page: Page, username: string) {
  await page.goto(`${srv.url}/counter/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/counter$/);
}

describe('dossiers at the counter', { timeout: 150_000 }, () => {
  const pages: Page[] = [];
  afterAll(async () => {
    for (const p of pages) await p.context().close();
  });

  it('receives a booked resident’s dossier from the desk and prints the receipt on A5 and 80 mm', async () => {
    const land = await serviceIdOf(srv.db, 'H');
    // A booking for land registration at 10:00, checked in on time.
    const slots = (await srv.client.get(`/api/offices/1/services/${land}/slots?from=2026-11-30&days=1`)).body as {
      start: string;
    }[];
    const slot = slots.find((s) => s.start === new Date(at('2026-11-30', 10)).toISOString())!;
    expect(slot).toBeTruthy();
    const booked = await srv.client
      .fresh()
      .post('/api/offices/1/appointments', { serviceId: land, start: slot.start, name: 'Hoàng Thị Đất', phone: '0912 345 888' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    srv.clock.set(at('2026-11-30', 9, 50));
    const kiosk = srv.client.fresh();
    await kiosk.login('giamsat');
    expect((await kiosk.post('/api/offices/1/check-in', { code: booked.body.code })).status).toBe(201);

    const page = await newPage({ width: 1366, height: 900 });
    pages.push(page);
    page.setDefaultTimeout(15_000);
    await signIn(page, 'canbo1');
    await page.getByRole('button', { name: /^Quầy 4\s*Đất đai/ }).click();
    await page.locator('.desk').waitFor();
    await expect.poll(() => page.locator('.live').textContent()).toContain('Trực tuyến');
    const receiveButton = page.getByRole('button', { name: /Nhận hồ sơ/ });
    // Nothing served: no receiving, and key 9 does nothing.
    expect(await receiveButton.count()).toBe(0);
    await page.keyboard.press('9');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('current-number').textContent()).toBe('H001');
    await page.keyboard.press('3'); // start serving
    await expect.poll(() => receiveButton.isEnabled()).toBe(true);

    await page.keyboard.press('9');
    const dialog = page.getByRole('dialog', { name: 'Nhận hồ sơ – số H001' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('Họ và tên người nộp').inputValue()).toBe('Hoàng Thị Đất');
    expect(await dialog.getByLabel('Số điện thoại').inputValue()).toBe('0912345888');
    expect(await dialog.getByLabel('Thủ tục').locator('option:checked').textContent()).toContain('Đăng ký biến động đất đai');
    // Ten working days from Monday 30/11: Monday 14/12 at the end of the day.
    expect(await dialog.getByTestId('receive-due').textContent()).toContain('14/12/2026');
    expect(await dialog.getByTestId('receive-due').textContent()).toContain('10 ngày làm việc');
    await dialog.getByLabel('Đơn đăng ký biến động').check();
    await dialog.getByLabel('Giấy chứng nhận đã cấp').check();
    await dialog.getByLabel('Giấy tờ khác (mỗi dòng một loại)').fill('Bản sao CCCD của người nộp\n\nBản sao CCCD của người nộp');
    await audit(page, 'receive dialog');
    await screenshot(page, 'dossier-receive-1366');
    await dialog.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    const done = dialog.getByRole('status');
    await expect.poll(() => done.textContent()).toMatch(/^Đã tiếp nhận hồ sơ HS001-261130-\d{4}\.$/);
    const code = /HS001-261130-\d{4}/.exec((await done.textContent()) ?? '')![0];
    await screenshot(page, 'dossier-received-1366');

    // The receipt opens in its own window.
    const [receipt] = await Promise.all([
      page.context().waitForEvent('page'),
      dialog.getByRole('button', { name: /In giấy hẹn \(A5\)/ }).click(),
    ]);
    pages.push(receipt);
    await receipt.getByRole('heading', { name: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' }).waitFor();
    expect(await receipt.getByTestId('code').textContent()).toBe(code);
    expect(await receipt.getByTestId('papers').locator('li').allTextContents()).toEqual([
      'Đơn đăng ký biến động',
      'Giấy chứng nhận đã cấp',
      'Bản sao CCCD của người nộp',
    ]);
    expect(await receipt.getByTestId('due').textContent()).toBe('17:00 ngày 14/12/2026');
    await receipt.locator('.qr-svg svg').waitFor();
    const link = await decodeQr(receipt.locator('.sheet-qr .qr'));
    expect(link).toMatch(new RegExp(`^${srv.url}/h/[A-Za-z0-9_-]{16,64}$`));
    expect(await receipt.evaluate(() => document.documentElement.lang)).toBe('vi');
    await audit(receipt, 'receipt A5');
    await screenshot(receipt, 'dossier-receipt-a5');
    // Printed: one A5 page (148 x 210 mm).
    expect(await printedPages(receipt)).toEqual([{ width: 148, height: 210 }]);
    // The same receipt on an 80 mm roll: 80 mm wide, one page, nothing cut off at the sides.
    await receipt.goto(receipt.url().replace('paper=a5', 'paper=80mm'));
    await receipt.locator('.qr-svg svg').waitFor();
    await receipt.setViewportSize({ width: 420, height: 900 });
    await screenshot(receipt, 'dossier-receipt-80mm');
    const roll = await printedPages(receipt);
    expect(roll).toHaveLength(1);
    expect(roll[0]!.width).toBe(80);
    await receipt.emulateMedia({ media: 'print' });
    const overflow = await receipt.evaluate(() => {
      const sheet = document.querySelector('.sheet')!;
      return [...sheet.querySelectorAll('*')].filter(
        (el) => el.getBoundingClientRect().right > sheet.getBoundingClientRect().right + 1,
      ).length;
    });
    expect(overflow).toBe(0);
    await receipt.emulateMedia({ media: 'screen' });
    // The QR leads to the resident's page of this very dossier.
    await receipt.goto(link!);
    await expect.poll(() => receipt.locator('.dossier-code').textContent()).toBe(code);

    // Back at the desk: the officer also marks that they helped this resident file online.
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await page.getByRole('button', { name: 'Hỗ trợ nộp trực tuyến' }).click();
    const assisted = page.getByRole('dialog', { name: 'Hỗ trợ nộp trực tuyến – số H001' });
    await assisted.getByLabel('Mã hồ sơ trên Cổng dịch vụ công (không bắt buộc)').fill('G22.105-261130-0042');
    await assisted.getByRole('button', { name: 'Ghi nhận' }).click();
    await assisted.getByRole('status').getByText('Đã ghi nhận hỗ trợ nộp trực tuyến.').waitFor();
    await audit(page, 'assisted filing');
    await assisted.getByRole('button', { name: 'Đóng' }).click();
    const supervisor = srv.client.fresh();
    await supervisor.login('giamsat');
    const report = await supervisor.get('/api/offices/1/outreach-report?from=2026-11-30&to=2026-11-30');
    expect(report.status).toBe(200);
    expect(report.body.centre.assistedFilings).toBe(1);
  });

  it('prints the request for papers (02), the apology (04) and the control sheet (05) from their records', async () => {
    srv.clock.set(at('2026-12-01', 9));
    const { officer, dossier } = await receivedAtCounter2({
      serviceId: await serviceIdOf(srv.db, 'H'),
      applicantName: 'Vũ Văn Bổ Sung',
      phone: '0912000111',
      papers: ['Đơn đăng ký biến động'],
      outcome: 'supplement_requested',
      reason: 'Thiếu giấy tờ chứng minh quyền sử dụng đất',
      missing: ['Giấy chứng nhận đã cấp', 'Hợp đồng hoặc văn bản liên quan'],
    });
    const d = { body: dossier };
    expect((await officer.post(`/api/dossiers/${d.body.id}/transition`, { to: 'processing' })).status).toBe(200);
    const units = (await officer.get('/api/offices/1/units')).body as { id: number; name: string }[];
    const landOffice = units.find((u) => u.name === 'Chi nhánh Văn phòng đăng ký đất đai')!;
    expect((await officer.post(`/api/dossiers/${d.body.id}/handoff`, { unitId: landOffice.id })).status).toBe(200);
    expect(
      (
        await officer.post(`/api/dossiers/${d.body.id}/apology`, {
          reason: 'Chờ kết quả đo đạc lại thửa đất',
          newDueAt: new Date(at('2026-12-22', 17)).toISOString(),
          signer: 'Nguyễn Văn Trưởng',
        })
      ).status,
    ).toBe(201);

    const page = await newPage({ width: 1100, height: 1000 });
    pages.push(page);
    await signIn(page, 'canbo2');
    const form = (n: string, paper = 'a5') => page.goto(`${srv.url}/counter/print/dossier/${d.body.id}?form=${n}&paper=${paper}`);
    await form('02');
    await page.getByRole('heading', { name: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' }).waitFor();
    expect(await page.getByTestId('missing').locator('li').allTextContents()).toEqual([
      'Giấy chứng nhận đã cấp',
      'Hợp đồng hoặc văn bản liên quan',
    ]);
    await audit(page, 'form 02');
    await form('04');
    await page.getByRole('heading', { name: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ' }).waitFor();
    expect(await page.getByTestId('new-due').textContent()).toBe('17:00 ngày 22/12/2026');
    await page.getByText('Nguyễn Văn Trưởng').waitFor();
    await screenshot(page, 'dossier-form04-a5');
    expect(await printedPages(page)).toEqual([{ width: 148, height: 210 }]);
    await form('05', 'a4');
    await page.getByRole('heading', { name: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' }).waitFor();
    const steps = await page.getByTestId('steps').locator('tbody tr').allTextContents();
    expect(steps).toHaveLength(4);
    expect(steps[1]).toContain('Chờ bổ sung');
    expect(steps[3]).toContain('Chuyển đến Chi nhánh Văn phòng đăng ký đất đai');
    await audit(page, 'form 05');
    await screenshot(page, 'dossier-form05-a4');
    expect(await printedPages(page)).toEqual([{ width: 210, height: 297 }]);
    // In English too.
    await page.goto(`${srv.url}/counter/print/dossier/${d.body.id}?form=04&paper=a5&lang=en`);
    await page.getByRole('heading', { name: 'APOLOGY AND NEW RESULT DATE' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('lists late dossiers first in red and those due within a day in amber; records the apology letter', async () => {
    // Monday 14/12 at 10:00: the first test's land dossier (due 14/12 17:00) is due within a day.
    // A same-day certification received on Friday 11/12 was due that evening: late.
    srv.clock.set(at('2026-12-11', 9));
    const { dossier } = await receivedAtCounter2({ applicantName: 'Trần Văn Muộn', phone: '0912000222' });
    const late = { body: dossier };
    srv.clock.set(at('2026-12-14', 10));

    const page = await newPage({ width: 1366, height: 900 });
    pages.push(page);
    await signIn(page, 'giamsat');
    await page.goto(`${srv.url}/counter/supervisor?tab=dossiers`);
    await page.getByRole('heading', { level: 2, name: 'Hồ sơ của trung tâm' }).waitFor();
    await expect.poll(() => page.getByTestId('late-count').textContent()).toBe('1');
    const rows = page.locator('.dz-table tbody tr[data-code]');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    expect(await rows.nth(0).getAttribute('data-code')).toBe(late.body.code);
    expect(await rows.nth(0).getAttribute('class')).toContain('dz-late');
    expect(await rows.nth(0).textContent()).toContain('Quá hạn 1 ngày');
    expect(await rows.nth(1).getAttribute('class')).toContain('dz-soon');
    expect(await rows.nth(1).textContent()).toContain('Sắp đến hạn');
    await audit(page, 'dossier list');
    await screenshot(page, 'dossier-list-1366');

    // The due-soon one gets its apology in time, from the list.
    const soonCode = (await rows.nth(1).getAttribute('data-code'))!;
    await rows.nth(1).getByRole('button', { name: soonCode }).click();
    await page.getByRole('button', { name: 'Lập thư xin lỗi (mẫu 04)' }).click();
    await page.getByLabel('Lý do chậm trễ').fill('Chờ ý kiến của cơ quan thuế');
    await page.getByLabel('Ngày hẹn mới').fill('2026-12-18');
    await page.getByLabel('Người ký (thủ trưởng đơn vị)').fill('Lê Thị Ký');
    await audit(page, 'apology form');
    await page.getByRole('button', { name: 'Ghi thư xin lỗi' }).click();
    await page.getByText('Đã ghi thư xin lỗi', { exact: false }).waitFor();
    await expect.poll(() => page.locator(`tr[data-code="${soonCode}"] .dz-newdue`).textContent()).toContain('18/12/2026');
    // A second letter is not offered: the new date is set once.
    expect(await page.getByRole('button', { name: 'Lập thư xin lỗi (mẫu 04)' }).count()).toBe(0);
    await screenshot(page, 'dossier-apology-1366');
    // A change made elsewhere arrives without a reload: the late one's result is made ready.
    const officer = srv.client.fresh();
    await officer.login('canbo2');
    expect((await officer.post(`/api/dossiers/${late.body.id}/transition`, { to: 'result_ready' })).status).toBe(200);
    await expect.poll(() => page.getByTestId('late-count').textContent(), { timeout: 10_000 }).toBe('0');

    // The report: the on-time rate of the results made ready in the range, with the late one listed.
    await page.goto(`${srv.url}/counter/supervisor?tab=reports&from=2026-11-30&to=2026-12-14`);
    const cards = page.getByTestId('dossier-cards');
    await cards.waitFor();
    await expect.poll(() => cards.locator('.sup-card').first().textContent()).toContain('0 / 1');
    expect(await cards.textContent()).toContain('Tiếp nhận3');
    await page.getByRole('heading', { name: 'Hồ sơ trễ hạn' }).waitFor();
    expect(await page.locator('.dz-late-list').textContent()).toContain(late.body.code);
    await audit(page, 'dossier report');
    await page.getByRole('heading', { name: 'Hồ sơ: tiếp nhận và giải quyết' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'dossier-report-1366');
  });
});
