// The city's shared Redis (REDIS_URL): Socket.IO's adapter between processes, and the counters
// that must hold city-wide rather than per process (the login throttle, the booking limiter).
// Without REDIS_URL, one process keeps them in memory. The client library is loaded only when
// a city process connects (it is the largest module a single process would otherwise carry).

export type Redis = Awaited<ReturnType<typeof connectRedis>>;

export async function connectRedis(url: string) {
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) } });
  // A dropped connection reconnects on its own; an error event must not end the process.
  client.on('error', (e) => console.error(JSON.stringify({ t: new Date().toISOString(), redis: String(e) })));
  await client.connect();
  return client;
}

/** Runs a Lua script (atomic on the Redis server) and returns its reply as numbers. */
export async function script(redis: Redis, source: string, keys: string[], args: (string | number)[]): Promise<number[]> {
  const reply = await redis.eval(source, { keys, arguments: args.map(String) });
  return (Array.isArray(reply) ? reply : [reply]).map(Number);
}
