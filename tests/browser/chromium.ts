// Debian's Chromium as the tests and the benchmark launch it (never a downloaded browser), and a
// page throttled like a cheap phone. No test runner here: bench/phone.ts uses it too.
import type { BrowserContext, Page } from 'playwright-core';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  // The display must speak without a click (a kiosk TV is started with this flag too).
  '--autoplay-policy=no-user-gesture-required',
];

/** A new page throttled like a cheap phone on a weak network: Fast 3G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) and a 4x slower CPU, Chrome DevTools' presets. */
export async function slowPhone(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return page;
}
