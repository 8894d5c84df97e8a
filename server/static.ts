// Serves the built front-ends (dist/, made by `npm run build`): each screen path answers with
// its app's index.html, assets are immutable files under /assets.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './http';
import { preloader } from './preload';

export const distDir = fileURLToPath(new URL('../dist', import.meta.url));

const pages: [string, string][] = [
  ['/display', 'display'],
  ['/kiosk', 'booking'],
  ['/book', 'booking'],
  ['/book/*', 'booking'],
  ['/t/:token', 'booking'],
  ['/a/:token', 'booking'],
  ['/h', 'booking'],
  ['/h/:token', 'booking'],
  ['/city', 'booking'],
  ['/open-data', 'booking'],
  ['/feedback', 'booking'],
  ['/feedback/:token', 'booking'],
  ['/outreach', 'booking'],
  ['/outreach/board', 'booking'],
  ['/o/:token', 'booking'],
  ['/counter', 'counter'],
  ['/counter/*', 'counter'],
];

export function staticRoutes(dir = distDir) {
  const app = new Hono<AppEnv>();
  const cache = new Map<string, string>();
  const preloads = preloader(dir);
  /** A built file's text, read once (null when not built). */
  const built = (file: string): string | null => {
    if (!existsSync(file)) return null;
    let text = cache.get(file);
    if (!text) {
      text = readFileSync(file, 'utf8');
      cache.set(file, text);
    }
    return text;
  };
  const html = (entry: string) => built(join(dir, entry, 'index.html'));
  app.use(
    '/assets/*',
    serveStatic({
      root: dir,
      // name.br / name.gz made at build time (vite.config.ts), chosen by Accept-Encoding.
      precompressed: true,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('/audio/*', serveStatic({ root: dir }));
  // The resident side's service worker: at the root, so it may serve /book, /a/, /t/ and /h/;
  // never cached by the browser's HTTP cache, so a new one is found on the next visit.
  app.get('/sw.js', (c) => {
    const worker = built(join(dir, 'sw.js'));
    if (worker === null) return c.body(null, 404);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(worker);
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  for (const [path, entry] of pages) {
    app.get(path, (c) => {
      const page = html(entry);
      if (!page) {
        return c.html(
          '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Chưa dựng giao diện</title><p>Giao diện chưa được dựng: chạy <code>npm run build</code>. (Front-ends not built: run <code>npm run build</code>.)</p></html>',
          503,
        );
      }
      c.header('Cache-Control', 'no-cache');
      const link = entry === 'booking' ? preloads(c.req.path, new URL(c.req.url).searchParams) : null;
      if (link) c.header('Link', link);
      return c.html(page);
    });
  }
  return app;
}
