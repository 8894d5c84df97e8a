// The lobby display in Chromium against a real server: calls appear live and are announced one
// after another (window.__announcer), the board at 1920x1080 and 1080x1920 (axe audit,
// screenshots), recovery after a server restart with the calls made meanwhile, the zone filter,
// English, an unknown office, autoplay blocked, and bounded lists under a flood of calls.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { actOnCurrent, callNext } from '../../server/calling/store';
import { testConfig } from '../../server/config';
import { type RunningServer, startServer } from '../../server/server';
import { announcement, spokenText } from '../../web/voice/sentence';
import { RecordingNotifier, type TestClient, testServer } from '../helpers';
import { axeAudit, describeViolations, newPage, screenshot } from './browser';

const root = resolve(import.meta.dirname, '../..');

const srv = await testServer();
const issuer = srv.client.fresh();
await issuer.login('giamsat');
const officers: TestClient[] = [];
const officerIds: number[] = [];
for (const [i, name] of ['canbo1', 'canbo2', 'canbo3'].entries()) {
  const c = srv.client.fresh();
  officerIds.push((await c.login(name)).id);
  expect((await c.post(`/api/counters/${i + 1}/open`)).status).toBe(200);
  officers.push(c);
}
let restarted: RunningServer | null = null;
afterAll(async () => {
  await restarted?.close();
});

// Seeded services by prefix (ids in seed order) and counters: 1 serves A-D, 2 serves D A E F,
// 3 serves E F G.
const service = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, L: 10, N: 12 } as const;

async function issue(prefix: keyof typeof service, n = 1): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await issuer.post('/api/offices/1/tickets', { serviceId: service[prefix] });
    expect(r.status).toBe(201);
    numbers.push(r.body.number);
  }
  return numbers;
}

/** Calls the next ticket at counter 1..3, sending the one in progress away as a no-show. */
async function callNextAt(counter: 1 | 2 | 3): Promise<string> {
  const client = officers[counter - 1]!;
  let r = await client.post(`/api/counters/${counter}/call-next`);
  if (r.status === 409 && r.body.error.code === 'TICKET_IN_PROGRESS') {
    expect((await client.post(`/api/counters/${counter}/no-show`)).status).toBe(200);
    r = await client.post(`/api/counters/${counter}/call-next`);
  }
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.ticket.number;
}

type Entry = {
  text: string;
  number: string;
  counterNumber: number;
  recall: boolean;
  startedAt: number | null;
  endedAt: number | null;
  outcome: string;
};

async function log(page: Page): Promise<Entry[]> {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__announcer?.log ?? [])) as never);
}

const currentNumbers = (page: Page) => page.locator('.current .num').allTextContents();
const shows = (page: Page, number: string, timeout: number) =>
  page.locator('.current .num, .earlier .chip-num', { hasText: number }).first().waitFor({ timeout });

async function audit(page: Page, what: string) {
  const violations = await axeAudit(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** Every element matched lies inside the viewport (nothing cut off at the screen's edge). */
async function expectInsideViewport(page: Page, selector: string) {
  const size = page.viewportSize()!;
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
    }),
  );
  expect(boxes.length).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.left).toBeGreaterThanOrEqual(0);
    expect(b.bottom).toBeLessThanOrEqual(size.height);
    expect(b.right).toBeLessThanOrEqual(size.width);
  }
}

const pageErrors: string[] = [];
async function openDisplay(query: string, width: number, height: number): Promise<Page> {
  const page = await newPage({ width, height });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${srv.url}/display${query}`);
  return page;
}

/** Waits until the page has loaded the office and its live connection is up. */
async function ready(page: Page): Promise<void> {
  await page.locator('h1.office-name', { hasText: 'Trung tâm' }).waitFor({ timeout: 20_000 });
  await page.locator('.display[data-live="connected"]').waitFor({ timeout: 20_000 });
  expect(await page.locator('.offline').count()).toBe(0);
}

describe('lobby display', { timeout: 90_000 }, () => {
  let landscape: Page;
  let portrait: Page;

  afterAll(async () => {
    await landscape?.context().close();
    await portrait?.context().close();
  });

  // The 1 s target is measured and printed here; the benchmark (npm run bench) is where the
  // delivery time is held to account, since a loaded CI machine must not fail on a timing.
  it('shows a call (target: within 1 s) and announces it; a recall is announced after it, not over it', async () => {
    landscape = await openDisplay('?office=1', 1920, 1080);
    expect(await landscape.getAttribute('html', 'lang')).toBe('vi');
    await ready(landscape);
    expect(await landscape.locator('h1.office-name').textContent()).toBe('Trung tâm Phục vụ hành chính công phường Ba Đình');
    await landscape.getByText('Chưa có số nào được mời').waitFor();
    await audit(landscape, 'display, no calls yet');

    const [a1] = await issue('A');
    const calledAt = Date.now();
    expect(await callNextAt(1)).toBe(a1);
    await landscape.locator('.current .num', { hasText: a1! }).waitFor({ timeout: 5000 });
    console.log(`[display test] call shown ${Date.now() - calledAt} ms after the call request (target 1000 ms)`);
    expect(await landscape.locator('.current .call.fresh').count()).toBe(1);
    await expect.poll(async () => (await log(landscape)).length).toBe(1);
    const [first] = await log(landscape);
    expect(first).toMatchObject({
      text: `Kính mời công dân có số thứ tự ${a1} đến quầy số 1`,
      number: a1,
      counterNumber: 1,
      recall: false,
    });

    // Recall while the first announcement may still be playing: it waits its turn.
    expect((await officers[0]!.post('/api/counters/1/recall')).status).toBe(200);
    await expect.poll(async () => (await log(landscape)).length).toBe(2);
    await expect.poll(async () => (await log(landscape)).every((e) => e.endedAt !== null), { timeout: 30_000 }).toBe(true);
    const [one, two] = await log(landscape);
    expect(two).toMatchObject({ number: a1, counterNumber: 1, recall: true });
    expect(one!.outcome).toBe('played');
    expect(two!.outcome).toBe('played');
    expect(two!.startedAt!).toBeGreaterThanOrEqual(one!.endedAt!);
    expect(one!.endedAt!).toBeGreaterThan(one!.startedAt!);
    // The recall is still one row (counter 1's current call), marked as a recall.
    expect(await currentNumbers(landscape)).toEqual([a1]);
    await landscape.locator('.current .recall').waitFor();
  });

  it('fills the board at 1920x1080: current calls per counter, earlier calls, waiting per service', async () => {
    await issue('A', 4);
    await issue('B', 3);
    await issue('E', 3);
    await issue('F', 2);
    await issue('H', 2);
    await issue('L', 1);
    for (let i = 0; i < 4; i++) await callNextAt(1);
    await callNextAt(2);
    await callNextAt(2);
    const last = await callNextAt(3);
    await shows(landscape, last, 5000);
    await expect.poll(() => landscape.locator('.current .call').count()).toBe(3);
    await expect.poll(() => landscape.locator('.earlier .chip').count()).toBeGreaterThanOrEqual(4);
    expect((await currentNumbers(landscape))[0]).toBe(last);
    // Waiting counts follow the queue snapshots: B (service 2) has tickets left waiting.
    const waitingB = await issuer.get('/api/offices/1/services');
    const b = waitingB.body.find((s: { prefix: string }) => s.prefix === 'B');
    await expect
      .poll(() => landscape.locator('.services tbody tr', { hasText: 'Đăng ký kết hôn' }).locator('.count').textContent())
      .toBe(`${b.waiting} người`);
    await screenshot(landscape, 'display-landscape-1920x1080');
    await expectInsideViewport(landscape, '.current .call');
    await expectInsideViewport(landscape, '.services tbody tr');
    await expectInsideViewport(landscape, '.earlier .chip');
    await expectInsideViewport(landscape, '.clock, .date, .office-name, .ticker, .sound button');
    // The numbers are large enough to read from 10 m away.
    const numberSize = await landscape
      .locator('.current .num')
      .first()
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(numberSize).toBeGreaterThanOrEqual(110);
    await audit(landscape, 'display, landscape board');
  });

  it('fits a portrait 1080x1920 screen', async () => {
    portrait = await openDisplay('?office=1', 1080, 1920);
    await ready(portrait);
    await expect.poll(() => portrait.locator('.current .call').count()).toBe(3);
    await screenshot(portrait, 'display-portrait-1080x1920-opened');
    await expectInsideViewport(portrait, '.current .call');
    await expectInsideViewport(portrait, '.services tbody tr');
    await expectInsideViewport(portrait, '.earlier .chip');
    await expectInsideViewport(portrait, '.clock, .date, .office-name, .ticker, .sound button');
    // Opening the page shows the latest calls but does not announce them again.
    expect(await log(portrait)).toEqual([]);
    const fresh = await callNextAt(2);
    await shows(portrait, fresh, 5000);
    await screenshot(portrait, 'display-portrait-1080x1920');
    await audit(portrait, 'display, portrait board');
  });

  it("shows an admin's change of the ticker without a reload", async () => {
    const page = await openDisplay('?office=1', 1920, 1080);
    await ready(page);
    await page.evaluate(() => {
      (window as unknown as { notReloaded?: boolean }).notReloaded = true;
    });
    const admin = srv.client.fresh();
    await admin.login('admin');
    const before = (await admin.get('/api/offices/1/settings/public')).body.ticker as string;
    const ticker = 'Từ ngày 1/12, Trung tâm tiếp nhận hồ sơ đất đai cả sáng thứ Bảy.';
    expect((await admin.request('PATCH', '/api/admin/offices/1/settings', { ticker })).status).toBe(200);
    await expect.poll(() => page.locator('.ticker').textContent(), { timeout: 5000 }).toContain(ticker);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await admin.request('PATCH', '/api/admin/offices/1/settings', { ticker: before });
    await page.context().close();
  });

  it('recovers by itself after a server restart and shows the calls made meanwhile', async () => {
    await issue('A', 2);
    await landscape.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const before = (await log(landscape)).length;
    await srv.server.close();
    await landscape.locator('.offline', { hasText: 'Mất kết nối' }).waitFor({ timeout: 10_000 });
    await screenshot(landscape, 'display-landscape-offline');

    // While the server is down, counter 1 calls twice (straight through the store).
    const deps = { db: srv.db, store: srv.store, clock: srv.clock, notify: new RecordingNotifier() };
    const actor = { id: officerIds[0]!, role: 'officer', officeId: 1 };
    const meanwhile: string[] = [];
    for (let i = 0; i < 2; i++) {
      await actOnCurrent(deps, 1, actor, 'no_show');
      const r = await callNext(deps, 1, actor, 'vi');
      if (!r.ok) throw new Error(`call while down failed: ${JSON.stringify(r)}`);
      meanwhile.push(r.value.ticket.number);
    }

    restarted = await startServer({
      store: srv.store,
      config: testConfig(),
      clock: srv.clock,
      port: srv.server.port,
      host: '127.0.0.1',
      jobsIntervalMs: 0,
    });
    await shows(landscape, meanwhile[1]!, 20_000);
    await shows(landscape, meanwhile[0]!, 1000);
    await expect.poll(() => landscape.locator('.offline').count(), { timeout: 10_000 }).toBe(0);
    expect(await landscape.locator('.display').getAttribute('data-live')).toBe('connected');
    expect(await landscape.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Both missed calls are announced, in order, after what was announced before.
    await expect.poll(async () => (await log(landscape)).slice(before).map((e) => e.number)).toEqual(meanwhile);

    // And it is live again.
    const live = await callNextAt(2);
    await shows(landscape, live, 5000);
  });

  it('shows only its zone with &counters=, in English with &lang=en', async () => {
    const page = await openDisplay('?office=1&counters=3&lang=en', 1920, 1080);
    try {
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await ready(page);
      await page.getByRole('heading', { name: 'Now calling' }).waitFor();
      await expect.poll(() => page.locator('.current .call').count()).toBe(1);
      expect(await page.locator('.current .ctr-num').allTextContents()).toEqual(['3']);
      expect(await page.locator('.earlier .chip').count()).toBe(0);
      // Counter 3 serves E, F and G only.
      expect(await page.locator('.services .prefix').allTextContents()).toEqual(['E', 'F', 'G']);
      await page.getByText('Counters 3').waitFor();

      // A call at counter 1 is not shown nor announced here; one at counter 3 is.
      await issue('G');
      const other = await callNextAt(1);
      const mine = await callNextAt(3);
      await shows(page, mine, 5000);
      expect(await page.locator('.current .num', { hasText: other }).count()).toBe(0);
      expect((await log(page)).map((e) => e.number)).toEqual([mine]);
      await audit(page, 'display, zone filter in English');
    } finally {
      await page.context().close();
    }
  });

  it('says so when the office does not exist', async () => {
    const page = await openDisplay('?office=999', 1920, 1080);
    try {
      await page.getByText('Không tìm thấy trung tâm').waitFor({ timeout: 20_000 });
      await audit(page, 'display, unknown office');
    } finally {
      await page.context().close();
    }
  });

  it('keeps its lists and its announcement queue bounded under a flood of calls', async () => {
    const nodes = () => landscape.evaluate(() => document.getElementsByTagName('*').length);
    await issue('A', 30);
    let last = '';
    for (let i = 0; i < 10; i++) last = await callNextAt(1);
    await shows(landscape, last, 5000);
    await expect.poll(() => landscape.locator('.earlier .chip').count()).toBe(8);
    const nodesBefore = await nodes();
    for (let i = 0; i < 20; i++) last = await callNextAt(1);
    await shows(landscape, last, 5000);
    // The page does not grow with the day's calls (20 more would add 60 nodes as chips; a
    // status element coming and going is allowed).
    expect(await nodes()).toBeLessThanOrEqual(nodesBefore + 5);
    expect(await landscape.locator('.current .call').count()).toBeLessThanOrEqual(4);
    expect(await landscape.locator('.earlier .chip').count()).toBeLessThanOrEqual(8);
    const state = await landscape.evaluate(() => ({
      log: window.__announcer!.log.length,
      pending: window.__announcer!.pending(),
    }));
    expect(state.log).toBeLessThanOrEqual(50);
    expect(state.pending).toBeLessThanOrEqual(6);
    const entries = await log(landscape);
    expect(entries.some((e) => e.outcome === 'dropped')).toBe(true);
    // Whatever was played never overlapped.
    const played = entries.filter((e) => e.startedAt !== null && e.endedAt !== null);
    for (let i = 1; i < played.length; i++) expect(played[i]!.startedAt!).toBeGreaterThanOrEqual(played[i - 1]!.endedAt!);
    expect(await landscape.locator('.current .call, .earlier .chip').count()).toBeLessThanOrEqual(12);
  });

  it('asks to enable sound where the browser blocks autoplay, and plays once enabled', async () => {
    // Headless Chromium lets an AudioContext resume without a gesture whatever the autoplay
    // flag, so the page gets the policy of a TV browser that blocks autoplay: contexts start
    // suspended and resume only after a click or key press.
    const page = await newPage({ width: 1920, height: 1080 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(() => {
      let gesture = false;
      const mark = () => {
        gesture = true;
      };
      window.addEventListener('pointerdown', mark, true);
      window.addEventListener('keydown', mark, true);
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        constructor(options?: AudioContextOptions) {
          super(options);
          void super.suspend();
        }
        override resume(): Promise<void> {
          return gesture ? super.resume() : new Promise(() => undefined);
        }
      };
    });
    try {
      await page.goto(`${srv.url}/display?office=1`);
      await ready(page);
      const enable = page.getByRole('button', { name: 'Bật âm thanh' });
      await enable.waitFor();
      await screenshot(page, 'display-autoplay-blocked');
      await audit(page, 'display, sound blocked');
      await issue('E');
      const blocked = await callNextAt(3);
      await shows(page, blocked, 5000);
      await expect
        .poll(async () => (await log(page)).find((e) => e.number === blocked)?.outcome, { timeout: 5000 })
        .toBe('blocked');
      await enable.click();
      await expect.poll(() => enable.count()).toBe(0);
      await issue('E');
      const played = await callNextAt(3);
      await expect
        .poll(async () => (await log(page)).find((e) => e.number === played)?.outcome, { timeout: 30_000 })
        .toBe('played');
    } finally {
      await page.context().close();
    }
  });

  it("uses the browser's own Vietnamese voice where there is one, after the chime", async () => {
    // A stand-in for a TV browser with a vi-VN voice: it records what it is asked to say.
    const page = await newPage({ width: 1920, height: 1080 });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(() => {
      const said: { text: string; lang: string; voice: string }[] = [];
      (window as unknown as { said: typeof said }).said = said;
      const voice = { lang: 'vi-VN', name: 'Tiếng Việt (thử)', default: false, localService: true, voiceURI: 'vi-test' };
      class Utterance {
        text: string;
        lang = '';
        voice: typeof voice | null = null;
        rate = 1;
        volume = 1;
        onend: (() => void) | null = null;
        onerror: ((e: { error: string }) => void) | null = null;
        constructor(text: string) {
          this.text = text;
        }
      }
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          getVoices: () => [{ lang: 'en-US', name: 'English' }, voice],
          speak(u: Utterance) {
            said.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? '' });
            setTimeout(() => u.onend?.(), 300);
          },
          cancel() {},
        },
      });
    });
    try {
      await page.goto(`${srv.url}/display?office=1`);
      await ready(page);
      await issue('E');
      const number = await callNextAt(3);
      await expect
        .poll(async () => (await log(page)).find((e) => e.number === number)?.outcome, { timeout: 20_000 })
        .toBe('played');
      const said = await page.evaluate(() => (window as unknown as { said: unknown[] }).said);
      // The reading itself is unit-tested (tests/display/numbers.test.ts).
      expect(said).toEqual([
        { text: spokenText(announcement({ number, counterNumber: 3 })), lang: 'vi-VN', voice: 'Tiếng Việt (thử)' },
      ]);
      expect(spokenText(announcement({ number, counterNumber: 3 }))).toMatch(
        /^Kính mời công dân có số thứ tự e .+ đến quầy số ba$/,
      );
    } finally {
      await page.context().close();
    }
  });

  it('had no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
