// 4. Memory: RSS of a freshly started server, idle and then with many display sockets
// connected, and the cost per connection; the same for the baseline.
import { connectDisplays, type Office, sleep, start } from '../harness';

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

/**
 * In a fresh server on the product's database (and a fresh baseline): after scenarios 1-3 the
 * heap still holds their garbage and buffers, which made the per-connection cost meaningless
 * (negative). One warm-up request first so the routes and the database are loaded.
 */
export async function memory(ctx: { productDb: string; baselineDb: string; office: Office; sockets: number }) {
  return {
    product: await memoryWith(
      'dist-server/main.mjs',
      { DATABASE_PATH: ctx.productDb },
      `/api/offices/${ctx.office.id}/services`,
      { officeId: ctx.office.id },
      ctx.sockets,
    ),
    baseline: await memoryWith('bench/results/baseline.mjs', { DATABASE_PATH: ctx.baselineDb }, '/healthz', {}, ctx.sockets),
  };
}
