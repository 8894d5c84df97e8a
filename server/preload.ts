// What a resident's page will fetch first, announced with its HTML (a `Link` header): the route's
// own chunk and the chunks it imports (which the browser would otherwise find only after running
// the entry script), and the page's first data (the office's services, the ticket, the booking,
// the dossier). On a phone on Fast 3G each saves a round trip of 150 ms or more: the requests
// start while the HTML is still arriving instead of one after another.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each page path's lazy chunk, by the name Vite gives it (booking/main.tsx imports them). */
const ROUTES: { path: RegExp; chunk: string[]; data: (m: RegExpExecArray, query: URLSearchParams) => string[] }[] = [
  {
    path: /^\/book\/?$/,
    // The booking screens are one chunk (vite.config.ts); named after the page if ever split again.
    chunk: ['book', 'book-app'],
    data: (_m, q) => {
      const office = q.get('office');
      return office && /^\d{1,9}$/.test(office)
        ? [`/api/offices/${office}/settings/public`, `/api/offices/${office}/services`]
        : ['/api/offices'];
    },
  },
  { path: /^\/t\/([A-Za-z0-9_-]{8,64})\/?$/, chunk: ['ticket-page'], data: (m) => [`/api/tickets/${m[1]}`] },
  { path: /^\/a\/([A-Za-z0-9_-]{8,64})\/?$/, chunk: ['book', 'manage-page'], data: (m) => [`/api/appointments/${m[1]}`] },
  { path: /^\/h\/([A-Za-z0-9_-]{16,64})\/?$/, chunk: ['dossier-page'], data: (m) => [`/api/dossiers/${m[1]}`] },
];

interface Built {
  /** The booking app's entry script and the modules and styles its HTML lists: asked for first. */
  first: string[];
  /** For each route chunk, its scripts (its own first) and styles, as the entry loads them with it. */
  routes: Map<string, { scripts: string[]; styles: string[] }>;
}

/** Reads the booking app's build once: its HTML and its entry script's table of lazy chunks. */
function readBuild(dir: string): Built {
  const built: Built = { first: [], routes: new Map() };
  try {
    const html = readFileSync(join(dir, 'booking', 'index.html'), 'utf8');
    const entry = /<script[^>]+src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!entry) return built;
    built.first = [
      `</${entry}>; rel=modulepreload; crossorigin`,
      ...[...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
        (m) => `<${m[1]}>; rel=modulepreload; crossorigin`,
      ),
      ...[...html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
        (m) => `<${m[1]}>; rel=preload; as=style; crossorigin`,
      ),
    ];
    const code = readFileSync(join(dir, entry), 'utf8');
    const deps = JSON.parse(/m\.f=(\[[^\]]*\])/.exec(code)?.[1] ?? '[]') as string[];
    for (const m of code.matchAll(/import\(`\.\/(([\w]+(?:-[\w]+)*?)-[\w-]{8}\.js)`\)\s*,\s*__vite__mapDeps\(\[([\d,]*)\]\)/g)) {
      const [, file, name, list] = m;
      const listed = (list ?? '')
        .split(',')
        .filter(Boolean)
        .map((i) => `/${deps[Number(i)]}`);
      built.routes.set(name!, {
        scripts: [...new Set([`/assets/${file}`, ...listed.filter((f) => f.endsWith('.js'))])],
        styles: listed.filter((f) => f.endsWith('.css')),
      });
    }
  } catch {
    /* not built, or built differently: no hints, the pages still work */
  }
  return built;
}

export function preloader(dir: string) {
  let built: Built | null = null;
  /** The Link header value for a page path and query, or null. */
  return (path: string, query: URLSearchParams): string | null => {
    const route = ROUTES.find((r) => r.path.test(path));
    if (!route) return null;
    built ??= readBuild(dir);
    const m = route.path.exec(path)!;
    const chunk = route.chunk.map((name) => built!.routes.get(name)).find(Boolean);
    // In the order they are needed: the entry, the page's data (it waits longest on the server),
    // the route's code and styles.
    const links = [
      ...built.first.slice(0, 1),
      ...route.data(m, query).map((u) => `<${u}>; rel=preload; as=fetch; crossorigin`),
      ...built.first.slice(1),
      ...(chunk?.scripts ?? []).map((f) => `<${f}>; rel=modulepreload; crossorigin`),
      ...(chunk?.styles ?? []).map((f) => `<${f}>; rel=preload; as=style; crossorigin`),
    ];
    return links.length ? links.join(', ') : null;
  };
}
