// Starts the HTTP server with Socket.IO on the same port, and the periodic jobs. Used by
// server/main.ts and by the tests (port 0), so both run exactly the same stack.

import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Db } from '../db/client';
import { createApp } from './app';
import type { Config } from './config';
import { listOffices } from './offices/store';
import { createRealtime } from './realtime/server';
import { LoginThrottle } from './staff/throttle';
import { closeDay } from './tickets/day-end';
import { type Clock, systemClock } from './time';

export interface StartOptions {
  db: Db;
  config: Config;
  clock?: Clock;
  port?: number;
  host?: string;
  distDir?: string;
  /** How often the day-end job runs (ms); 0 disables it. */
  jobsIntervalMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: HttpServer;
  realtime: ReturnType<typeof createRealtime>;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const realtime = createRealtime({ db: opts.db, clock });
  const deps = { db: opts.db, clock, notify: realtime.notifier, config: opts.config, throttle: new LoginThrottle() };
  const app = createApp(deps, { distDir: opts.distDir });
  const httpServer = await new Promise<HttpServer>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? opts.config.PORT, hostname: opts.host ?? opts.config.HOST }, () =>
      resolve(s as HttpServer),
    ) as HttpServer;
  });
  realtime.attach(httpServer);
  const { port } = httpServer.address() as AddressInfo;

  const interval = opts.jobsIntervalMs ?? 60_000;
  const runJobs = () => {
    for (const office of listOffices(opts.db)) closeDay(deps, office.id);
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
    async close() {
      if (timer) clearInterval(timer);
      httpServer.closeAllConnections?.();
      await realtime.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
