// The live ticket page on a phone (390x844): it follows the line live, turns into "go to
// counter N" when an officer calls the ticket, and shows the end of the visit.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const env = await testServer();

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

const text = (page: Page, selector: string) => page.locator(selector).textContent();

describe('live ticket page', () => {
  it('moves up the line, then shows "go to counter 1" when the officer calls it', { timeout: 120_000 }, async () => {
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const first = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    const mine = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(mine.status).toBe(201);

    const page = await newPage({ width: 390, height: 844 });
    // Count the sounds started and the vibrations asked for.
    await page.addInitScript(() => {
      const w = window as unknown as { sounds: number; vibrations: number };
      w.sounds = 0;
      w.vibrations = 0;
      for (const node of [AudioBufferSourceNode, OscillatorNode]) {
        const start = node.prototype.start;
        node.prototype.start = function (this: AudioScheduledSourceNode, ...args: [number?]) {
          w.sounds++;
          return start.apply(this, args);
        };
      }
      Object.defineProperty(navigator, 'vibrate', {
        value: () => {
          w.vibrations++;
          return true;
        },
      });
    });
    await page.goto(`${env.url}/t/${mine.body.token}`);
    await page.locator('.tp-number').waitFor();
    expect(await text(page, '.tp-number')).toBe(mine.body.number);
    const services = (await env.client.get('/api/offices/1/services')).body as { id: number; name: string }[];
    expect(await text(page, '.tp-service')).toBe(services.find((s) => s.id === 1)!.name);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await text(page, '.tp-state')).toContain('Đang chờ');
    expect(await text(page, '.tp-ahead')).toBe('1');
    // The estimate as the server gives it: a range ("khoảng 5–15 phút") around the point.
    const view = (await env.client.get(`/api/tickets/${mine.body.token}`)).body;
    expect(view.etaHighMinutes).toBeGreaterThan(view.etaLowMinutes);
    await expect
      .poll(() => text(page, '[data-testid="eta"]'))
      .toBe(
        view.etaLowMinutes === 0
          ? `dưới ${view.etaHighMinutes} phút`
          : `khoảng ${view.etaLowMinutes}–${view.etaHighMinutes} phút`,
      );
    await page.getByText('Đang cập nhật trực tiếp').waitFor();
    await page.getByRole('button', { name: 'Bật âm thanh báo' }).click();
    await page.getByRole('button', { name: 'Âm thanh báo đã bật' }).waitFor();
    await screenshot(page, 'ticket-390x844-waiting');
    await audit(page, 'ticket waiting');

    // The ticket ahead is called: this one moves up without a reload.
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    const call1 = await officer.post('/api/counters/1/call-next');
    expect(call1.body.ticket.number).toBe(first.body.number);
    await expect.poll(() => text(page, '.tp-ahead'), { timeout: 5000 }).toBe('0');

    // Now this one: full screen, counter number.
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    const call2 = await officer.post('/api/counters/1/call-next');
    expect(call2.body.ticket.number).toBe(mine.body.number);
    const overlay = page.getByRole('alertdialog');
    await overlay.waitFor({ timeout: 5000 });
    expect(await overlay.textContent()).toContain('Mời bạn đến quầy 1');
    expect(await text(page, '.tp-state')).toContain('Đến lượt bạn');
    await expect.poll(() => page.evaluate(() => (window as unknown as { sounds: number }).sounds)).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { vibrations: number }).vibrations)).toBe(1);
    await screenshot(page, 'ticket-390x844-called');
    await audit(page, 'ticket called');

    await page.getByRole('button', { name: 'Tôi đã biết' }).click();
    await overlay.waitFor({ state: 'detached' });
    expect(await text(page, '.tp-state')).toContain('Quầy 1');

    // A recall rings again.
    expect((await officer.post('/api/counters/1/recall')).status).toBe(200);
    await overlay.waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Tôi đã biết' }).click();

    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    await expect.poll(() => text(page, '.tp-state'), { timeout: 5000 }).toContain('Đang được phục vụ');
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    await expect.poll(() => text(page, '.tp-state'), { timeout: 5000 }).toContain('Đã hoàn thành');
    await screenshot(page, 'ticket-390x844-done');
    await audit(page, 'ticket done');
  });

  it('re-syncs when the phone wakes up and works in English', { timeout: 60_000 }, async () => {
    const officer = env.client.fresh();
    await officer.login('canbo2');
    const t = await officer.post('/api/offices/1/tickets', { serviceId: 5 });
    expect(t.status).toBe(201);
    const page = await newPage({ width: 360, height: 740 });
    await page.goto(`${env.url}/t/${t.body.token}?lang=en`);
    await page.locator('.tp-number').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text(page, '.tp-state')).toContain('Waiting');
    await screenshot(page, 'ticket-360x740-en');
    await audit(page, 'ticket english');

    // The phone goes offline (asleep); the ticket is called meanwhile; it comes back and wakes.
    await page.context().setOffline(true);
    await page.getByText('Offline, reconnecting…').waitFor({ timeout: 30_000 });
    expect((await officer.post('/api/counters/3/open')).status).toBe(200);
    const called = await officer.post('/api/counters/3/call-next');
    expect(called.body.ticket.number).toBe(t.body.number);
    await page.context().setOffline(false);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByRole('alertdialog').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alertdialog').textContent()).toContain('Please go to counter 3');
  });

  it('says plainly when a ticket does not exist', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(`${env.url}/t/doesnotexist12345`);
    await page.getByRole('heading', { name: 'Không tìm thấy số thứ tự này.' }).waitFor();
    await audit(page, 'ticket not found');
  });
});
