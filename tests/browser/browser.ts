// Browser test kit: Debian's Chromium driven by playwright-core (never a downloaded browser),
// an axe-core WCAG 2.1 AA audit run inside the page, and screenshots saved under
// test-results/screens/ for a person to look at.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { chromiumArgs } from './chromium';

export { chromiumArgs, slowPhone } from './chromium';

const require = createRequire(import.meta.url);
export const screensDir = join(process.cwd(), 'test-results', 'screens');

let shared: Browser | null = null;

// Registered when a test file imports this kit: vitest runs no hook registered from inside a
// test, so the browser was left open (its pages connected) until the process ended. Imported
// after tests/helpers.ts, it runs before the fixture closes the servers.
afterAll(async () => {
  await shared?.close();
  shared = null;
});

/** One Chromium per test file, closed after it. */
export async function browser(): Promise<Browser> {
  shared ??= await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  return shared;
}

export async function newPage(
  options: { width?: number; height?: number; locale?: string; context?: BrowserContext } = {},
): Promise<Page> {
  const b = await browser();
  const context =
    options.context ??
    (await b.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
      locale: options.locale ?? 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    }));
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screensDir, { recursive: true });
  const path = join(screensDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

let axeSource: string | undefined;

/** Runs axe-core's WCAG 2.0/2.1 A and AA rules in the page; returns the violations. */
export async function axeAudit(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not added as a <script>: the pages' policy forbids
  // inline scripts, and the audit must run under the same policy residents get.
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
    const axe = (window as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
}

/** Readable summary for an assertion message. */
export function describeViolations(v: AxeViolation[]): string {
  return v.map((x) => `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}
