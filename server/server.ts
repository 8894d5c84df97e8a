// Starts the HTTP server with Socket.IO on the same port, and the periodic jobs. Used by
// server/main.ts and by the tests (port 0), so both run exactly the same stack.

import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../db/client';
import { addAcceptors } from './acceptors';
import { createApp } from './app';
import { idNumberPepper } from './booking/identity';
import { sweepNoShows } from './booking/no-shows';
import { type BookingLimiter, configuredBookingLimiter } from './booking/rate-limit';
import { recordEndedDays } from './city/daily';
import type { Config } from './config';
import { forgetForecasts } from './estimates/forecasts';
import type { Deps } from './events';
import { runFeedbackJobs } from './feedback/store';
import type { AppDeps } from './http';
import { listOffices } from './offices/store';
import { purgeOutreachBookings } from './outreach/store';
import { purgeExpired } from './privacy/retention';
import { createRealtime } from './realtime/server';
import type { Redis } from './redis';
import { LoginThrottle, RedisLoginThrottle } from './staff/throttle';
import { closeDay } from './tickets/day-end';
import { type Clock, systemClock } from './time';

export interface StartOptions {
  store: Store;
  config: Config;
  clock?: Clock;
  port?: number;
  host?: string;
  distDir?: string;
  /** How often the day-end job runs (ms); 0 disables it. */
  jobsIntervalMs?: number;
  /** The booking rate limiter; by default the one the configuration sets. */
  bookingLimiter?: BookingLimiter;
  /** The city's Redis: Socket.IO across processes and the city-wide counters. */
  redis?: Redis;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: HttpServer;
  realtime: ReturnType<typeof createRealtime>;
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  /** Graceful: stops accepting, waits for requests in flight (at most graceMs), closes sockets. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The app's dependencies, made once at start: the login throttle, the booking limiter and the
 * ID-number pepper (resolved now: configured, else the one kept in the database). The tests'
 * app is made by the same function.
 */
export async function createAppDeps(
  o: Omit<Deps, 'db'> & { config: Config; bookingLimiter?: BookingLimiter; redis?: Redis },
): Promise<AppDeps> {
  // Forecasts of a store this process served before (tests open one database after another).
  forgetForecasts();
  return {
    db: o.store.db,
    store: o.store,
    clock: o.clock,
    notify: o.notify,
    config: o.config,
    throttle: o.redis ? new RedisLoginThrottle(o.redis) : new LoginThrottle(),
    bookingLimiter: o.bookingLimiter ?? configuredBookingLimiter(o.config, o.redis),
    redis: o.redis,
    idNumberPepper: await idNumberPepper(o.store, o.config.ID_NUMBER_PEPPER, o.clock.now()),
  };
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const realtime = createRealtime({ db: opts.store.db, clock, publicUrl: opts.config.PUBLIC_URL, redis: opts.redis });
  const deps = await createAppDeps({ ...opts, clock, notify: realtime.notifier, redis: opts.redis });
  const app = createApp(deps, { distDir: opts.distDir });
  const httpServer = await new Promise<HttpServer>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? opts.config.PORT, hostname: opts.host ?? opts.config.HOST }, () =>
      resolve(s as HttpServer),
    ) as HttpServer;
  });
  await realtime.attach(httpServer);
  const acceptors = await addAcceptors(httpServer, opts.config.ACCEPT_HANDLES);
  const { port } = httpServer.address() as AddressInfo;

  const interval = opts.jobsIntervalMs ?? 60_000;
  // A job that fails (a database busy past its timeout, a bug) is logged and tried again next
  // time: an exception thrown from a timer callback would end the whole process.
  const guard = async (job: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      console.error(JSON.stringify({ t: new Date().toISOString(), job, error: String(e) }));
    }
  };
  // In a city one process runs the jobs: the one holding the store's lease (db/postgres.ts).
  let leading = false;
  let running: Promise<void> | null = null;
  const runJobs = () => {
    running ??= guard('jobs', async () => {
      const leader = await opts.store.isLeader();
      if (leader !== leading && opts.store.dialect === 'postgres') {
        console.log(JSON.stringify({ t: new Date().toISOString(), event: leader ? 'jobs_leader' : 'jobs_follower' }));
      }
      leading = leader;
      if (!leader) return;
      const offices = await listOffices(opts.store.db);
      for (const office of offices) {
        await guard(`closeDay ${office.id}`, () => closeDay(deps, office.id));
        await guard(`sweepNoShows ${office.id}`, () => sweepNoShows(deps, office.id));
      }
      for (const office of offices) await guard(`purgeExpired ${office.id}`, () => purgeExpired(deps, office.id));
      // The city's daily rows of every day that has ended (written once).
      await guard('recordEndedDays', () => recordEndedDays(deps));
      // Feedback due soon reminded, late feedback escalated to the city (each once).
      await guard('feedbackJobs', () => runFeedbackJobs(deps));
      await guard('purgeOutreachBookings', () => purgeOutreachBookings(deps));
    }).finally(() => {
      running = null;
    });
  };
  const timer = interval > 0 ? setInterval(runJobs, interval) : null;
  timer?.unref();
  if (interval > 0) runJobs();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer,
    realtime,
    app,
    deps,
    async close(graceMs = 10_000) {
      if (timer) clearInterval(timer);
      await running;
      // Stop accepting; requests in flight finish (up to graceMs), then what is left is cut.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const acceptorsClosed = acceptors.close();
      httpServer.closeIdleConnections();
      await realtime.close();
      // A keep-alive connection turns idle once its response is sent: close each as it does.
      const sweep = setInterval(() => httpServer.closeIdleConnections(), 20);
      const force = setTimeout(() => httpServer.closeAllConnections(), graceMs);
      await closed;
      await acceptorsClosed;
      clearInterval(sweep);
      clearTimeout(force);
    },
  };
}
