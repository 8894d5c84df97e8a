// One Vite build for the three front-ends (display/, counter/, booking/), each its own HTML
// entry, sharing web/. The server serves dist/ (server/static.ts), each asset also precompressed
// (.br and .gz beside it) so a phone on mobile data downloads a third of the bytes and the server
// spends no CPU compressing.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const root = import.meta.dirname;

/** Writes name.br and name.gz beside every compressible asset worth it (above 1 KB, and smaller compressed). */
function precompress(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      precompress(path);
      continue;
    }
    if (!/\.(js|mjs|css|svg|json|html|webmanifest)$/.test(name)) continue;
    const raw = readFileSync(path);
    if (raw.byteLength < 1024) continue;
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength },
    });
    if (br.byteLength < raw.byteLength) writeFileSync(`${path}.br`, br);
    const gz = gzipSync(raw, { level: 9 });
    if (gz.byteLength < raw.byteLength) writeFileSync(`${path}.gz`, gz);
  }
}

export default defineConfig({
  root,
  publicDir: resolve(root, 'web/public'),
  plugins: [
    solid(),
    {
      name: 'precompress-and-stamp',
      apply: 'build',
      closeBundle() {
        precompress(resolve(root, 'dist/assets'));
        // scripts/build-if-stale.mjs compares this stamp with the sources.
        writeFileSync(resolve(root, 'dist/.built'), new Date().toISOString());
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Every browser the screens support knows modulepreload: no polyfill file to fetch first.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // Small chunks shared by a few pages (a page's texts, the language switch, the office's
      // name) are copied into each page's chunk instead of fetched on their own: /book's start went
      // from 11 scripts to 7 (and 3 styles), each a round trip on a phone's 3G. Grouping whole chunks
      // (codeSplitting groups) had reordered the lobby display's styles; this does not.
      preserveEntrySignatures: false,
      output: { codeSplitting: { experimentalInlineCommonChunks: { maxSize: 4 * 1024 } } },
      input: {
        display: resolve(root, 'display/index.html'),
        counter: resolve(root, 'counter/index.html'),
        booking: resolve(root, 'booking/index.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/pair': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
