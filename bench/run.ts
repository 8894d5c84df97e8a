// `npm run bench`: starts the real server (and the bare-stack baseline) as separate processes on
// loopback with fresh databases, runs the scenarios (bench/scenarios/, one file each, in the
// order README's "Benchmarks" numbers them) and writes bench/results/latest.json plus a
// Markdown table (bench/report.ts). Targets are reported, never asserted. BENCH_QUICK=1 runs a
// short smoke version of every scenario; `npm run bench -- memory` (or BENCH_ONLY=memory) runs
// scenario 4 alone (on a database filled as scenarios 1-3 fill it; BENCH_MEMORY_FRESH=1: a fresh
// one) and writes bench/results/memory.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { build } from 'esbuild';
import { openStore } from '../db/client';
import { openingHours, services } from '../db/schema';
import { seed } from '../server/seed';
import { runCityPagesBench } from './city-pages';
import { runCounterStateBench } from './counter-state';
import { CPU_PROF, firstOffice, login, type Office, PASSWORD, type Proc, QUICK, root, start } from './harness';
import { phonePages } from './phone';
import { memoryTable, type Results, table, writeResults } from './report';
import { bookingRushes } from './scenarios/booking-rush';
import { callToDisplays } from './scenarios/call-to-displays';
import { CITY_DEFAULTS, cityScenarios } from './scenarios/city';
import { cityRush } from './scenarios/city-rush';
import { fill, memory } from './scenarios/memory';
import { ticketIssue } from './scenarios/ticket-issue';

/** The service whose slots the booking rush fills: capacity 8 per slot, set before the start. */
const RUSH_PREFIX = 'E';
/** One scenario alone: `npm run bench -- memory`. */
const ONLY = process.argv[2] ?? process.env.BENCH_ONLY;

/** 4. Memory, in fresh processes (bench/scenarios/memory.ts). */
function memoryOf(dir: string, productDb: string) {
  return memory({
    productDb,
    baselineDb: join(dir, 'baseline-memory.db'),
    sockets: QUICK ? 400 : 2000,
    dayPhones: QUICK ? 2000 : 10_000,
    waves: 10,
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-'));
  const started = { date: new Date().toISOString(), quick: QUICK, node: process.version };

  // The product's database is made here (seed + a fixed capacity for the rush's service) so the
  // server starts on a known office.
  const dbPath = join(dir, 'reception.db');
  const store = await openStore({ databasePath: dbPath });
  const { officeId } = await seed(store, { adminPassword: PASSWORD, staffPassword: PASSWORD });
  await store.write((tx) =>
    tx
      .update(services)
      .set({ capacityPerSlot: 8 })
      .where(and(eq(services.officeId, officeId), eq(services.prefix, RUSH_PREFIX))),
  );
  // Every office works till midnight (its last session of each day ends at 24:00), so the run
  // measures the same thing whatever the hour: after the last session the day's end (run by
  // every server at its start and each minute) cancels what still waits, which is scenario 1's
  // tickets (and scenario 4's phones): a fresh server's start then closed 25,000 tickets in one
  // transaction after 17:00 in Hà Nội and not before.
  const hours = await store.db.select().from(openingHours);
  const last = new Map<string, (typeof hours)[number]>();
  for (const h of hours) {
    const key = `${h.officeId} ${h.weekday}`;
    if ((last.get(key)?.closesAt ?? -1) < h.closesAt) last.set(key, h);
  }
  await store.write((tx) =>
    tx
      .update(openingHours)
      .set({ closesAt: 24 * 60 })
      .where(
        inArray(
          openingHours.id,
          [...last.values()].map((h) => h.id),
        ),
      ),
  );
  await store.close();

  // Both run as plain JS, as in production: the server bundle that `npm start` runs, and the
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
  if (ONLY === 'memory') {
    try {
      // On the database a full run's scenarios 1-3 leave (a busy office's), unless
      // BENCH_MEMORY_FRESH=1: that is where the target counts.
      const filled =
        process.env.BENCH_MEMORY_FRESH === '1'
          ? null
          : await fill(dbPath, (o) => o.services.find((s) => s.prefix === RUSH_PREFIX)?.id, {
              tickets: QUICK ? 5000 : 25_000,
              calls: QUICK ? 40 : 200,
              bookingAttempts: QUICK ? 1000 : 5000,
            });
      if (filled) console.log(`filled: ${JSON.stringify(filled)}`);
      const memoryUse = await memoryOf(dir, dbPath);
      writeFileSync(
        join(root, 'bench/results/memory.json'),
        `${JSON.stringify({ ...started, filled, memory: memoryUse }, null, 2)}\n`,
      );
      console.log(memoryTable(memoryUse));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  if (ONLY && ONLY !== 'paths') throw new Error(`no scenario ${ONLY} to run alone (memory or paths)`);
  const product = await start('dist-server/main.mjs', { DATABASE_PATH: dbPath }, CPU_PROF);
  const baseline = await start('bench/results/baseline.mjs', { DATABASE_PATH: join(dir, 'baseline.db') });
  if (ONLY === 'paths') {
    try {
      await paths(product, baseline);
    } finally {
      await product.stop();
      await baseline.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }

  // The office, its services and counters as the API lists them: no scenario assumes an id.
  let office: Office;
  let loaded: Pick<Results, 'ticketIssue' | 'phone'> &
    Awaited<ReturnType<typeof callToDisplays>> &
    Awaited<ReturnType<typeof bookingRushes>>;
  try {
    office = await firstOffice(product.url);
    const rush = office.services.find((s) => s.prefix === RUSH_PREFIX);
    if (!rush) throw new Error(`the office has no service with prefix ${RUSH_PREFIX}`);
    const admin = await login(product.url, 'admin');
    // In this order: scenario 2 calls the tickets scenario 1 issued.
    const issued = await ticketIssue({ product, baseline, office, cookie: admin });
    const calls = await callToDisplays({
      product,
      baseline,
      office,
      admin,
      // 300: issue 18's side-by-side ratio; 1,000: issue 7's reach and p99.
      displays: QUICK ? [100, 200] : [300, 1000],
      calls: QUICK ? 20 : 100,
    });
    const rushes = await bookingRushes({
      product,
      baseline,
      office,
      serviceId: rush.id,
      attempts: QUICK ? 1000 : 5000,
      concurrency: QUICK ? 100 : 200,
    });
    // 9. The resident's pages on an emulated cheap phone, against the running product.
    const phone = await phonePages(product.url, admin);
    loaded = { ticketIssue: issued, ...calls, ...rushes, phone };
  } finally {
    await product.stop();
    await baseline.stop();
  }

  let memoryUse: Results['memory'];
  try {
    memoryUse = await memoryOf(dir, dbPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // 6. The counter terminal's read, in process once the servers have stopped (bench/counter-state.ts).
  const { markdown: _, ...counterState } = await runCounterStateBench();

  // 7. The city: two processes on PostgreSQL and Redis behind HAProxy (bench/scenarios/city.ts).
  const city = await cityScenarios({ rushPrefix: RUSH_PREFIX, ...CITY_DEFAULTS });
  // 7b. The national booking rush through the city, open loop (bench/scenarios/city-rush.ts).
  const cityRushResult = await cityRush(undefined, RUSH_PREFIX);

  // 8. The city's pages from maintained aggregates, in process (bench/city-pages.ts).
  const cityPages = await runCityPagesBench();

  const results: Results = { ...started, ...loaded, memory: memoryUse, counterState, city, cityRush: cityRushResult, cityPages };
  writeResults(results);
  console.log(table(results));
}

/**
 * `npm run bench -- paths`: scenarios 1 and 2 alone (the ticket and the call beside the bare
 * stack, at 300 displays), `BENCH_PATHS_ROUNDS` times (default 3) on the same servers, each
 * round's ratios printed: the spread between rounds shows how far one run can be trusted.
 */
async function paths(product: Proc, baseline: Proc) {
  const office = await firstOffice(product.url);
  const admin = await login(product.url, 'admin');
  const rounds = Number(process.env.BENCH_PATHS_ROUNDS ?? 3);
  const out = [];
  for (let round = 1; round <= rounds; round++) {
    const issued = await ticketIssue({ product, baseline, office, cookie: admin });
    const { callToDisplays: calls } = await callToDisplays({ product, baseline, office, admin, displays: [300], calls: 100 });
    const figures = {
      round,
      ticketsPerSec: { product: issued.product.requestsPerSec, baseline: issued.baseline.requestsPerSec },
      ticketRatio: +(issued.product.requestsPerSec / issued.baseline.requestsPerSec).toFixed(2),
      callP50Ms: { product: calls.product.allDisplaysP50Ms, baseline: calls.baseline.allDisplaysP50Ms },
      firstDisplayP50Ms: { product: calls.product.firstDisplayP50Ms, baseline: calls.baseline.firstDisplayP50Ms },
      callRatio: +((calls.product.allDisplaysP50Ms ?? Number.NaN) / (calls.baseline.allDisplaysP50Ms ?? Number.NaN)).toFixed(2),
    };
    console.log(JSON.stringify(figures));
    out.push(figures);
  }
  writeFileSync(
    join(root, 'bench/results/paths.json'),
    `${JSON.stringify({ date: new Date().toISOString(), rounds: out }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
