// `npm run city`: a city on this machine for a demo, and for the tests of tests/city/. Two or
// three server processes (the production bundle, dist-server/main.mjs) on one PostgreSQL
// database and one Redis, behind HAProxy with deploy/haproxy.cfg. Prints the balancer's URL.
//   CITY_PROCESSES=3 CITY_PORT=8080 DATABASE_URL=postgres://... REDIS_URL=redis://... npm run city
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const root = join(import.meta.dirname, '..');

export interface CityOptions {
  /** Server processes behind the balancer: 1 to 3 (deploy/haproxy.cfg names three). */
  processes?: number;
  databaseUrl?: string;
  redisUrl?: string;
  /** The balancer's port; a free one by default. */
  port?: number;
  /** Extra environment for every process (passwords, TRUST_PROXY, JOBS_INTERVAL_SECONDS...). */
  env?: Record<string, string>;
  /** Where the processes' and the balancer's output goes (default: this process's). */
  log?: (line: string) => void;
  /** Extra Node options for every process (the bench's `--cpu-prof`, not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** The balancer's settings (deploy/haproxy.cfg): CITY_PROCESS_MAXCONN, CITY_QUEUED_BOOKINGS. */
  balancerEnv?: Record<string, string>;
}

export interface AppProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything it printed, for tests that read its JSON log lines. */
  output: string[];
}

export interface City {
  /** The balancer's URL: what residents, screens and staff use. */
  url: string;
  databaseUrl: string;
  apps: AppProcess[];
  /** Starts process `i` again (after a kill), on its old port. */
  restart(i: number): Promise<AppProcess>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Creates the database of a postgres:// URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await c.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await c.end();
  }
}

async function waitHealthy(url: string, ms: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become healthy within ${ms} ms`);
}

export async function startCity(options: CityOptions = {}): Promise<City> {
  const count = Math.min(3, Math.max(1, options.processes ?? 2));
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/reception_city';
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const log = options.log ?? ((line: string) => process.stdout.write(line));
  await ensureDatabase(databaseUrl);
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');

  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const balancerPort = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${balancerPort}`;
  const apps: AppProcess[] = [];

  const launch = (i: number): AppProcess => {
    const port = ports[i]!;
    const output: string[] = [];
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', ...(options.nodeArgs ?? []), join(root, 'dist-server/main.mjs')],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: url,
          TRUST_PROXY: '1',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const name = `app${i + 1}`;
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        output.push(chunk);
        log(chunk.replace(/^(?=.)/gm, `[${name}] `));
      });
    }
    return { name, port, url: `http://127.0.0.1:${port}`, child, output };
  };

  const stopChild = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });

  // All processes start at the same moment: one migrates and seeds, the others wait for it.
  for (let i = 0; i < count; i++) apps.push(launch(i));
  let balancer: ChildProcess | undefined;
  try {
    await Promise.all(apps.map((a) => waitHealthy(a.url, 60_000, a.child)));

    const unused = await freePort();
    balancer = spawn('haproxy', ['-db', '-f', join(root, 'deploy/haproxy.cfg')], {
      env: {
        ...process.env,
        CITY_BIND: `127.0.0.1:${balancerPort}`,
        CITY_APP1: `127.0.0.1:${ports[0] ?? unused}`,
        CITY_APP2: `127.0.0.1:${ports[1] ?? unused}`,
        CITY_APP3: `127.0.0.1:${ports[2] ?? unused}`,
        ...options.balancerEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    balancer.on('error', (e) => log(`[haproxy] ${String(e)} (install it: apt-get install haproxy)\n`));
    for (const stream of [balancer.stdout!, balancer.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => log(chunk.replace(/^(?=.)/gm, '[haproxy] ')));
    }
    await waitHealthy(url, 15_000, balancer);
  } catch (e) {
    // Nothing is left running when the city cannot start.
    await Promise.all([...apps.map((a) => stopChild(a.child)), ...(balancer ? [stopChild(balancer)] : [])]);
    throw e;
  }
  const lb = balancer;

  return {
    url,
    databaseUrl,
    apps,
    async restart(i) {
      await stopChild(apps[i]!.child);
      const app = launch(i);
      apps[i] = app;
      await waitHealthy(app.url, 60_000, app.child);
      return app;
    },
    async stop() {
      await Promise.all(apps.map((a) => stopChild(a.child)));
      await stopChild(lb);
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const city = await startCity({
    processes: Number(process.env.CITY_PROCESSES ?? 2),
    port: process.env.CITY_PORT ? Number(process.env.CITY_PORT) : 8080,
  });
  console.log(`\nThe city is running behind HAProxy on ${city.url} (${city.apps.length} processes on ${city.databaseUrl}).`);
  console.log(
    `  Booking page: ${city.url}/book?office=1   Display: ${city.url}/display?office=1   Counter: ${city.url}/counter\n`,
  );
  const stop = async () => {
    await city.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
