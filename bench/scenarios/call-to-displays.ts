// 2 and 5. Calls to many real display sockets: five counters call in turn (call-next, then
// no-show), each time measuring until every display has the `call` event; the server's
// event-loop delay is read meanwhile. The baseline broadcasts one emit per /call.
import type { Socket } from 'socket.io-client';
import { connectDisplays, login, type Office, type Proc, percentile, post } from '../harness';

/** Calls per block: the product's and the baseline's blocks alternate. */
const BLOCK = 10;

/** The five people who open a counter each, in the counters' order. */
export const STAFF = ['canbo1', 'canbo2', 'canbo3', 'giamsat', 'admin'];

/** The office's first counters opened, one by each of STAFF (signed in, the admin's cookie given). */
export async function openCounters(url: string, office: Office, admin: string) {
  const counters: { id: number; cookie: string }[] = [];
  for (const [i, name] of STAFF.entries()) {
    const counter = office.counters[i];
    if (!counter) throw new Error(`the office has ${office.counters.length} counters, the bench opens ${STAFF.length}`);
    const cookie = name === 'admin' ? admin : await login(url, name);
    const r = await post(url, `/api/counters/${counter.id}/open`, cookie);
    if (r.status !== 200) throw new Error(`open counter ${counter.number}: ${r.status} ${JSON.stringify(r.body)}`);
    counters.push({ id: counter.id, cookie });
  }
  return counters;
}

/**
 * Something to call at each of the first counters: the office's first service has scenario 1's
 * thousands; a counter that does not serve it gets `perCounter` tickets of its main service.
 */
export async function ticketsForEveryCounter(url: string, office: Office, admin: string, perCounter: number) {
  const first = office.services[0]!.id;
  for (const c of office.counters.slice(0, STAFF.length)) {
    if (c.serviceIds.includes(first)) continue;
    for (let i = 0; i < perCounter; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, perCounter - i) }, () =>
          post(url, `/api/offices/${office.id}/tickets`, admin, { serviceId: c.serviceIds[0] }),
        ),
      );
  }
}

/** Calls `calls` times; each time measures how long until every display socket has the call. */
export async function measureBroadcast(...args: Parameters<typeof measure>) {
  const { samples: _, ...figures } = await measure(...args);
  return figures;
}

/** measureBroadcast with its samples, so blocks can be merged. */
async function measure(
  sockets: Socket[],
  calls: number,
  doCall: (i: number) => Promise<string | null>,
  /** Runs after every display has call i (or the wait timed out), outside the measured time. */
  afterCall?: (i: number) => Promise<unknown>,
) {
  const deliveries: number[] = [];
  const allDone: number[] = [];
  /** Per call, when the first display had it: the server's part, before the fan-out. */
  const first: number[] = [];
  // Every display's every call, by number, with when it came: kept for the whole run, so a call
  // that comes during another one's wait is neither counted for that one nor lost for its own,
  // and one that comes after its wait is told apart (late) from one that never came (lost).
  const arrivals = new Map<string, Map<number, number>>();
  let wake = () => {};
  const trackers = sockets.map((s, k) => {
    const track = (e: { number: string }) => {
      let seen = arrivals.get(e.number);
      if (!seen) arrivals.set(e.number, (seen = new Map()));
      if (!seen.has(k)) seen.set(k, performance.now());
      wake();
    };
    s.on('call', track);
    return track;
  });
  const numbers: string[] = [];
  let expected = 0;
  let received = 0;
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const number = await doCall(i);
    if (number === null) break;
    numbers.push(number);
    expected += sockets.length;
    const heard = () => arrivals.get(number)?.size ?? 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, t0 + 2000 - performance.now()));
      wake = () => {
        if (heard() < sockets.length) return;
        clearTimeout(timer);
        resolve();
      };
      wake();
    });
    wake = () => {};
    const times = [...(arrivals.get(number)?.values() ?? [])].map((at) => at - t0).filter((dt) => dt <= 2000);
    received += times.length;
    deliveries.push(...times);
    if (times.length) first.push(Math.min(...times));
    if (times.length === sockets.length) allDone.push(Math.max(...times));
    await afterCall?.(i);
  }
  // What did not come within its wait: a few more seconds, then late or lost.
  const missing = () => numbers.reduce((n, num) => n + sockets.length - (arrivals.get(num)?.size ?? 0), 0);
  for (let waited = 0; missing() > 0 && waited < 5000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  const lost = missing();
  for (const [k, s] of sockets.entries()) s.off('call', trackers[k]!);
  deliveries.sort((a, b) => a - b);
  allDone.sort((a, b) => a - b);
  first.sort((a, b) => a - b);
  return {
    calls: allDone.length,
    firstDisplayP50Ms: percentile(first, 50),
    deliveryP50Ms: percentile(deliveries, 50),
    deliveryP99Ms: percentile(deliveries, 99),
    allDisplaysP50Ms: percentile(allDone, 50),
    allDisplaysP99Ms: percentile(allDone, 99),
    reach: expected ? received / expected : 0,
    /** Deliveries that came after their call's 2 s wait, and those that never came (5 s more). */
    late: expected - received - lost,
    lost,
    samples: { deliveries, allDone, first },
  };
}

export async function callToDisplays(ctx: {
  product: Proc;
  baseline: Proc;
  office: Office;
  /** The admin's session cookie. */
  admin: string;
  /** Display counts, smallest first: each size is measured on both servers, side by side. */
  displays: number[];
  calls: number;
}) {
  const { product, baseline, office, admin } = ctx;
  const counters = await openCounters(product.url, office, admin);
  await ticketsForEveryCounter(product.url, office, admin, Math.ceil((ctx.calls * ctx.displays.length) / STAFF.length) + 5);
  // The call is what is measured; the no-show that frees the counter for its next turn is sent
  // once every display has the call, so it never overlaps a measured call (the baseline's /call
  // needs no such step).
  const productCall = async (i: number) => {
    const c = counters[i % counters.length]!;
    const r = await post<{ ticket: { number: string } }>(product.url, `/api/counters/${c.id}/call-next`, c.cookie);
    return r.status === 200 && r.body ? r.body.ticket.number : null;
  };
  const noShow = (i: number) => {
    const c = counters[i % counters.length]!;
    return post(product.url, `/api/counters/${c.id}/no-show`, c.cookie);
  };
  const baselineCall = async () => {
    const r = await fetch(`${baseline.url}/call`, { method: 'POST' });
    return ((await r.json()) as { ticket: { number: string } }).ticket.number;
  };

  const productDisplays: Socket[] = [];
  const baseDisplays: Socket[] = [];
  const sizes = [];
  let loop = null;
  let baseLoop = null;
  let next = 0;
  for (const size of ctx.displays) {
    productDisplays.push(...(await connectDisplays(product.url, size - productDisplays.length, { officeId: office.id }, true)));
    baseDisplays.push(...(await connectDisplays(baseline.url, size - baseDisplays.length, {})));
    // Blocks of BLOCK calls, alternating, so a slower moment of the shared machine falls on both
    // (halves of 50 had moved the ratio by 0.3 run to run while other work shared the cores).
    // The event loop is read from the first call to the last: each server is idle during the
    // other's blocks, alike for both.
    const productBlocks: Measured[] = [];
    const baseBlocks: Measured[] = [];
    await product.probe(true);
    await baseline.probe(true);
    for (let done = 0; done < ctx.calls; done += BLOCK) {
      const n = Math.min(BLOCK, ctx.calls - done);
      const from = next;
      productBlocks.push(
        await measure(
          productDisplays,
          n,
          (i) => productCall(from + i),
          (i) => noShow(from + i),
        ),
      );
      baseBlocks.push(await measure(baseDisplays, n, baselineCall));
      next += n;
    }
    loop = await product.probe(true);
    baseLoop = await baseline.probe(true);
    sizes.push({ displays: size, product: merge(productBlocks), baseline: merge(baseBlocks) });
  }
  for (const s of [...productDisplays, ...baseDisplays]) s.disconnect();
  const largest = sizes.at(-1)!;
  return {
    callToDisplays: largest,
    callToDisplaysBySize: sizes,
    eventLoopUnderCalls: {
      product: { p50Ms: loop!.loopP50, p99Ms: loop!.loopP99, maxMs: loop!.loopMax },
      baseline: { p50Ms: baseLoop!.loopP50, p99Ms: baseLoop!.loopP99, maxMs: baseLoop!.loopMax },
    },
  };
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** Blocks of one measurement as one (percentiles over every block's samples). */
function merge(blocks: Measured[]) {
  const deliveries = blocks.flatMap((b) => b.samples.deliveries).sort((x, y) => x - y);
  const allDone = blocks.flatMap((b) => b.samples.allDone).sort((x, y) => x - y);
  const first = blocks.flatMap((b) => b.samples.first).sort((x, y) => x - y);
  const expected = blocks.reduce((n, b) => n + b.calls, 0);
  return {
    calls: expected,
    firstDisplayP50Ms: percentile(first, 50),
    deliveryP50Ms: percentile(deliveries, 50),
    deliveryP99Ms: percentile(deliveries, 99),
    allDisplaysP50Ms: percentile(allDone, 50),
    allDisplaysP99Ms: percentile(allDone, 99),
    reach: blocks.reduce((n, b) => n + b.reach * b.calls, 0) / Math.max(1, expected),
    late: blocks.reduce((n, b) => n + b.late, 0),
    lost: blocks.reduce((n, b) => n + b.lost, 0),
  };
}
