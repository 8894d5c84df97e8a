// Reads a QR code off the screen: a screenshot of the element, decoded with jsQR, so the test
// checks what a phone camera would see, not the attribute the page meant to encode.
import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';

export async function decodeQr(element: Locator): Promise<string | null> {
  const png = PNG.sync.read(await element.screenshot({ animations: 'disabled' }));
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return found?.data ?? null;
}
