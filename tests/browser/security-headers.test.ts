// Every screen runs under the Content-Security-Policy the server sends (no inline script, this
// origin only, never framed) without a single violation, and every response carries nosniff,
// Referrer-Policy and frame-ancestors. A screen that needed an inline script or a foreign host
// would report a violation here.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testServer } from '../helpers';
import { newPage, screenshot } from './browser';

const env = await testServer();

/** Opens a path and collects the CSP violations the page reports (events and console). */
async function visit(page: Page, path: string): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(env.url + path);
  expect(response?.status(), path).toBeLessThan(500);
  // Let the app start, connect its socket and draw.
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(300);
  return [...seen, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

describe('security headers on every screen', () => {
  it('the screens run under the policy with no violation', { timeout: 120_000 }, async () => {
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const ticket = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(ticket.status).toBe(201);
    const admin = env.client.fresh();
    await admin.login('admin');
    const device = await admin.post('/api/offices/1/devices', { kind: 'display', name: 'Màn hình sảnh' });
    expect(device.status).toBe(201);

    const paths = [
      '/book?office=1',
      '/display?office=1',
      '/kiosk?office=1',
      '/counter',
      '/counter/supervisor',
      '/counter/admin',
      `/t/${ticket.body.token}`,
      new URL(device.body.pairUrl).pathname,
      '/api/docs',
    ];
    for (const path of paths) {
      const page = await newPage({ width: 1280, height: 800 });
      expect(await visit(page, path), path).toEqual([]);
      if (path === '/api/docs') await page.getByText('Model reception office API').first().waitFor();
      if (path.startsWith('/pair/')) {
        await screenshot(page, 'pairing-page');
        // The tap pairs it and the display opens, still without a violation.
        await page.getByRole('button', { name: /Ghép nối thiết bị này/ }).click();
        await page.waitForURL((u) => u.pathname === '/display');
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      }
      await page.context().close();
    }
  });

  it('pages, assets and API answers carry the headers', async () => {
    for (const path of ['/book?office=1', '/counter', '/api/offices', '/api/docs', '/healthz', '/no-such-page']) {
      const r = await fetch(env.url + path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain("unsafe-inline'; script");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toBe('same-origin');
    }
    // The pages themselves carry no inline script.
    for (const path of ['/book?office=1', '/counter', '/display?office=1', '/api/docs']) {
      const body = await (await fetch(env.url + path)).text();
      expect(body.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? [], path).toEqual([]);
    }
  });
});
