// Scenario 1 alone (ticket issue, product against the baseline), for before/after figures of a
// change on the ticket path without the four minutes of the full run: `node --import tsx
// bench/ticket-issue-only.ts` (BENCH_QUICK=1 for 3 s). BENCH_ROUNDS=N repeats it (fresh servers).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { openStore } from '../db/client';
import { seed } from '../server/seed';
import { firstOffice, login, PASSWORD, root, start } from './harness';
import { ticketIssue } from './scenarios/ticket-issue';

async function round() {
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-'));
  const dbPath = join(dir, 'reception.db');
  const store = await openStore({ databasePath: dbPath });
  await seed(store, { adminPassword: PASSWORD, staffPassword: PASSWORD });
  await store.close();
  const product = await start('dist-server/main.mjs', { DATABASE_PATH: dbPath });
  const baseline = await start('bench/results/baseline.mjs', { DATABASE_PATH: join(dir, 'baseline.db') });
  try {
    const office = await firstOffice(product.url);
    const admin = await login(product.url, 'admin');
    return await ticketIssue({ product, baseline, office, cookie: admin });
  } finally {
    await product.stop();
    await baseline.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');
  await build({
    entryPoints: [join(root, 'bench/baseline.ts')],
    outfile: join(root, 'bench/results/baseline.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  for (let i = 0; i < Number(process.env.BENCH_ROUNDS ?? 1); i++) {
    const r = await round();
    const ratio = (r.product.requestsPerSec / r.baseline.requestsPerSec).toFixed(2);
    console.log(
      `ticket issue: product ${r.product.requestsPerSec} req/s (p50 ${r.product.p50Ms} / p99 ${r.product.p99Ms} ms, non2xx ${r.product.non2xx}), baseline ${r.baseline.requestsPerSec} req/s, ratio ${ratio}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
