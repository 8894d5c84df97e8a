// 4. Memory: RSS of a freshly started server, idle and then with many sockets connected (half
// lobby displays, half phones each following its own ticket, as /t/<token> does), the cost per
// connection; then a simulated day's phones connecting and leaving in waves, and what the
// process holds after it against before it (both after a full GC). The baseline gets the same
// number of plain sockets.
import autocannon from 'autocannon';
import type { Socket } from 'socket.io-client';
import {
  connectDisplays,
  connectSockets,
  firstOffice,
  login,
  type Office,
  type Probe,
  type Proc,
  post,
  sleep,
  start,
} from '../harness';
import { bookingRush, productRush } from './booking-rush';
import { openCounters, STAFF, ticketsForEveryCounter } from './call-to-displays';

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** The RSS taken apart (MB): V8's heap as committed (its young generation apart), malloc, the files mapped. */
function whereItIs(p: Probe) {
  const v8 = Object.values(p.heapSpaces).reduce((a, b) => a + b, 0);
  return {
    v8HeapMb: mb(v8),
    youngGenerationMb: mb(p.heapSpaces.new_space ?? 0),
    /** Each V8 heap space as committed, and as used. */
    heapSpacesMb: Object.fromEntries(Object.entries(p.heapSpaces).map(([k, v]) => [k, mb(v)])),
    heapSpacesUsedMb: Object.fromEntries(Object.entries(p.heapSpacesUsed ?? {}).map(([k, v]) => [k, mb(v)])),
    mallocMainMb: p.mallocHeap === undefined ? null : mb(p.mallocHeap),
    otherAnonymousMb: p.anonymous === undefined ? null : mb(p.anonymous - v8 - (p.mallocHeap ?? 0)),
    fileBackedMb: p.anonymous === undefined ? null : mb(p.rss - p.anonymous),
  };
}

/** `n` tickets of the office's services other than the first (scenario 1 filled that line), in turn. */
async function issueTickets(proc: Proc, office: Office, cookie: string, n: number): Promise<string[]> {
  const lines = office.services.length > 1 ? office.services.slice(1) : office.services;
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 50) {
    const made = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, (_, j) =>
        post<{ token: string }>(proc.url, `/api/offices/${office.id}/tickets`, cookie, {
          serviceId: lines[(i + j) % lines.length]!.id,
        }),
      ),
    );
    for (const r of made) {
      if (r.status !== 201 || !r.body) throw new Error(`ticket: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.push(r.body.token);
    }
  }
  return tokens;
}

/**
 * Phones leave as phones do: half close the page (the connection just ends: "transport close"),
 * half navigate away cleanly (the client says goodbye).
 */
function leave(sockets: Socket[]): void {
  for (const [i, s] of sockets.entries()) {
    if (i % 2) s.disconnect();
    else s.io.engine.close();
  }
}

/** The counter the day's calls are made at: the last of the office, opened by the admin. */
async function openCounter(proc: Proc, office: Office, cookie: string) {
  const counter = office.counters.at(-1)!;
  await post(proc.url, `/api/counters/${counter.id}/open`, cookie);
  return counter.id;
}

/** `n` calls at the counter (call-next, then finish or no-show), so the phones' lines move. */
async function calls(proc: Proc, counterId: number, cookie: string, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await post(proc.url, `/api/counters/${counterId}/call-next`, cookie);
    if (r.status !== 200) break;
    await post(proc.url, `/api/counters/${counterId}/${i % 3 ? 'finish' : 'no-show'}`, cookie);
  }
}

/** The product's figures alone (the bench runs them with the baseline's, `memory` below). */
async function productMemory(ctx: { db: string; sockets: number; dayPhones: number; waves: number; heapSnapshots?: string }) {
  // BENCH_PRODUCT=<path>/dist-server/main.mjs: another build of the product (an earlier commit's), for before/after.
  const proc = await start(process.env.BENCH_PRODUCT ?? 'dist-server/main.mjs', { DATABASE_PATH: ctx.db });
  const snap = (name: string) => (ctx.heapSnapshots ? `${ctx.heapSnapshots}/${name}.heapsnapshot` : undefined);
  try {
    const office = await firstOffice(proc.url);
    await sleep(500);
    // Idle: a freshly started server after its first requests (as this scenario always measured).
    const idle = await proc.probe(false, snap('idle'));
    const admin = await login(proc.url, 'admin');
    const counterId = await openCounter(proc, office, admin);

    // 2,000 sockets at once: half displays, half phones on tickets of their own.
    const displays = Math.ceil(ctx.sockets / 2);
    const phones = ctx.sockets - displays;
    const tokens = await issueTickets(proc, office, admin, phones);
    await sleep(500);
    const ready = await proc.probe();
    const many = [
      ...(await connectDisplays(proc.url, displays, { officeId: office.id })),
      ...(await connectSockets(
        proc.url,
        tokens.map((ticketToken) => ({ ticketToken })),
      )),
    ];
    // Every socket has had its welcome (snapshot, ticket) and a few calls have moved the lines.
    await calls(proc, counterId, admin, 5);
    await sleep(1500);
    const connected = await proc.probe(false, snap('connected'));
    // The same sockets 20 s on: what the connection storm left in V8's old space (its garbage,
    // promoted by the small young generation, between live objects) is compacted away by then
    // (V8's memory reducer, and the GCs before each reading).
    await sleep(SETTLE_MS);
    const settled = await proc.probe();
    leave(many);
    await sleep(1500);

    // A day's phones: waves of new tickets whose phones connect, follow a few calls and leave;
    // the process's memory after each wave has left (after a full GC). One wave first, not
    // counted: the code a wave runs is compiled (and kept) by then.
    const perWave = Math.ceil(ctx.dayPhones / ctx.waves);
    const wave = async () => {
      const tickets = await issueTickets(proc, office, admin, perWave);
      const sockets = await connectSockets(
        proc.url,
        tickets.map((ticketToken) => ({ ticketToken })),
      );
      await calls(proc, counterId, admin, 10);
      await sleep(300);
      const withWave = await proc.probe();
      leave(sockets);
      await sleep(300);
      return { withWave, after: await proc.probe() };
    };
    await wave();
    await sleep(1000);
    const before = await proc.probe(false, snap('before-day'));
    const waves = [];
    for (let w = 0; w < ctx.waves; w++) waves.push(await wave());
    await sleep(2000);
    const after = await proc.probe(false, snap('after-day'));
    return {
      sockets: ctx.sockets,
      displays,
      phones,
      rssBeforeMb: mb(idle.rss),
      heapBeforeMb: mb(idle.heapUsed),
      rssAfterMb: mb(connected.rss),
      heapAfterMb: mb(connected.heapUsed),
      perConnectionKb: Math.round((connected.rss - ready.rss) / ctx.sockets / 100) / 10,
      heapPerConnectionKb: Math.round((connected.heapUsed - ready.heapUsed) / ctx.sockets / 100) / 10,
      /** Where the RSS with the sockets is. */
      where: whereItIs(connected),
      /** The same sockets SETTLE_MS later. */
      rssSettledMb: mb(settled.rss),
      settledWhere: whereItIs(settled),
      day: {
        phones: perWave * ctx.waves,
        waves: ctx.waves,
        rssBeforeMb: mb(before.rss),
        heapBeforeMb: mb(before.heapUsed),
        /** The most RSS with a wave's phones connected (after a GC). */
        rssWithWaveMaxMb: mb(Math.max(...waves.map((w) => w.withWave.rss))),
        /** After each wave left: RSS and heap used, MB. */
        afterEachWave: waves.map((w) => ({ rssMb: mb(w.after.rss), heapMb: mb(w.after.heapUsed) })),
        rssAfterMb: mb(after.rss),
        heapAfterMb: mb(after.heapUsed),
        heapGrowthKb: Math.round((after.heapUsed - before.heapUsed) / 1e3),
        whereBefore: whereItIs(before),
        where: whereItIs(after),
      },
    };
  } finally {
    await proc.stop();
  }
}

/** How long the sockets stay connected before the second reading. */
const SETTLE_MS = 20_000;

/** How much `fill` leaves in the database: what a full run's scenarios 1-3 leave there, about. */
export interface Fill {
  /** Tickets of the office's first service, left waiting (scenario 1: 10 s at 32 connections). */
  tickets: number;
  /** Calls (call-next, then no-show) at the first five counters (scenario 2). */
  calls: number;
  /** Booking attempts on slots of capacity 8 (scenario 3: 80 booked, the rest refused). */
  bookingAttempts: number;
}

/**
 * Fills the product's database as scenarios 1-3 of a full run do, through the API of a server
 * that is then stopped: thousands of tickets waiting in one line, a few hundred called, a booking
 * rush. The measured server then starts on that database, as it does in a full run.
 */
export async function fill(db: string, rushServiceId: (office: Office) => number | undefined, f: Fill) {
  const proc = await start(process.env.BENCH_PRODUCT ?? 'dist-server/main.mjs', { DATABASE_PATH: db });
  try {
    const office = await firstOffice(proc.url);
    const admin = await login(proc.url, 'admin');
    const issued = await autocannon({
      url: `${proc.url}/api/offices/${office.id}/tickets`,
      method: 'POST',
      connections: 32,
      amount: f.tickets,
      headers: { 'content-type': 'application/json', cookie: admin, origin: proc.url },
      body: JSON.stringify({ serviceId: office.services[0]!.id }),
    });
    if (issued.non2xx || issued.errors) throw new Error(`fill: ${issued.non2xx} tickets refused, ${issued.errors} errors`);
    const counters = await openCounters(proc.url, office, admin);
    await ticketsForEveryCounter(proc.url, office, admin, Math.ceil(f.calls / STAFF.length) + 5);
    for (let i = 0; i < f.calls; i++) {
      const c = counters[i % counters.length]!;
      const r = await post(proc.url, `/api/counters/${c.id}/call-next`, c.cookie);
      if (r.status === 200) await post(proc.url, `/api/counters/${c.id}/no-show`, c.cookie);
    }
    const rush = rushServiceId(office);
    const booked =
      rush === undefined ? null : await bookingRush(await productRush(proc.url, office.id, rush), f.bookingAttempts, 200);
    if (booked && 'booked' in booked && !booked.correct) throw new Error(`fill: booking rush ${JSON.stringify(booked.statuses)}`);
    return { ...f, issuedPerSec: Math.round(issued.requests.average), booked: booked && 'booked' in booked ? booked.booked : 0 };
  } finally {
    await proc.stop();
  }
}

/** The bare stack: plain sockets, idle and then `sockets` of them. */
async function baseline(db: string, sockets: number) {
  const proc = await start('bench/results/baseline.mjs', { DATABASE_PATH: db });
  try {
    await fetch(`${proc.url}/healthz`);
    await sleep(500);
    const idle = await proc.probe();
    const many = await connectDisplays(proc.url, sockets, {});
    await sleep(1500);
    const connected = await proc.probe();
    for (const s of many) s.disconnect();
    return {
      sockets,
      rssBeforeMb: mb(idle.rss),
      rssAfterMb: mb(connected.rss),
      heapAfterMb: mb(connected.heapUsed),
      perConnectionKb: Math.round((connected.rss - idle.rss) / sockets / 100) / 10,
    };
  } finally {
    await proc.stop();
  }
}

/**
 * In a fresh server on the product's database (and a fresh baseline): after scenarios 1-3 the
 * heap still holds their garbage and buffers, which made the per-connection cost meaningless
 * (negative). BENCH_HEAP_SNAPSHOTS=<dir> writes the product's heap at each step there.
 */
export async function memory(ctx: { productDb: string; baselineDb: string; sockets: number; dayPhones: number; waves: number }) {
  return {
    product: await productMemory({ db: ctx.productDb, ...ctx, heapSnapshots: process.env.BENCH_HEAP_SNAPSHOTS }),
    baseline: await baseline(ctx.baselineDb, ctx.sockets),
  };
}
