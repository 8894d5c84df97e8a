// 7b. The national booking rush through the city: open loop at a steady rate (100,000 attempts
// in 60 s; BENCH_QUICK=1 5,000 in 10 s) from 20,000 distinct residents (each its own loopback
// address and phone, as a phone on the street is), through HAProxy to two processes on one
// PostgreSQL, all on this machine with the load generator. Two variants, each on a fresh city:
//   (a) popular: a popular procedure opens one day's slots (capacity 8 each): almost every
//       attempt is refused;
//   (b) month: a whole month of another procedure's slots opens at once, with places for 60%
//       of the attempts: most attempts write.
// Latency is measured from each attempt's scheduled send time (no coordinated omission). Correct
// is: only 201/409/429, exactly the capacity booked (counted in PostgreSQL), no slot over its
// capacity. It also samples both processes' RSS, the CPU each party used (both processes,
// HAProxy, every PostgreSQL process, the load generator), PostgreSQL's wait events, and with
// BENCH_CPU_PROF=1 writes CPU profiles of the processes and of the load generator.
//   node --import tsx bench/scenarios/city-rush.ts   runs it alone (BENCH_RUSH_VARIANT=popular or month: one variant;
//   BENCH_RUSH_ATTEMPTS and BENCH_RUSH_SECONDS: another load).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Client } from 'undici';
import { type City, startCity } from '../../scripts/city';
import { connectRedis } from '../../server/redis';
import { queryRows } from '../../tests/test-databases';
import { CPU_PROF, firstOffice, login, PASSWORD, percentile, QUICK, root, sleep } from '../harness';
import { summarizeProfile } from '../profile-summary';
import { warmUpGenerator } from './booking-rush';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROFILES = join(root, 'bench/results/profiles');

export const CITY_RUSH_DEFAULTS = {
  attempts: Number(process.env.BENCH_RUSH_ATTEMPTS ?? (QUICK ? 5000 : 100_000)),
  seconds: Number(process.env.BENCH_RUSH_SECONDS ?? (QUICK ? 10 : 60)),
  residents: QUICK ? 2000 : 20_000,
};

const HZ = 100; // clock ticks per second of /proc/<pid>/stat

function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / HZ;
  } catch {
    return 0;
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every PostgreSQL process: the live ones (backends, WAL writer, checkpointer ...)
 * and, through the postmaster's reaped-children times, the backends that exited meanwhile (a pool
 * closes idle connections; reading only the backends alive at the end missed most of the work).
 */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'postgres') continue;
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]);
      // The postmaster (its parent is not PostgreSQL) also holds its reaped children's time.
      const parent = fields[1]!;
      if (readFileSync(`/proc/${parent}/comm`, 'utf8').trim() !== 'postgres') total += Number(fields[13]) + Number(fields[14]);
    } catch {
      /* gone meanwhile */
    }
  }
  return total / HZ;
}

/** The Redis server's pid (the one on REDIS_URL's port), if it runs on this machine. */
function redisPid(): number | undefined {
  const port = new URL(REDIS_URL).port || '6379';
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('redis-server')) continue;
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(port)) return Number(d);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

/** The machine's busy share of all cores between two readings of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total };
}

/** The HAProxy of this city: the one started with our CITY_BIND. */
function balancerPid(city: City): number | undefined {
  const bind = `CITY_BIND=${new URL(city.url).host}`;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'haproxy') continue;
      if (readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(bind)) return Number(d);
    } catch {
      /* gone, or not ours */
    }
  }
  return undefined;
}

// One statement on its own connection, as the tests' databases do.
const admin = <T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []) => queryRows<T>(url, text, params);

interface Target {
  serviceId: number;
  starts: string[];
  capacity: number;
}

/** Everything one open-loop rush measured. */
async function rush(city: City, dbUrl: string, officeId: number, target: Target, opts: typeof CITY_RUSH_DEFAULTS, label: string) {
  const { attempts, seconds, residents } = opts;
  const rate = attempts / seconds;
  const apps = city.apps.map((a) => a.child.pid!);
  const lb = balancerPid(city);
  const redisServer = redisPid();
  // One client per resident, made when the resident first tries: its own loopback address
  // (127.20.0.1 ...), so HAProxy's X-Forwarded-For and the per-address limit see 20,000 people.
  const clients: Client[] = new Array(residents);
  const clientOf = (r: number) =>
    (clients[r] ??= new Client(city.url, {
      localAddress: `127.${20 + Math.floor(r / 62_500)}.${1 + (Math.floor(r / 250) % 250)}.${1 + (r % 250)}`,
    }));
  // The load generator's first requests on new connections cost it several times the CPU (JIT).
  await warmUpGenerator(city.url, 200);
  await warmUpServers(city.url, officeId, target);

  const statuses = new Map<string, number>();
  const latencies = new Float64Array(attempts);
  let done = 0;
  const rss: { t: number; app: number[] }[] = [];
  const rssBefore = apps.map(rssMb);
  const statsSql = `select (select xact_commit + 0 from pg_stat_database where datname = $1) as commits,
    (select xact_rollback + 0 from pg_stat_database where datname = $1) as rollbacks,
    (select wal_sync + 0 from pg_stat_wal) as wal_syncs, (select wal_records + 0 from pg_stat_wal) as wal_records`;
  const dbName = new URL(dbUrl).pathname.slice(1);
  const [statsBefore] = await admin<Record<string, number>>(ADMIN_URL, statsSql, [dbName]);
  const pgBefore = postgresCpuSeconds();
  const cpuBefore = {
    apps: apps.map(cpuSeconds),
    lb: lb ? cpuSeconds(lb) : 0,
    redis: redisServer ? cpuSeconds(redisServer) : 0,
    gen: process.cpuUsage(),
    machine: machineTicks(),
  };

  // PostgreSQL's view while it runs: what its backends of this database are doing, 10 times a second.
  const waits = new Map<string, number>();
  const sampler = new pg.Client({ connectionString: ADMIN_URL });
  await sampler.connect();
  let sampling = true;
  const sampled = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ state: string | null; wait: string | null }>(
        `select state, wait_event_type || ':' || wait_event as wait from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid()`,
        [dbName],
      );
      for (const r of rows) {
        const key = r.state === 'active' ? (r.wait ?? 'active (on CPU)') : (r.state ?? 'unknown');
        waits.set(key, (waits.get(key) ?? 0) + 1);
      }
      await sleep(100);
    }
  })();
  const rssTimer = setInterval(() => rss.push({ t: performance.now(), app: apps.map(rssMb) }), 1000);

  const profiler = CPU_PROF ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }

  const interval = 1000 / rate;
  const t0 = performance.now() + 20;
  let sent = 0;
  let maxLag = 0;
  const inflight = new Set<Promise<void>>();
  // A resident's attempts go a fifth of the slots apart (days apart in the month): by i alone,
  // one resident's attempts had fallen on neighbouring slots whenever 20,000 was one less than a
  // multiple of the slots (339 on 2026-12-04), so most were the same day's second booking (409).
  const slots = target.starts.length;
  const apart = Math.max(1, Math.floor(slots / Math.ceil(attempts / residents)));
  const fire = (i: number, scheduled: number) => {
    const r = i % residents;
    const start = target.starts[(r + Math.floor(i / residents) * apart) % slots]!;
    const p = attempt(clientOf(r), officeId, {
      serviceId: target.serviceId,
      start,
      name: `Công dân ${r}`,
      phone: `09${String(10_000_000 + r).padStart(8, '0')}`,
    })
      .then(
        async (res) => {
          if (res.statusCode === 201 || res.statusCode === 409) {
            await res.body.dump();
            return String(res.statusCode);
          }
          // Anything else with what said it: the product's error code, or the balancer's page.
          const text = await res.body.text();
          const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? (text.includes('No server') ? 'no server available' : '');
          return `${res.statusCode}${code ? ` ${code}` : ''}`;
        },
        (e: Error) => `error ${(e as { code?: string }).code ?? e.message}`,
      )
      .then((status) => {
        latencies[i] = performance.now() - scheduled;
        done++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        inflight.delete(p);
      });
    inflight.add(p);
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < attempts && t0 + sent * interval <= now) {
        maxLag = Math.max(maxLag, now - (t0 + sent * interval));
        fire(sent, t0 + sent * interval);
        sent++;
      }
      if (sent < attempts) setTimeout(tick, Math.max(0, Math.min(4, t0 + sent * interval - now)));
      else resolve();
    };
    tick();
  });
  const sentSeconds = (performance.now() - t0) / 1000;
  while (inflight.size) await Promise.all([...inflight]);
  const totalSeconds = (performance.now() - t0) / 1000;

  let generatorProfile: string | undefined;
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    mkdirSync(PROFILES, { recursive: true });
    generatorProfile = join(PROFILES, `city-rush-${label}-generator-${process.pid}.cpuprofile`);
    writeFileSync(generatorProfile, JSON.stringify(profile));
    profiler.disconnect();
  }
  const cpu = {
    apps: apps.map((p, k) => Math.round((cpuSeconds(p) - cpuBefore.apps[k]!) * 10) / 10),
    haproxy: lb ? Math.round((cpuSeconds(lb) - cpuBefore.lb) * 10) / 10 : null,
    redis: redisServer ? Math.round((cpuSeconds(redisServer) - cpuBefore.redis) * 10) / 10 : null,
    generator: (() => {
      const u = process.cpuUsage(cpuBefore.gen);
      return Math.round((u.user + u.system) / 1e5) / 10;
    })(),
    postgres: Math.round((postgresCpuSeconds() - pgBefore) * 10) / 10,
    machineBusyShare: (() => {
      const m = machineTicks();
      return Math.round(((m.busy - cpuBefore.machine.busy) / (m.total - cpuBefore.machine.total)) * 100) / 100;
    })(),
  };
  clearInterval(rssTimer);
  sampling = false;
  await sampled;
  await sampler.end();
  const [statsAfter] = await admin<Record<string, number>>(ADMIN_URL, statsSql, [dbName]);
  await Promise.all(clients.filter(Boolean).map((c) => c.close()));
  await sleep(5000);
  const rssAfter = apps.map(rssMb);

  const [counted] = await admin<{ booked: number; ledger: number; overfull: number }>(
    dbUrl,
    `select (select count(*)::int from appointments where service_id = $1 and state = 'booked') as booked,
            (select coalesce(sum(booked), 0)::int from slot_ledger where service_id = $1) as ledger,
            (select count(*)::int from (select slot_start from appointments where service_id = $1 and state = 'booked'
               group by slot_start having count(*) > $2) o) as overfull`,
    [target.serviceId, target.capacity / target.starts.length],
  );
  const { booked, ledger, overfull } = counted!;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const allowed = [...statuses.keys()].every((s) => s === '201' || s === '409' || s.startsWith('429'));
  const waitTotal = [...waits.values()].reduce((a, b) => a + b, 0) || 1;
  return {
    attempts,
    seconds,
    residents,
    ratePerSec: Math.round(rate),
    slots: target.starts.length,
    capacity: target.capacity,
    sentInSec: Math.round(sentSeconds * 10) / 10,
    finishedInSec: Math.round(totalSeconds * 10) / 10,
    maxSendLagMs: Math.round(maxLag),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
    statuses: Object.fromEntries([...statuses].sort()),
    booked,
    ledgerBooked: ledger,
    overfullSlots: overfull,
    correct: allowed && done === attempts && booked === target.capacity && ledger === booked && overfull === 0,
    rssMb: {
      before: rssBefore,
      peak: apps.map((_, k) => Math.max(...rss.map((s) => s.app[k]!), rssBefore[k]!)),
      after: rssAfter,
    },
    cpuSeconds: cpu,
    // What one attempt costs each party, and the rate at which those costs alone fill this
    // machine's cores: the ceiling of the open-loop rate here, whatever the latency.
    cpuPerAttemptUs: (() => {
      const us = (sec: number | null) => Math.round(((sec ?? 0) / attempts) * 1e6);
      const parts = {
        processes: us(cpu.apps.reduce((a, b) => a + b, 0)),
        haproxy: us(cpu.haproxy),
        redis: us(cpu.redis),
        postgres: us(cpu.postgres),
        generator: us(cpu.generator),
      };
      const total = Object.values(parts).reduce((a, b) => a + b, 0);
      return { ...parts, total, ceilingPerSec: Math.round((availableParallelism() * 1e6) / total) };
    })(),
    postgres: {
      commits: statsAfter!.commits! - statsBefore!.commits!,
      rollbacks: statsAfter!.rollbacks! - statsBefore!.rollbacks!,
      walSyncsAllDatabases: statsAfter!.wal_syncs! - statsBefore!.wal_syncs!,
      // Share of the samples of this database's backends, busiest first.
      backendStates: Object.fromEntries(
        [...waits].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / waitTotal) * 1000) / 1000]),
      ),
    },
    generatorProfile: generatorProfile ? summarizeProfile(generatorProfile, 12) : undefined,
  };
}

/**
 * The processes' warm-up before the rush (a real rush meets processes that have been running):
 * 3,000 attempts at a minute past a slot's start, which is no slot (400 NOT_A_SLOT), through the
 * booking's whole read path without taking a place, from other addresses and phones.
 */
async function warmUpServers(url: string, officeId: number, target: Target) {
  const start = new Date(Date.parse(target.starts[0]!) + 60_000).toISOString();
  const clients = Array.from({ length: 100 }, (_, i) => new Client(url, { localAddress: `127.0.8.${1 + i}` }));
  await Promise.all(
    clients.map(async (c, i) => {
      for (let k = 0; k < 30; k++) {
        const r = await attempt(c, officeId, {
          serviceId: target.serviceId,
          start,
          name: 'Khởi động',
          phone: `08${String(10_000_000 + i * 30 + k)}`,
        });
        await r.body.dump();
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
}

/** One booking attempt, as the booking page sends it: a fresh Idempotency-Key with each submission. */
function attempt(client: Client, officeId: number, booking: { serviceId: number; start: string; name: string; phone: string }) {
  return client.request({
    path: `/api/offices/${officeId}/appointments`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(booking),
  });
}

/** A fresh city (two processes, PostgreSQL, Redis, HAProxy) for one variant. */
async function withCity<T>(label: string, fn: (city: City, dbUrl: string) => Promise<T>) {
  const name = `reception_rush_${process.pid}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(ADMIN_URL, `drop database if exists ${name} with (force)`);
  const redis = await connectRedis(REDIS_URL);
  for await (const keys of redis.scanIterator({ MATCH: 'reception:*', COUNT: 500 })) if (keys.length) await redis.del(keys);
  await redis.quit();
  const profDir = join(PROFILES, `city-rush-${label}-${process.pid}`);
  const city = await startCity({
    processes: 2,
    databaseUrl: url.toString(),
    redisUrl: REDIS_URL,
    log: () => {},
    nodeArgs: CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
    env: {
      ADMIN_PASSWORD: PASSWORD,
      STAFF_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      // The default per-address limit (60 in 10 min) stays: a resident here tries 5 times.
    },
  });
  let value: T;
  try {
    value = await fn(city, url.toString());
  } finally {
    await city.stop();
    await admin(ADMIN_URL, `drop database if exists ${name} with (force)`);
  }
  if (!CPU_PROF) return { ...value, serverProfiles: undefined };
  await sleep(500);
  const files = (() => {
    try {
      return readdirSync(profDir).map((f) => join(profDir, f));
    } catch {
      return [];
    }
  })();
  return { ...value, serverProfiles: files.map((f) => summarizeProfile(f, 15)) };
}

type Office = Omit<Awaited<ReturnType<typeof firstOffice>>, 'services'> & {
  services: { id: number; prefix: string; bookable?: boolean }[];
};

async function setUp(city: City, capacityFor: (slots: number) => number, pick: (o: Office) => number, days: number) {
  const office = (await firstOffice(city.url)) as Office;
  const cookie = await login(city.url, 'admin');
  const headers = { 'content-type': 'application/json', cookie, origin: city.url };
  const serviceId = pick(office);
  if (days > 14) {
    const r = await fetch(`${city.url}/api/admin/offices/${office.id}/settings`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ booking: { maxDaysAhead: days + 1 } }),
    });
    if (!r.ok) throw new Error(`settings: ${r.status} ${await r.text()}`);
  }
  const free = async () => {
    const r = await fetch(`${city.url}/api/offices/${office.id}/services/${serviceId}/slots?days=${Math.min(31, days)}`);
    return (await r.json()) as { start: string; capacity: number; remaining: number }[];
  };
  const slots = await free();
  const capacity = capacityFor(slots.length);
  const r = await fetch(`${city.url}/api/admin/offices/${office.id}/services/${serviceId}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ capacityPerSlot: capacity }),
  });
  if (!r.ok) throw new Error(`service: ${r.status} ${await r.text()}`);
  return { officeId: office.id, serviceId, slots: await free(), capacity };
}

export async function cityRush(opts = CITY_RUSH_DEFAULTS, rushPrefix = 'E') {
  try {
    await admin(ADMIN_URL, 'select 1');
    const redis = await connectRedis(REDIS_URL);
    await redis.quit();
  } catch (e) {
    return { skipped: `PostgreSQL or Redis not reachable: ${String(e)}` };
  }
  // (a) A popular procedure opens one day's slots of 8 places.
  const only = process.env.BENCH_RUSH_VARIANT; // popular or month: that variant alone (profiling one)
  const popular =
    only === 'month'
      ? undefined
      : await withCity('popular', async (city, dbUrl) => {
          const s = await setUp(
            city,
            () => 8,
            (o) => o.services.find((x) => x.prefix === rushPrefix)!.id,
            14,
          );
          // The first day whose slots are all free.
          const byDay = new Map<string, string[]>();
          for (const slot of s.slots) {
            const day = new Date(Date.parse(slot.start) + 7 * 3600_000).toISOString().slice(0, 10);
            byDay.set(day, [...(byDay.get(day) ?? []), slot.start]);
          }
          const starts = [...byDay.values()].find((d) => d.length >= 8)!;
          return rush(city, dbUrl, s.officeId, { serviceId: s.serviceId, starts, capacity: starts.length * 8 }, opts, 'popular');
        });
  // (b) A month of another procedure's slots, places for 60% of the attempts.
  const month =
    only === 'popular'
      ? undefined
      : await withCity('month', async (city, dbUrl) => {
          const s = await setUp(
            city,
            (slots) => Math.ceil((0.6 * opts.attempts) / slots),
            (o) => o.services.find((x) => x.prefix !== rushPrefix && x.bookable !== false)!.id,
            31,
          );
          const starts = s.slots.map((x) => x.start);
          return rush(
            city,
            dbUrl,
            s.officeId,
            { serviceId: s.serviceId, starts, capacity: starts.length * s.capacity },
            opts,
            'month',
          );
        });
  return { processes: 2, popular, month };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await cityRush();
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/city-rush.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
