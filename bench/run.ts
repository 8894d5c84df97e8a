// `npm run bench`: starts the real server (and the bare-stack baseline) as separate processes on
// loopback with fresh databases, drives them with autocannon, undici and real socket.io-client
// connections, and writes bench/results/latest.json plus a Markdown table. Targets are
// reported, never asserted. BENCH_QUICK=1 runs a short smoke version of every scenario.
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { build } from 'esbuild';
import { io, type Socket } from 'socket.io-client';
import { Client } from 'undici';
import { openDb } from '../db/client';
import { services } from '../db/schema';
import { seed } from '../server/seed';

const QUICK = process.env.BENCH_QUICK === '1';
// BENCH_CPU_PROF=1: the product server writes a V8 CPU profile (open in Chrome DevTools) into
// bench/results/profiles/ when it exits.
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const root = new URL('..', import.meta.url).pathname;
const PASSWORD = 'bench-password-1';

interface Probe {
  loopP50: number;
  loopP99: number;
  loopMax: number;
  rss: number;
  heapUsed: number;
}

interface Proc {
  child: ChildProcess;
  url: string;
  probe(reset?: boolean): Promise<Probe>;
  stop(): Promise<void>;
}

async function start(script: string, env: Record<string, string>, profile = false): Promise<Proc> {
  // Below the ephemeral range (32768 and up), where the many client sockets of the scenarios
  // take their local ports: a port there could still be held by one (EADDRINUSE).
  const port = 20000 + Math.floor(Math.random() * 12000);
  const prof = profile ? ['--cpu-prof', '--cpu-prof-dir', join(root, 'bench/results/profiles')] : [];
  const child = fork(script.startsWith('/') ? script : join(root, script), [], {
    cwd: root,
    execArgv: ['--import', join(root, 'bench/probe.mjs'), '--expose-gc', ...prof],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'production' },
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
    probe(reset = false) {
      return new Promise((resolve) => {
        const on = (m: { type?: string } & Probe) => {
          if (m?.type !== 'probe') return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send({ type: 'probe', reset });
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 100) / 100;
}

async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function post(url: string, path: string, cookie: string, body: unknown = {}) {
  const r = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json().catch(() => null)) as any };
}

async function loadTest(url: string, path: string, headers: Record<string, string>, body: string) {
  const result = await autocannon({
    url: url + path,
    method: 'POST',
    connections: 32,
    duration: QUICK ? 3 : 10,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function connectDisplays(url: string, n: number, auth: Record<string, unknown>): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const batch = 100;
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, () =>
      io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false }),
    );
    await Promise.all(
      group.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            s.once('connect', () => resolve());
            s.once('connect_error', reject);
          }),
      ),
    );
    sockets.push(...group);
  }
  return sockets;
}

/** Calls `calls` times; each time measures how long until every display socket has the call. */
async function measureBroadcast(sockets: Socket[], calls: number, doCall: (i: number) => Promise<string | null>) {
  const deliveries: number[] = [];
  const allDone: number[] = [];
  let expected = 0;
  let received = 0;
  for (let i = 0; i < calls; i++) {
    let pending = sockets.length;
    let t0 = 0;
    let number: string | null = null;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      for (const s of sockets) {
        s.once('call', (e: { number: string }) => {
          if (number !== null && e.number !== number) return;
          const dt = performance.now() - t0;
          deliveries.push(dt);
          received++;
          if (--pending === 0) {
            allDone.push(dt);
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
    t0 = performance.now();
    number = await doCall(i);
    if (number === null) {
      for (const s of sockets) s.removeAllListeners('call');
      break;
    }
    expected += sockets.length;
    await done;
    for (const s of sockets) s.removeAllListeners('call');
  }
  deliveries.sort((a, b) => a - b);
  allDone.sort((a, b) => a - b);
  return {
    calls: allDone.length,
    deliveryP50Ms: percentile(deliveries, 50),
    deliveryP99Ms: percentile(deliveries, 99),
    allDisplaysP50Ms: percentile(allDone, 50),
    allDisplaysP99Ms: percentile(allDone, 99),
    reach: expected ? received / expected : 0,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-'));
  const results: Record<string, unknown> = { date: new Date().toISOString(), quick: QUICK, node: process.version };
  const DISPLAYS = QUICK ? 200 : 1000;
  const CALLS = QUICK ? 20 : 100;
  const MEMORY_SOCKETS = QUICK ? 400 : 2000;

  // The product's database is made here (seed + a fixed capacity for the rush's service) so the
  // server starts on a known office.
  const dbPath = join(dir, 'reception.db');
  const db = openDb(dbPath);
  await seed(db, { adminPassword: PASSWORD, staffPassword: PASSWORD });
  const rushService = db.select().from(services).where(eq(services.prefix, 'E')).get()!;
  db.update(services).set({ capacityPerSlot: 8 }).where(eq(services.id, rushService.id)).run();
  db.$client.close();

  // Both run as plain JS, as in production: the server bundle that \`npm start\` runs, and the
  // baseline bundled the same way.
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');
  await build({
    entryPoints: [join(root, 'bench/baseline.ts')],
    // Inside the repository, so its imports resolve from node_modules.
    outfile: join(root, 'bench/results/baseline.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const product = await start('dist-server/main.mjs', { DATABASE_PATH: dbPath }, CPU_PROF);
  const baseline = await start('bench/results/baseline.mjs', { DATABASE_PATH: join(dir, 'baseline.db') });

  try {
    // 1. Ticket issue at 32 connections.
    const admin = await login(product.url, 'admin');
    results.ticketIssue = {
      product: await loadTest(product.url, '/api/offices/1/tickets', { cookie: admin, origin: product.url }, '{"serviceId":1}'),
      baseline: await loadTest(baseline.url, '/tickets', {}, '{"serviceId":1}'),
    };

    // 2 and 5. Calls to 1,000 displays, with the server's event-loop delay meanwhile.
    const staffNames = ['canbo1', 'canbo2', 'canbo3', 'giamsat', 'admin'];
    const counters: { id: number; cookie: string }[] = [];
    for (const [i, name] of staffNames.entries()) {
      const cookie = name === 'admin' ? admin : await login(product.url, name);
      const r = await post(product.url, `/api/counters/${i + 1}/open`, cookie);
      if (r.status !== 200) throw new Error(`open counter ${i + 1}: ${r.status} ${JSON.stringify(r.body)}`);
      counters.push({ id: i + 1, cookie });
    }
    // Something to call at every counter (service 1 already has thousands from scenario 1).
    for (const serviceId of [5, 8, 10]) {
      await Promise.all(Array.from({ length: 40 }, () => post(product.url, '/api/offices/1/tickets', admin, { serviceId })));
    }
    const displays = await connectDisplays(product.url, DISPLAYS, { officeId: 1 });
    await product.probe(true);
    const productCalls = await measureBroadcast(displays, CALLS, async (i) => {
      const c = counters[i % counters.length]!;
      const r = await post(product.url, `/api/counters/${c.id}/call-next`, c.cookie);
      if (r.status !== 200) return null;
      await post(product.url, `/api/counters/${c.id}/no-show`, c.cookie);
      return r.body.ticket.number as string;
    });
    const loop = await product.probe(true);
    for (const s of displays) s.disconnect();

    const baseDisplays = await connectDisplays(baseline.url, DISPLAYS, {});
    await baseline.probe(true);
    const baselineCalls = await measureBroadcast(baseDisplays, CALLS, async () => {
      const r = await fetch(`${baseline.url}/call`, { method: 'POST' });
      return ((await r.json()) as { ticket: { number: string } }).ticket.number;
    });
    const baseLoop = await baseline.probe(true);
    for (const s of baseDisplays) s.disconnect();
    results.callToDisplays = { displays: DISPLAYS, product: productCalls, baseline: baselineCalls };
    results.eventLoopUnderCalls = {
      product: { p50Ms: loop.loopP50, p99Ms: loop.loopP99, maxMs: loop.loopMax },
      baseline: { p50Ms: baseLoop.loopP50, p99Ms: baseLoop.loopP99, maxMs: baseLoop.loopMax },
    };

    // 3. Booking rush: many residents (distinct loopback source addresses) for 10 slots of 8.
    const attempts = QUICK ? 1000 : 5000;
    const concurrency = QUICK ? 100 : 200;
    results.bookingRush = await bookingRush(await productRush(product.url, rushService.id), attempts, concurrency);
    results.bookingRushBaseline = await bookingRush(baselineRush(baseline.url), attempts, concurrency);
  } finally {
    await product.stop();
    await baseline.stop();
  }

  // 4. Memory with many sockets, in a fresh server on the same database (and a fresh baseline):
  // after scenarios 1-3 the heap still holds their garbage and buffers, which made the
  // per-connection cost meaningless (negative). One warm-up request first so the routes and the
  // database are loaded.
  try {
    results.memory = {
      product: await memoryWith(
        'dist-server/main.mjs',
        { DATABASE_PATH: dbPath },
        '/api/offices/1/services',
        { officeId: 1 },
        MEMORY_SOCKETS,
      ),
      baseline: await memoryWith(
        'bench/results/baseline.mjs',
        { DATABASE_PATH: join(dir, 'baseline-memory.db') },
        '/healthz',
        {},
        MEMORY_SOCKETS,
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(table(results as never));
}

interface Rush {
  url: string;
  /** The booking request of attempt i (path and JSON body). */
  attempt(i: number): { path: string; body: string };
}

/** The product's booking endpoint: 10 slots of capacity 8 of one service. */
async function productRush(url: string, serviceId: number): Promise<Rush | { skipped: string }> {
  const slotsRes = await fetch(`${url}/api/offices/1/services/${serviceId}/slots?days=14`);
  if (!slotsRes.ok) return { skipped: `slots endpoint answered ${slotsRes.status}` };
  const slots = ((await slotsRes.json()) as { start: string; capacity: number; remaining: number }[])
    .filter((s) => s.remaining === 8)
    .slice(0, 10);
  if (slots.length < 10) return { skipped: `only ${slots.length} free slots of capacity 8` };
  return {
    url,
    attempt: (i) => ({
      path: '/api/offices/1/appointments',
      body: JSON.stringify({
        serviceId,
        start: slots[i % slots.length]!.start,
        name: `Công dân ${i}`,
        phone: `09${String(10_000_000 + i).padStart(8, '0')}`,
      }),
    }),
  };
}

/** The same rush against the bare stack's /book (10 slots of 8, one transaction each). */
function baselineRush(url: string): Rush {
  return {
    url,
    attempt: (i) => ({
      path: '/book',
      body: JSON.stringify({ slot: i % 10, name: `Công dân ${i}`, phone: `09${String(10_000_000 + i).padStart(8, '0')}` }),
    }),
  };
}

/** RSS of a freshly started server, idle and then with `sockets` display sockets connected. */
async function memoryWith(
  script: string,
  env: Record<string, string>,
  warmUp: string,
  auth: Record<string, unknown>,
  sockets: number,
) {
  const proc = await start(script, env);
  try {
    await fetch(proc.url + warmUp);
    await sleep(500);
    const before = await proc.probe();
    const many = await connectDisplays(proc.url, sockets, auth);
    await sleep(1000);
    const after = await proc.probe();
    for (const s of many) s.disconnect();
    return {
      sockets,
      rssBeforeMb: Math.round(before.rss / 1e6),
      rssAfterMb: Math.round(after.rss / 1e6),
      heapAfterMb: Math.round(after.heapUsed / 1e6),
      perConnectionKb: Math.round((after.rss - before.rss) / sockets / 100) / 10,
    };
  } finally {
    await proc.stop();
  }
}

async function bookingRush(target: Rush | { skipped: string }, attempts: number, concurrency: number) {
  if ('skipped' in target) return target;
  const rush = target;
  // One client (one connection) per source address: 127.0.x.y, so per-IP limits see many
  // residents. An undici Client rather than an Agent: the Agent's pool layer cost the load
  // generator 370 us of CPU per request against 265 us (measured on the bare server), and on a
  // 2-core machine the generator's CPU is taken from the server's.
  const clients = Array.from(
    { length: 1000 },
    (_, i) => new Client(rush.url, { localAddress: `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}` }),
  );
  await warmUpGenerator(rush.url, concurrency);
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < attempts) {
      const i = next++;
      const { path, body } = rush.attempt(i);
      const t0 = performance.now();
      const r = await clients[i % clients.length]!.request({
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await r.body.dump();
      latencies.push(performance.now() - t0);
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  const booked = statuses.get(201) ?? 0;
  const conflicts = statuses.get(409) ?? 0;
  return {
    attempts,
    concurrency,
    requestsPerSec: Math.round(attempts / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses: Object.fromEntries(statuses),
    booked,
    correct: booked === 80 && booked + conflicts === attempts,
  };
}

/**
 * Warms the load generator up before it is measured: its first thousand requests on new
 * connections cost it 850 us of CPU each against 150 us once warm (JIT), taken from the
 * server's share of the 2 cores. Without this the product's rush, which ran first, paid for the
 * generator's warm-up and the baseline's did not. Fresh connections from other source addresses
 * to /healthz: nothing a booking counts (slots, per-IP limits) is touched.
 */
async function warmUpGenerator(url: string, concurrency: number) {
  const clients = Array.from({ length: concurrency }, (_, i) => new Client(url, { localAddress: `127.0.9.${1 + (i % 250)}` }));
  await Promise.all(
    clients.map(async (c) => {
      for (let k = 0; k < 5; k++) {
        const r = await c.request({ path: '/healthz', method: 'GET', reset: true });
        await r.body.dump();
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
}

function table(r: any): string {
  const ti = r.ticketIssue;
  const cd = r.callToDisplays;
  const br = r.bookingRush;
  const bb = r.bookingRushBaseline;
  const ratio = (a: number | null, b: number | null) => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');
  const rows = [
    ['scenario', 'product', 'baseline', 'ratio', 'target'],
    [
      '1. ticket issue, req/s (32 conn)',
      ti.product.requestsPerSec,
      ti.baseline.requestsPerSec,
      ratio(ti.product.requestsPerSec, ti.baseline.requestsPerSec),
      '≥ 0.60× baseline',
    ],
    [
      '1. ticket issue p50 / p99 ms',
      `${ti.product.p50Ms} / ${ti.product.p99Ms}`,
      `${ti.baseline.p50Ms} / ${ti.baseline.p99Ms}`,
      '',
      '',
    ],
    [
      `2. call → all ${cd.displays} displays p50 ms`,
      cd.product.allDisplaysP50Ms,
      cd.baseline.allDisplaysP50Ms,
      ratio(cd.product.allDisplaysP50Ms, cd.baseline.allDisplaysP50Ms),
      '≤ 1.7× baseline',
    ],
    ['2. call → all displays p99 ms', cd.product.allDisplaysP99Ms, cd.baseline.allDisplaysP99Ms, '', '≤ 100 ms'],
    ['2. reach', cd.product.reach, cd.baseline.reach, '', '100%'],
    [
      '3. booking rush, req/s',
      br.skipped ?? br.requestsPerSec,
      bb.requestsPerSec,
      ratio(br.requestsPerSec, bb.requestsPerSec),
      '',
    ],
    ['3. booking rush p50 / p99 ms', br.skipped ?? `${br.p50Ms} / ${br.p99Ms}`, `${bb.p50Ms} / ${bb.p99Ms}`, '', 'p99 ≤ 300 ms'],
    [
      '3. booking correctness',
      br.skipped ? 'skipped' : br.correct ? 'exactly 80 booked, rest 409' : `WRONG ${JSON.stringify(br.statuses)}`,
      bb.correct ? 'exactly 80 booked, rest 409' : `WRONG ${JSON.stringify(bb.statuses)}`,
      '',
      'exactly 80',
    ],
    [
      `4. RSS with ${r.memory.product.sockets} sockets, MB`,
      r.memory.product.rssAfterMb,
      r.memory.baseline.rssAfterMb,
      ratio(r.memory.product.rssAfterMb, r.memory.baseline.rssAfterMb),
      '≤ 200 MB',
    ],
    [
      '4. RSS idle MB / per connection KB',
      `${r.memory.product.rssBeforeMb} / ${r.memory.product.perConnectionKb}`,
      `${r.memory.baseline.rssBeforeMb} / ${r.memory.baseline.perConnectionKb}`,
      '',
      '',
    ],
    [
      '5. event-loop delay p99 under 2., ms',
      r.eventLoopUnderCalls.product.p99Ms,
      r.eventLoopUnderCalls.baseline.p99Ms,
      ratio(r.eventLoopUnderCalls.product.p99Ms, r.eventLoopUnderCalls.baseline.p99Ms),
      '',
    ],
  ];
  return rows.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${' --- |'.repeat(row.length)}` : ''}`).join('\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
