// Scenario 8: the city's pages answer from maintained aggregates. 100 centres (the demo city's two
// and 98 more like the second), a day of 60,000 tickets issued across them, and a month of daily
// rows: GET /api/city (every centre live) and the leaders' comparison of a month, through the
// app in process (no network), on SQLite. Reported, never asserted.
//   node --import tsx bench/city-pages.ts
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { openStore } from '../db/client';
import { counterServices, counters, officeDailyStats, offices, openingHours, sectors, services } from '../db/schema';
import type { SqliteStore } from '../db/sqlite';
import { createApp } from '../server/app';
import { WAIT_BUCKETS } from '../server/city/daily';
import { testConfig } from '../server/config';
import { silentNotifier } from '../server/events';
import { seed } from '../server/seed';
import { createAppDeps } from '../server/server';
import { issueTicket } from '../server/tickets/store';
import { addDays, zonedTime } from '../server/time';

const CENTRES = Number(process.env.BENCH_CENTRES ?? 100);
const TICKETS = Number(process.env.BENCH_CITY_TICKETS ?? 60_000);
const REQUESTS = 200;
const DAY = '2026-11-30';

export interface CityPagesBench {
  centres: number;
  tickets: number;
  city: { p50Ms: number; p99Ms: number; bytes: number };
  compareMonth: { p50Ms: number; p99Ms: number; rows: number };
  openDataMonth: { p50Ms: number; p99Ms: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (x: number) => Math.round(x * 100) / 100;

async function timed(n: number, fn: () => Response | Promise<Response>) {
  const ms: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await fn();
    await last.arrayBuffer();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)), last: last! };
}

export async function runCityPagesBench(): Promise<CityPagesBench> {
  const store = (await openStore({ databasePath: ':memory:' })) as SqliteStore;
  let now = zonedTime(DAY, 7 * 60 + 30, 'Asia/Ho_Chi_Minh');
  const clock = { now: () => now };
  await seed(store, { adminPassword: 'bench-password-1', staffPassword: 'bench-password-1', now });
  const db = store.db;

  // 98 more centres shaped like the second demo centre.
  const template = (await db.select().from(offices).where(eq(offices.id, 2)))[0]!;
  const tServices = await db.select().from(services).where(eq(services.officeId, 2));
  const tSectors = await db.select().from(sectors).where(eq(sectors.officeId, 2));
  const tCounters = await db.select().from(counters).where(eq(counters.officeId, 2));
  const tLinks = await db.select().from(counterServices);
  const tHours = await db.select().from(openingHours).where(eq(openingHours.officeId, 2));
  for (let i = 3; i <= CENTRES; i++) {
    await store.write(async (tx) => {
      const o = (
        await tx
          .insert(offices)
          .values({
            ...template,
            id: undefined as never,
            name: `Trung tâm số ${i}`,
            latitude: 21 + i / 1000,
            longitude: 105.8 + i / 1000,
          })
          .returning()
      )[0]!;
      const sectorId = new Map<number, number>();
      for (const s of tSectors)
        sectorId.set(
          s.id,
          (
            await tx
              .insert(sectors)
              .values({ ...s, id: undefined as never, officeId: o.id })
              .returning()
          )[0]!.id,
        );
      const serviceId = new Map<number, number>();
      for (const s of tServices)
        serviceId.set(
          s.id,
          (
            await tx
              .insert(services)
              .values({ ...s, id: undefined as never, officeId: o.id, sectorId: sectorId.get(s.sectorId)! })
              .returning()
          )[0]!.id,
        );
      for (const c of tCounters) {
        const row = (
          await tx
            .insert(counters)
            .values({ ...c, id: undefined as never, officeId: o.id })
            .returning()
        )[0]!;
        for (const l of tLinks.filter((x) => x.counterId === c.id))
          await tx
            .insert(counterServices)
            .values({ counterId: row.id, serviceId: serviceId.get(l.serviceId)!, position: l.position });
      }
      for (const h of tHours) await tx.insert(openingHours).values({ ...h, id: undefined as never, officeId: o.id });
    });
  }

  // A day of tickets across every centre and service (the kept waiting counts follow them).
  const all = await db.select({ id: services.id, officeId: services.officeId }).from(services);
  const deps = { db, store, clock, notify: silentNotifier };
  for (let i = 0; i < TICKETS; i += 256) {
    await Promise.all(
      Array.from({ length: Math.min(256, TICKETS - i) }, (_, k) => {
        const s = all[(i + k) % all.length]!;
        return issueTicket(deps, { officeId: s.officeId, serviceId: s.id, priority: null }).then((r) => {
          if (!r.ok) throw new Error(`issue: ${r.code}`);
        });
      }),
    );
    now += 500;
  }

  // A month of daily rows for every centre.
  const histogram = Array.from({ length: WAIT_BUCKETS }, (_, m) => (m < 60 ? 10 : 0));
  for (let d = 1; d <= 30; d++) {
    const day = addDays(DAY, -d);
    const rows = Array.from({ length: CENTRES }, (_, k) => ({
      officeId: k + 1,
      day,
      issued: 600,
      served: 590,
      noShows: 10,
      servedWithinTarget: 400,
      waitHistogram: histogram,
      bookingsCheckedIn: 80,
      bookingsNoShow: 5,
      responses: 120,
      satisfied: 100,
      factors: { access: { sum: 480, n: 120 } },
      etaAbsErrorMinutes: 3000,
      etaErrorMinutes: 1000,
      etaCount: 590,
      computedAt: now,
    }));
    await store.write((tx) => tx.insert(officeDailyStats).values(rows));
  }

  const appDeps = await createAppDeps({ store, clock, notify: silentNotifier, config: testConfig() });
  const app = createApp(appDeps);
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'bench-password-1' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

  for (let i = 0; i < 10; i++) await (await app.request('/api/city')).arrayBuffer();
  const city = await timed(REQUESTS, () => app.request('/api/city'));
  const bytes = (await (await app.request('/api/city')).arrayBuffer()).byteLength;
  const from = addDays(DAY, -30);
  const to = addDays(DAY, -1);
  const compare = await timed(20, () => app.request(`/api/city/compare?from=${from}&to=${to}`, { headers: { cookie } }));
  const compared = (await (await app.request(`/api/city/compare?from=${from}&to=${to}`, { headers: { cookie } })).json()) as {
    centres: unknown[];
  };
  const openData = await timed(20, () => app.request(`/api/open-data/daily.json?from=${from}&to=${to}`));
  await store.close();
  return {
    centres: CENTRES,
    tickets: TICKETS,
    city: { p50Ms: city.p50Ms, p99Ms: city.p99Ms, bytes },
    compareMonth: { p50Ms: compare.p50Ms, p99Ms: compare.p99Ms, rows: compared.centres.length },
    openDataMonth: { p50Ms: openData.p50Ms, p99Ms: openData.p99Ms },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCityPagesBench().then((r) => {
    console.log(JSON.stringify(r, null, 2));
    process.exit(0);
  });
}
