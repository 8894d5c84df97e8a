// Scenario 9: the resident's pages on a cheap phone. Chromium (Debian's) with Fast 3G (150 ms
// RTT, 1.6 Mbit/s down, 750 kbit/s up) and the CPU slowed 4x, a cold cache each run: the time
// until /book shows its first choices (tappable), until a booking's details form is reached, and
// until /t/<token> shows the ticket's number; and the JavaScript bytes each crossed the wire with.
// The budget itself (40 KB) is asserted by tests/browser/phone-budget.test.ts; here the times are
// reported against the 2 s target.
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, slowPhone } from '../tests/browser/chromium';
import { post, QUICK } from './harness';

export interface PhoneBench {
  runs: number;
  bookChoicesMs: { p50: number; max: number };
  bookDetailsMs: { p50: number; max: number };
  ticketNumberMs: { p50: number; max: number };
  bookJsBytes: number;
  ticketJsBytes: number;
}

function jsBytes(page: Page): () => number {
  let bytes = 0;
  page.on('requestfinished', async (req) => {
    if (req.resourceType() !== 'script') return;
    const sizes = await req.sizes().catch(() => null);
    if (sizes && sizes.responseBodySize > 0) bytes += sizes.responseBodySize;
  });
  return () => bytes;
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: Math.round(s[Math.floor((s.length - 1) / 2)]!), max: Math.round(s.at(-1)!) };
};

export async function phonePages(url: string, admin: string): Promise<PhoneBench> {
  const runs = QUICK ? 2 : 5;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  const choices: number[] = [];
  const details: number[] = [];
  const ticket: number[] = [];
  let bookJsBytes = 0;
  let ticketJsBytes = 0;
  try {
    const offices = (await (await fetch(`${url}/api/offices`)).json()) as { id: number }[];
    const officeId = offices[0]!.id;
    const services = (await (await fetch(`${url}/api/offices/${officeId}/services`)).json()) as { id: number }[];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true });
      const page = await slowPhone(context);
      const bytes = jsBytes(page);
      const t0 = performance.now();
      await page.goto(`${url}/book?office=${officeId}`, { waitUntil: 'commit' });
      const first = page.locator('button.choice').first();
      await first.waitFor({ state: 'visible', timeout: 30_000 });
      choices.push(performance.now() - t0);
      // Through to the details form: sector, procedure, day, time.
      await first.click();
      await page.locator('button.choice').first().click();
      await page.locator('button.choice.day:not([disabled])').first().click();
      await page.locator('button.choice.slot:not([disabled])').first().click();
      await page.locator('input[autocomplete="name"]').waitFor({ timeout: 30_000 });
      details.push(performance.now() - t0);
      bookJsBytes = bytes();
      await context.close();

      const issued = await post<{ token: string; number: string }>(url, `/api/offices/${officeId}/tickets`, admin, {
        serviceId: services[0]!.id,
      });
      if (!issued.body) throw new Error(`ticket: ${issued.status}`);
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true });
      const tp = await slowPhone(phone);
      const tBytes = jsBytes(tp);
      const t1 = performance.now();
      await tp.goto(`${url}/t/${issued.body.token}`, { waitUntil: 'commit' });
      await tp.getByText(issued.body.number).first().waitFor({ state: 'visible', timeout: 30_000 });
      ticket.push(performance.now() - t1);
      ticketJsBytes = tBytes();
      await phone.close();
    }
  } finally {
    await browser.close();
  }
  return {
    runs,
    bookChoicesMs: summary(choices),
    bookDetailsMs: summary(details),
    ticketNumberMs: summary(ticket),
    bookJsBytes,
    ticketJsBytes,
  };
}
