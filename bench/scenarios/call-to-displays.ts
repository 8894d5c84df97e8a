// 2 and 5. Calls to many real display sockets: five counters call in turn (call-next, then
// no-show), each time measuring until every display has the `call` event; the server's
// event-loop delay is read meanwhile. The baseline broadcasts one emit per /call.
import type { Socket } from 'socket.io-client';
import { connectDisplays, login, type Office, type Proc, percentile, post } from '../harness';

/** The five people who open a counter each, in the counters' order. */
const STAFF = ['canbo1', 'canbo2', 'canbo3', 'giamsat', 'admin'];

/** Calls `calls` times; each time measures how long until every display socket has the call. */
export async function measureBroadcast(sockets: Socket[], calls: number, doCall: (i: number) => Promise<string | null>) {
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

export async function callToDisplays(ctx: {
  product: Proc;
  baseline: Proc;
  office: Office;
  /** The admin's session cookie. */
  admin: string;
  displays: number;
  calls: number;
}) {
  const { product, baseline, office, admin } = ctx;
  const counters: { id: number; cookie: string }[] = [];
  for (const [i, name] of STAFF.entries()) {
    const counter = office.counters[i];
    if (!counter) throw new Error(`the office has ${office.counters.length} counters, the bench opens ${STAFF.length}`);
    const cookie = name === 'admin' ? admin : await login(product.url, name);
    const r = await post(product.url, `/api/counters/${counter.id}/open`, cookie);
    if (r.status !== 200) throw new Error(`open counter ${counter.number}: ${r.status} ${JSON.stringify(r.body)}`);
    counters.push({ id: counter.id, cookie });
  }
  // Something to call at every counter: the office's first service already has thousands from
  // scenario 1; a counter that does not serve it gets 40 tickets of its main service.
  const issued = office.services[0]!.id;
  const mains = office.counters
    .slice(0, STAFF.length)
    .filter((c) => !c.serviceIds.includes(issued))
    .map((c) => c.serviceIds[0]!);
  for (const serviceId of new Set(mains)) {
    await Promise.all(
      Array.from({ length: 40 }, () => post(product.url, `/api/offices/${office.id}/tickets`, admin, { serviceId })),
    );
  }
  const displays = await connectDisplays(product.url, ctx.displays, { officeId: office.id });
  await product.probe(true);
  const productCalls = await measureBroadcast(displays, ctx.calls, async (i) => {
    const c = counters[i % counters.length]!;
    const r = await post<{ ticket: { number: string } }>(product.url, `/api/counters/${c.id}/call-next`, c.cookie);
    if (r.status !== 200 || !r.body) return null;
    await post(product.url, `/api/counters/${c.id}/no-show`, c.cookie);
    return r.body.ticket.number;
  });
  const loop = await product.probe(true);
  for (const s of displays) s.disconnect();

  const baseDisplays = await connectDisplays(baseline.url, ctx.displays, {});
  await baseline.probe(true);
  const baselineCalls = await measureBroadcast(baseDisplays, ctx.calls, async () => {
    const r = await fetch(`${baseline.url}/call`, { method: 'POST' });
    return ((await r.json()) as { ticket: { number: string } }).ticket.number;
  });
  const baseLoop = await baseline.probe(true);
  for (const s of baseDisplays) s.disconnect();
  return {
    callToDisplays: { displays: ctx.displays, product: productCalls, baseline: baselineCalls },
    eventLoopUnderCalls: {
      product: { p50Ms: loop.loopP50, p99Ms: loop.loopP99, maxMs: loop.loopMax },
      baseline: { p50Ms: baseLoop.loopP50, p99Ms: baseLoop.loopP99, maxMs: baseLoop.loopMax },
    },
  };
}
