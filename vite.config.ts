// One Vite build for the three front-ends (display/, counter/, booking/), each its own HTML
// entry, sharing web/. The server serves dist/ (server/static.ts).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: resolve(root, 'web/public'),
  plugins: [
    solid(),
    {
      name: 'build-stamp',
      // scripts/build-if-stale.mjs compares this stamp with the sources.
      closeBundle() {
        writeFileSync(resolve(root, 'dist/.built'), new Date().toISOString());
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    rollupOptions: {
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
