// 7. The city: the same ticket path and booking rush through HAProxy to two processes on one
// PostgreSQL and one Redis (scripts/city.ts, as `npm run city` starts them), beside the single
// SQLite process of scenarios 1 and 3; and one call reaching 1,000 displays spread over the two
// processes (the call made on one, half the displays on the other, through Redis).

import { startCity } from '../../scripts/city';
import { connectRedis } from '../../server/redis';
import { queryRows } from '../../tests/test-databases';
import { connectDisplays, firstOffice, login, PASSWORD, post, QUICK } from '../harness';
import { bookingRush, productRush } from './booking-rush';
import { measureBroadcast, openCounters, STAFF } from './call-to-displays';
import { loadTest } from './ticket-issue';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const admin = (sql: string) => queryRows(ADMIN_URL, sql);

export async function cityScenarios(ctx: {
  rushPrefix: string;
  displays: number;
  calls: number;
  attempts: number;
  concurrency: number;
}) {
  const name = `reception_bench_${process.pid}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    await admin('select 1');
    const redis = await connectRedis(REDIS_URL);
    for await (const keys of redis.scanIterator({ MATCH: 'reception:*', COUNT: 500 })) if (keys.length) await redis.del(keys);
    await redis.quit();
  } catch (e) {
    return { skipped: `PostgreSQL or Redis not reachable: ${String(e)}` };
  }
  await admin(`drop database if exists ${name} with (force)`);
  const city = await startCity({
    processes: 2,
    databaseUrl: url.toString(),
    redisUrl: REDIS_URL,
    log: () => {},
    env: {
      ADMIN_PASSWORD: PASSWORD,
      STAFF_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
      BOOKING_RATE_LIMIT: '100000',
      NODE_ENV: 'production',
    },
    // Side by side with one process: every attempt decided by a process, none answered busy by
    // the balancer's admission (the national rush, 7b, measures the city with it).
    balancerEnv: { CITY_QUEUED_BOOKINGS: '100000' },
  });
  try {
    const office = await firstOffice(city.url);
    const adminCookie = await login(city.url, 'admin');
    const rush = office.services.find((s) => s.prefix === ctx.rushPrefix)!;
    await fetch(`${city.url}/api/admin/offices/${office.id}/services/${rush.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: adminCookie, origin: city.url },
      body: JSON.stringify({ capacityPerSlot: 8 }),
    });

    const ticketIssue = await loadTest(
      city.url,
      `/api/offices/${office.id}/tickets`,
      { cookie: adminCookie, origin: city.url },
      JSON.stringify({ serviceId: office.services[0]!.id }),
    );
    const bookingRushCity = await bookingRush(await productRush(city.url, office.id, rush.id), ctx.attempts, ctx.concurrency);

    // Five counters open through the balancer; half the displays on each process.
    const counters = await openCounters(city.url, office, adminCookie);
    for (const c of office.counters.slice(0, STAFF.length)) {
      const serviceId = c.serviceIds[0]!;
      await Promise.all(
        Array.from({ length: 40 }, () => post(city.url, `/api/offices/${office.id}/tickets`, adminCookie, { serviceId })),
      );
    }
    const half = Math.floor(ctx.displays / 2);
    const displays = [
      ...(await connectDisplays(city.apps[0]!.url, half, { officeId: office.id }, true)),
      ...(await connectDisplays(city.apps[1]!.url, ctx.displays - half, { officeId: office.id }, true)),
    ];
    // Every call is made on process 1: the displays on process 2 hear it through Redis.
    const calls = await measureBroadcast(displays, ctx.calls, async (i) => {
      const c = counters[i % counters.length]!;
      const r = await post<{ ticket: { number: string } }>(city.apps[0]!.url, `/api/counters/${c.id}/call-next`, c.cookie);
      if (r.status !== 200 || !r.body) return null;
      await post(city.apps[0]!.url, `/api/counters/${c.id}/no-show`, c.cookie);
      return r.body.ticket.number;
    });
    for (const s of displays) s.disconnect();
    return {
      processes: city.apps.length,
      ticketIssue,
      bookingRush: bookingRushCity,
      callToDisplays: { displays: ctx.displays, ...calls },
    };
  } finally {
    await city.stop();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

export const CITY_DEFAULTS = {
  displays: QUICK ? 200 : 1000,
  calls: QUICK ? 20 : 100,
  attempts: QUICK ? 1000 : 5000,
  concurrency: QUICK ? 100 : 200,
};
