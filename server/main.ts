// The only impure entry: config -> open the store (migrate, seed a new database) -> listen.

import { openStore } from '../db/client';
import { loadConfig } from './config';
import { connectRedis } from './redis';
import { isSeeded, type SeedResult, seed } from './seed';
import { startServer } from './server';

const config = loadConfig();
// Seeding runs right after migrating, inside the migration lock on PostgreSQL: when several
// processes of a city start on a new database, exactly one seeds it.
let seeded: SeedResult | null = null;
// A database this process cannot open or write stops the start with the reason, not a stack.
const store = await openStore({
  databaseUrl: config.DATABASE_URL,
  databasePath: config.DATABASE_PATH,
  poolSize: config.PG_POOL_SIZE,
  afterMigrate: async (s) => {
    if (!(await isSeeded(s.db)))
      seeded = await seed(s, { adminPassword: config.ADMIN_PASSWORD, staffPassword: config.STAFF_PASSWORD });
  },
}).catch((e: unknown) => {
  console.error(`Cannot start: ${(e as Error).message}`);
  process.exit(1);
});
const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
const server = await startServer({ store, config, redis, jobsIntervalMs: config.JOBS_INTERVAL_SECONDS * 1000 });

const base = config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${server.port}`;
const office = (seeded as SeedResult | null)?.officeId ?? 1;
const lines = [
  '',
  `Model reception office is running on ${base}`,
  '',
  `  Booking page (QR poster):  ${base}/book?office=${office}`,
  `  Entrance kiosk:            ${base}/kiosk?office=${office}`,
  `  Lobby display:             ${base}/display?office=${office}`,
  `  Counter terminal:          ${base}/counter`,
  `  Supervisor:                ${base}/counter/supervisor`,
  `  Admin:                     ${base}/counter/admin`,
  `  API docs:                  ${base}/api/docs`,
  '',
];
if (seeded) {
  const made: SeedResult = seeded;
  lines.push('A new database was created with a demo office. Sign-ins (shown only now):');
  for (const c of made.credentials) {
    const hidden = (c.role === 'admin' && config.ADMIN_PASSWORD) || (c.role !== 'admin' && config.STAFF_PASSWORD);
    lines.push(`  ${c.username.padEnd(9)} ${c.role.padEnd(11)} ${hidden ? '(password from the environment)' : c.password}`);
  }
  lines.push('', 'Pair the demo devices by opening each link once on the device (one-time links):');
  for (const p of made.pairPaths) lines.push(`  ${p.kind.padEnd(8)} ${p.name.padEnd(24)} ${base}${p.path}`);
  lines.push('');
} else {
  lines.push('Existing database: devices are paired from the admin screen (pairing links are shown once).', '');
}
console.log(lines.join('\n'));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const log = (event: string) => console.log(JSON.stringify({ t: new Date().toISOString(), event, signal }));
  log('shutdown');
  // Requests in flight get 10 s to finish; if closing still hangs, give up with a failure code.
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await server.close(10_000);
  await store.close();
  await redis?.quit().catch(() => {});
  log('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
