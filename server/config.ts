// The one place the environment is read (by server/main.ts only); everything else receives the
// parsed Config. Bad configuration stops the process with a clear message.
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** The SQLite file, when DATABASE_URL is not set (the embedded default). */
  DATABASE_PATH: z.string().min(1).default('data/reception.db'),
  /** postgres://user@host:5432/db runs on PostgreSQL: the city deployment, several processes. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** PostgreSQL connections per process. */
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** redis://host:6379: Socket.IO events and the city-wide counters shared by every process. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** How often the periodic jobs (day end, no-shows, retention) run, in seconds. */
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Password for the seeded demo officers and supervisor (random and printed once if unset). */
  STAFF_PASSWORD: z.string().min(8).optional(),
  /** Public base URL for printed links (pairing, QR codes) when behind a proxy. */
  PUBLIC_URL: z.string().url().optional(),
  /**
   * How many proxies of your own stand in front (0: none, read the socket's address). Each one
   * appends the address it saw to X-Forwarded-For, so the client's address is that many entries
   * from the right; anything further left was written by the client and is not believed.
   * `true`/`false` are read as 1/0.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false)$/, 'a number of proxies (0-99), true or false')
    .default('0')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  LOG_LEVEL: z.enum(['silent', 'info']).default('info'),
  /** Booking writes (book, move, cancel, erase) one address may make per window. */
  BOOKING_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
  BOOKING_RATE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  /**
   * Key for the CCCD hashes. Set it (and keep it out of backups of the database) so a copied
   * database file does not carry the key to its own hashes; unset, one is generated and kept in
   * the database.
   */
  ID_NUMBER_PEPPER: z.string().min(32).optional(),
  /** Extra accept handles on the listening socket (server/acceptors.ts); 0 keeps Node's one. */
  ACCEPT_HANDLES: z.coerce.number().int().min(0).max(64).default(8),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    console.error('Invalid configuration:');
    for (const issue of parsed.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
    process.exit(1);
  }
  return parsed.data;
}

/** Defaults for tests and tools that build an app without an environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...schema.parse({}), LOG_LEVEL: 'silent', ACCEPT_HANDLES: 0, ...overrides };
}
