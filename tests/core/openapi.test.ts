// The API documents itself: an OpenAPI 3 document generated from the routes' zod schemas, and a
// browsable page whose assets are served by this server (it works offline, on a closed network).
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers';

const contract: [string, string][] = [
  ['post', '/api/auth/login'],
  ['post', '/api/auth/logout'],
  ['get', '/api/offices'],
  ['get', '/api/offices/{officeId}/services'],
  ['get', '/api/offices/{officeId}/counters'],
  ['post', '/api/offices/{officeId}/devices'],
  ['post', '/api/offices/{officeId}/tickets'],
  ['get', '/api/offices/{officeId}/calls'],
  ['get', '/api/tickets/{token}'],
  ...['open', 'call-next', 'call', 'recall', 'start', 'hold', 'finish', 'no-show', 'transfer', 'pause', 'resume', 'close'].map(
    (a): [string, string] => ['post', `/api/counters/{counterId}/${a}`],
  ),
  // v2: dossiers.
  ['post', '/api/counters/{counterId}/dossiers'],
  ['get', '/api/dossiers/{token}'],
  ['post', '/api/dossiers/{dossierId}/transition'],
  ['post', '/api/dossiers/{dossierId}/apology'],
  ['post', '/api/offices/{officeId}/pickup'],
  ['get', '/api/offices/{officeId}/dossiers'],
  ['get', '/api/offices/{officeId}/dossier-stats'],
  // v2: the feedback channel.
  ['post', '/api/feedback'],
  ['get', '/api/feedback/{token}'],
];

describe('API documentation', () => {
  it('GET /api/openapi.json is an OpenAPI 3 document listing the contract', async () => {
    const { client } = await testApp();
    const r = await client.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/json/);
    expect(r.body.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(r.body.info.title).toBeTruthy();
    const missing = contract.filter(([method, path]) => !r.body.paths?.[path]?.[method]);
    expect(missing).toEqual([]);
    // The documented bodies come from the zod schemas.
    const issue = r.body.paths['/api/offices/{officeId}/tickets'].post;
    expect(JSON.stringify(issue.requestBody)).toContain('serviceId');
    const pause = r.body.paths['/api/counters/{counterId}/pause'].post;
    expect(JSON.stringify(pause.requestBody)).toContain('reason');
  });

  it('/api/docs is an HTML page whose assets load from this server', async () => {
    const { client } = await testApp();
    const page = await client.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = String(page.body);
    expect(html).toMatch(/<html lang="\w+">/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const url of assets) {
      expect(url.startsWith('/'), `${url} is not local`).toBe(true);
      const asset = await client.get(url);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(url.endsWith('.css') ? /text\/css/ : /javascript/);
      // Swagger UI's own files, and the page's start-up (a file too: no inline script) that
      // points it at this server's description.
      if (url.endsWith('/start.js')) expect(String(asset.body)).toContain("'/api/openapi.json'");
      else expect(String(asset.body).length).toBeGreaterThan(10_000);
    }
    expect(html).not.toMatch(/<script>/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
