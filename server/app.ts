// createApp(deps): the whole HTTP surface. Feature routes are mounted here; this file knows no
// SQL and opens no ports (server/server.ts does).

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { openAPIRouteHandler } from 'hono-openapi';
import { isRetryable, isStorageFailure } from '../db/client';
import { adminRoutes } from './admin/routes';
import { bookingRoutes } from './booking/routes';
import { counterRoutes } from './calling/routes';
import { terminalRoutes } from './calling/terminal-routes';
import { cityRoutes } from './city/routes';
import { pairRoutes } from './devices/routes';
import { dossierCounterRoutes, dossierRoutes } from './dossiers/routes';
import { clientLang, errorBody, fail, sendFailure } from './errors';
import { feedbackRoutes } from './feedback/routes';
import { type AppDeps, type AppEnv, DEVICE_COOKIE, fromOwnSite, identify, SESSION_COOKIE } from './http';
import { officeRoutes } from './offices/routes';
import { outreachRoutes } from './outreach/routes';
import { reportRoutes } from './reports/routes';
import { authRoutes } from './staff/routes';
import { staticRoutes } from './static';
import { surveyRoutes } from './surveys/routes';
import { ticketRoutes } from './tickets/routes';

const MAX_BODY_BYTES = 32 * 1024;
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createApp(deps: AppDeps, options: { distDir?: string } = {}) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    // A caller's id (a proxy's, a kiosk's) is kept only when it is a plain token: it goes in logs.
    const inbound = c.req.header('x-request-id');
    c.set('requestId', inbound && /^[\w.-]{1,64}$/.test(inbound) ? inbound : randomUUID());
    c.header('X-Request-Id', c.get('requestId'));
    await next();
    if (deps.config.LOG_LEVEL !== 'silent' && c.req.path !== '/healthz') {
      // One line per request; the route pattern, never the path, so tokens are not logged.
      console.log(
        JSON.stringify({
          t: new Date().toISOString(),
          id: c.get('requestId'),
          method: c.req.method,
          route: c.req.routePath,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
        }),
      );
    }
  });

  // Defence in depth on every response: scripts only from this server's own files (no inline
  // script anywhere), nothing framed and nothing framing us, no type sniffing, no referrer to
  // other sites (a booking's token is in its page's URL).
  app.use(async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'same-origin');
    headers.set('X-Frame-Options', 'DENY');
  });

  // Cookie-authenticated writes must come from this server's own pages.
  app.use('/api/*', async (c, next) => {
    if (unsafe.has(c.req.method)) {
      const cookie = c.req.header('cookie') ?? '';
      if (cookie.includes(`${SESSION_COOKIE}=`) || cookie.includes(`${DEVICE_COOKIE}=`)) {
        // No Origin and no Referer is no page of ours.
        if (!fromOwnSite(c, deps.config.PUBLIC_URL, false)) return sendFailure(c, fail('CSRF_REJECTED'));
      }
    }
    await next();
  });

  // All bodies are JSON (the contract). Anything else is refused here rather than read by a
  // route's validator as an empty object (which would answer with a misleading field error).
  app.use('/api/*', async (c, next) => {
    if (unsafe.has(c.req.method)) {
      const type = c.req.header('content-type');
      const length = c.req.header('content-length');
      const json = type !== undefined && /^application\/([\w.-]+\+)?json$/i.test(type.split(';')[0]!.trim());
      const hasBody = type !== undefined ? length !== '0' : Number(length ?? 0) > 0;
      if (hasBody && !json) return sendFailure(c, fail('UNSUPPORTED_MEDIA_TYPE'));
    }
    await next();
  });

  // A declared length is checked from the header: Hono's bodyLimit reads `c.req.raw.body`, which
  // makes @hono/node-server build a full web Request (stream, abort signal, headers) for every
  // request and was a tenth of the booking path. Node's parser never reads past Content-Length,
  // so the header is the body's size; chunked bodies still go through bodyLimit's count.
  const tooLarge = (c: Context) => sendFailure(c, fail('PAYLOAD_TOO_LARGE'));
  const countBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use('/api/*', async (c, next) => {
    if (!unsafe.has(c.req.method)) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > MAX_BODY_BYTES ? tooLarge(c) : await next();
    }
    return countBody(c, next);
  });
  app.use(identify());

  app.get('/healthz', async (c) => ((await deps.store.ready()) ? c.json({ ok: true }, 200) : sendFailure(c, fail('NOT_READY'))));

  app.route('/api', apiRoutes());
  app.route('/pair', pairRoutes);

  app.get(
    '/api/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        info: {
          title: 'Model reception office API',
          version: '1',
          description: 'Queue and appointment system for Vietnamese public administration service centres.',
        },
      },
      exclude: ['/healthz', '/api/openapi.json', '/api/docs'],
      // Documented routes may end in a file name (/api/open-data/daily.csv): not static files here.
      excludeStaticFile: false,
    }),
  );
  app.get('/api/docs', (c) => c.html(swaggerPage()));
  // The page's start-up, a file of its own: no inline script.
  app.get('/api/docs/assets/start.js', (c) => {
    c.header('Content-Type', 'text/javascript');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body("window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#api' });");
  });
  app.get('/api/docs/assets/:file{swagger-ui\\.css|swagger-ui-bundle\\.js}', (c) => {
    const file = c.req.param('file');
    c.header('Content-Type', file.endsWith('.css') ? 'text/css' : 'text/javascript');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(readFileSync(swaggerAsset(file)));
  });

  app.route('/', staticRoutes(options.distDir));

  app.notFound((c) => sendFailure(c, fail('NOT_FOUND')));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      const code = /json/i.test(err.message) ? 'MALFORMED_JSON' : err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED';
      return sendFailure(c, fail(code));
    }
    // The database stayed locked past busy_timeout (a backup, another process) or PostgreSQL
    // kept losing a conflict: nothing was written, so the client may simply try again.
    if (isRetryable(err)) {
      c.header('Retry-After', '1');
      return sendFailure(c, fail('BUSY'));
    }
    // The database cannot take the write (a full disk, a read-only file, PostgreSQL restarting or
    // failing over): nothing was written; the load balancer sees the same on /healthz and sends
    // the next requests elsewhere until the storage recovers.
    if (isStorageFailure(err)) {
      c.header('Retry-After', '2');
      console.error(JSON.stringify({ t: new Date().toISOString(), id: c.get('requestId'), error: String(err) }));
      return sendFailure(c, fail('STORAGE_UNAVAILABLE'));
    }
    console.error(
      JSON.stringify({ t: new Date().toISOString(), id: c.get('requestId'), error: String(err), stack: (err as Error).stack }),
    );
    return c.json(errorBody(fail('INTERNAL'), clientLang(c)), 500);
  });

  return app;
}

/** Every feature's API routes, chained so their types add up for the RPC client. */
function apiRoutes() {
  return new Hono<AppEnv>()
    .route('/auth', authRoutes)
    .route('/admin', adminRoutes)
    .route('/offices', officeRoutes)
    .route('/counters', counterRoutes)
    .route('/counters', terminalRoutes)
    .route('/', ticketRoutes)
    .route('/', surveyRoutes)
    .route('/', reportRoutes)
    .route('/', bookingRoutes)
    .route('/', cityRoutes)
    .route('/counters', dossierCounterRoutes)
    .route('/', dossierRoutes)
    .route('/', feedbackRoutes)
    .route('/', outreachRoutes);
}

/** The API's type, for the front-ends' Hono RPC client: hc<ApiType>('/api'). */
export type ApiType = ReturnType<typeof apiRoutes>;

const require = createRequire(import.meta.url);
function swaggerAsset(file: string): string {
  return require.resolve(`swagger-ui-dist/${file}`);
}

/**
 * Styles may be inline (Solid's templates carry style attributes); scripts, connections, images,
 * sounds and workers come from this origin only (images and sounds also from data: and blob:, which
 * the QR codes and the voice make in the page).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function swaggerPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API: model reception office</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><main id="api"></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/start.js"></script></body></html>`;
}
