// What the benchmark's scenarios share: server processes started with the probe preloaded, the
// HTTP and socket helpers of the load generator, and the office as the public API lists it (so
// no scenario assumes ids).
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';

export const QUICK = process.env.BENCH_QUICK === '1';
// BENCH_CPU_PROF=1: the product server writes a V8 CPU profile (open in Chrome DevTools) into
// bench/results/profiles/ when it exits.
export const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
export const root = new URL('..', import.meta.url).pathname;
export const PASSWORD = 'bench-password-1';

/** package.json's start script: `[NAME=value ...] node [--flag ...] dist-server/main.mjs`. */
const startScript = (() => {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
  const m = /((?:\b[A-Z_]+=\S+ )*)node ((?:--\S+ )*)dist-server\/main\.mjs/.exec(scripts.start ?? '');
  const words = (s: string | undefined) => (s ?? '').split(' ').filter(Boolean);
  return {
    env: Object.fromEntries(words(m?.[1]).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)])),
    flags: words(m?.[2]),
  };
})();

/**
 * The node flags `npm start` runs the server bundle with (package.json's start script: source
 * maps, the young generation's size), so the product is measured as it runs in production.
 * BENCH_SERVER_FLAGS='--flag --other' replaces them, to compare.
 */
export const SERVER_FLAGS: string[] =
  process.env.BENCH_SERVER_FLAGS !== undefined ? process.env.BENCH_SERVER_FLAGS.split(' ').filter(Boolean) : startScript.flags;

/**
 * The environment the start script sets for the server (MALLOC_ARENA_MAX); a variable of the
 * same name in the bench's own environment wins (MALLOC_ARENA_MAX= npm run bench: glibc's default).
 */
export const SERVER_ENV: Record<string, string> = startScript.env;

export interface Probe {
  loopP50: number;
  loopP99: number;
  loopMax: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Each V8 heap space's committed bytes. */
  heapSpaces: Record<string, number>;
  /** Each V8 heap space's used bytes. */
  heapSpacesUsed?: Record<string, number>;
  /** Anonymous memory (V8's heap, malloc), bytes; undefined off Linux. */
  anonymous?: number;
  /** The main thread's malloc arena ([heap]), bytes; undefined off Linux. */
  mallocHeap?: number;
  /** Garbage collection since the last reset: pause time and count. */
  gcMs: number;
  gcCount: number;
}

export interface Proc {
  child: ChildProcess;
  url: string;
  /**
   * The event-loop delay and memory (after a full GC) inside the process (bench/probe.mjs);
   * `reset` starts a new window; `heapSnapshot` writes a V8 heap snapshot to that path first.
   */
  probe(reset?: boolean, heapSnapshot?: string): Promise<Probe>;
  stop(): Promise<void>;
}

export async function start(script: string, env: Record<string, string>, profile = false): Promise<Proc> {
  // Below the ephemeral range (32768 and up), where the many client sockets of the scenarios
  // take their local ports: a port there could still be held by one (EADDRINUSE).
  const port = 20000 + Math.floor(Math.random() * 12000);
  const prof = profile ? ['--cpu-prof', '--cpu-prof-dir', join(root, 'bench/results/profiles')] : [];
  const child = fork(script.startsWith('/') ? script : join(root, script), [], {
    cwd: root,
    execArgv: [
      ...(script.endsWith('dist-server/main.mjs') ? SERVER_FLAGS : []),
      '--import',
      join(root, 'bench/probe.mjs'),
      '--expose-gc',
      ...prof,
    ],
    env: {
      ...(script.endsWith('dist-server/main.mjs') ? SERVER_ENV : {}),
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(`[${script}] ${d}`));
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  return {
    child,
    url,
    probe(reset = false, heapSnapshot?: string) {
      return new Promise((resolve) => {
        const on = (m: { type?: string } & Probe) => {
          if (m?.type !== 'probe') return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send({ type: 'probe', reset, heapSnapshot });
      });
    },
    stop() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 100) / 100;
}

export async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A staff POST; `body` is the answer's JSON (T when the status says success), null if none. */
export async function post<T = unknown>(url: string, path: string, cookie: string, body: unknown = {}) {
  const r = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json().catch(() => null)) as T | null };
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
  return (await r.json()) as T;
}

export interface Office {
  id: number;
  /** In the server's order. */
  services: { id: number; prefix: string }[];
  /** By number, each with the services it calls, main one first. */
  counters: { id: number; number: number; serviceIds: number[] }[];
}

/** The first office (the seeded demo office) with its services and counters, read as any client would. */
export async function firstOffice(url: string): Promise<Office> {
  const [office] = await getJson<{ id: number }[]>(`${url}/api/offices`);
  if (!office) throw new Error('the server lists no office');
  const [services, counters] = await Promise.all([
    getJson<Office['services']>(`${url}/api/offices/${office.id}/services`),
    getJson<Office['counters']>(`${url}/api/offices/${office.id}/counters`),
  ]);
  return { id: office.id, services, counters: [...counters].sort((a, b) => a.number - b.number) };
}

/**
 * `n` display sockets connected with `auth`, 100 at a time. `welcomed`: each resolves only once
 * the product has welcomed it (its first `queue` snapshot): a call made before a display's
 * snapshot is in its past, not one it should hear.
 */
export function connectDisplays(url: string, n: number, auth: Record<string, unknown>, welcomed = false): Promise<Socket[]> {
  return connectSockets(
    url,
    Array.from({ length: n }, () => auth),
    welcomed ? 'queue' : 'connect',
  );
}

/** One socket per `auths` entry (a display's `{officeId}`, a phone's `{ticketToken}`...), 100 at a time. */
export async function connectSockets(url: string, auths: Record<string, unknown>[], ready = 'connect'): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const batch = 100;
  for (let i = 0; i < auths.length; i += batch) {
    const group = auths
      .slice(i, i + batch)
      .map((auth) => io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false }));
    await Promise.all(
      group.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            s.once(ready, () => resolve());
            s.once('connect_error', reject);
          }),
      ),
    );
    sockets.push(...group);
  }
  return sockets;
}
