// The city's shared Redis (REDIS_URL): Socket.IO's adapter between processes, and the counters
// that must hold city-wide rather than per process (the login throttle, the booking limiter).
// Without REDIS_URL, one process keeps them in memory. The client library is loaded only when
// a city process connects (it is the largest module a single process would otherwise carry).

import { createHash } from 'node:crypto';

export type Redis = Awaited<ReturnType<typeof connectRedis>>;

export async function connectRedis(url: string) {
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) } });
  // A dropped connection reconnects on its own; an error event must not end the process.
  client.on('error', (e) => console.error(JSON.stringify({ t: new Date().toISOString(), redis: String(e) })));
  await client.connect();
  return client;
}

const digests = new Map<string, string>();

/**
 * Runs a Lua script (atomic on the Redis server) and returns its reply as numbers. It is sent by
 * its SHA1 (EVALSHA), the script itself only when Redis does not hold it (first use, a restart,
 * SCRIPT FLUSH): a booking rush sends one on every attempt.
 */
export async function script(redis: Redis, source: string, keys: string[], args: (string | number)[]): Promise<number[]> {
  let sha = digests.get(source);
  if (!sha) {
    sha = createHash('sha1').update(source).digest('hex');
    digests.set(source, sha);
  }
  const options = { keys, arguments: args.map(String) };
  let reply: unknown;
  try {
    reply = await redis.evalSha(sha, options);
  } catch (e) {
    if (!String(e).includes('NOSCRIPT')) throw e;
    reply = await redis.eval(source, options);
  }
  return (Array.isArray(reply) ? reply : [reply]).map(Number);
}
