// The city: real server processes (the production bundle) on one PostgreSQL database and one
// Redis, behind the real HAProxy (deploy/haproxy.cfg), started by scripts/city.ts as `npm run
// city` starts them. What must hold across processes: numbers, capacity, calls reaching every
// display once and in commit order, replay from any process, the city-wide login throttle, and
// a process killed mid-burst losing nothing it acknowledged.

import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type City, startCity } from '../../scripts/city';
import type { CallEvent } from '../../server/realtime/contract';
import { connectRedis } from '../../server/redis';
import { ADMIN_PASSWORD, STAFF_PASSWORD } from '../constants';
import { TestClient } from '../helpers';
import { adminUrl, databaseUrl, queryRows } from '../test-databases';

const DB = `rt_city_${process.pid}`;
let city: City;
const sockets: Socket[] = [];

const admin = (sql: string) => queryRows(adminUrl, sql);
const rows = <T>(sql: string, params: unknown[] = []) => queryRows<T>(databaseUrl(DB), sql, params);

const client = (url = city.url) => new TestClient((p, init) => fetch(url + p, init), url);

function display(url: string, auth: Record<string, unknown> = { officeId: 1 }): { socket: Socket; calls: CallEvent[] } {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  const calls: CallEvent[] = [];
  socket.on('call', (c: CallEvent) => calls.push(c));
  return { socket, calls };
}

async function connected(socket: Socket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  // The welcome (snapshot) follows the connection: wait for it, so live events come after it.
  await new Promise((r) => socket.once('queue', r));
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function serviceId(prefix: string): Promise<number> {
  return (await rows<{ id: number }>('select id from services where prefix = $1 and office_id = 1', [prefix]))[0]!.id;
}
async function counterId(n: number): Promise<number> {
  return (await rows<{ id: number }>('select id from counters where number = $1 and office_id = 1', [n]))[0]!.id;
}

/** The city's shared counters start empty (a previous run's throttle windows would refuse logins). */
async function clearRedis(): Promise<void> {
  const redis = await connectRedis('redis://127.0.0.1:6379');
  for await (const keys of redis.scanIterator({ MATCH: 'reception:*', COUNT: 500 })) {
    if (keys.length) await redis.del(keys);
  }
  await redis.quit();
}

beforeAll(async () => {
  await admin(`drop database if exists ${DB} with (force)`);
  await clearRedis();
  city = await startCity({
    processes: 2,
    databaseUrl: databaseUrl(DB),
    log: (line) => process.env.CITY_LOG && process.stderr.write(line),
    env: {
      ADMIN_PASSWORD,
      STAFF_PASSWORD,
      LOG_LEVEL: 'silent',
      BOOKING_RATE_LIMIT: '100000',
      JOBS_INTERVAL_SECONDS: '1',
      PG_POOL_SIZE: '20',
    },
    // The bursts here are about numbers and capacity across processes, each one decided by a
    // process: none is answered busy by the balancer (admission has its own test).
    balancerEnv: { CITY_QUEUED_BOOKINGS: '100000' },
  });
  // The day's end (run every second here) cancels what still waits once the office's last
  // session of the day is over: 17:00 in Hà Nội, 10:00 UTC. The office works till midnight in
  // these tests, so their tickets wait whatever the hour the suite runs at.
  await rows(
    'update opening_hours set closes_at = 1440 where id in (select distinct on (weekday) id from opening_hours where office_id = 1 order by weekday, closes_at desc)',
  );
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await city?.stop();
  await admin(`drop database if exists ${DB} with (force)`);
});

describe('a city of two processes behind HAProxy', () => {
  it('two processes started together on an empty database: one schema, one seed', async () => {
    expect((await rows<{ n: number }>('select count(*)::int as n from offices'))[0]!.n).toBe(2); // one seed: the two demo centres
    expect((await rows<{ n: number }>('select count(*)::int as n from staff'))[0]!.n).toBe(8); // the admin, four at the first centre, three at the second
    expect((await rows<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations'))[0]!.n).toBeGreaterThan(0);
    // Both answer through the balancer.
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${city.url}/healthz`);
      expect(r.status).toBe(200);
      seen.add(r.headers.get('set-cookie') ?? '');
    }
  });

  it('300 concurrent tickets through the balancer are distinct and consecutive', { timeout: 120_000 }, async () => {
    const officer = client();
    await officer.login('canbo1');
    const A = await serviceId('A');
    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        fetch(`${city.url}/api/offices/1/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: officer.cookie, origin: city.url },
          body: JSON.stringify({ serviceId: A }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { number: string } })),
      ),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const numbers = results.map((r) => Number(r.body.number.slice(1))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('a booking rush through both processes books exactly the capacity', { timeout: 120_000 }, async () => {
    const E = await serviceId('E');
    const adminClient = client();
    await adminClient.login('admin');
    expect(
      (await adminClient.request('PATCH', `/api/admin/offices/1/services/${E}`, { capacityPerSlot: 8 })).status,
    ).toBeLessThan(300);
    const slots = (await client().get(`/api/offices/1/services/${E}/slots?from=2026-12-07&days=5`)).body as {
      start: string;
      remaining: number;
    }[];
    const slot = slots.find((s) => s.remaining === 8);
    expect(slot).toBeDefined();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        client()
          .post('/api/offices/1/appointments', {
            serviceId: E,
            start: slot!.start,
            name: `Người ${i}`,
            phone: `091${String(2_000_000 + i).slice(-7)}`,
          })
          .then((r) => r.status),
      ),
    );
    expect(outcomes.filter((s) => s === 201)).toHaveLength(8);
    expect(outcomes.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const booked = await rows<{ n: number }>(
      "select count(*)::int as n from appointments where service_id = $1 and state = 'booked' and slot_start = $2",
      [E, Date.parse(slot!.start)],
    );
    expect(booked[0]!.n).toBe(8);
  });

  it('calls from both processes reach a display on each, once, in increasing ids, within a second', {
    timeout: 120_000,
  }, async () => {
    const [d1, d2] = [display(city.apps[0]!.url), display(city.apps[1]!.url)];
    await Promise.all([connected(d1.socket), connected(d2.socket)]);
    const A = await serviceId('A');
    const [c1, c2] = [await counterId(1), await counterId(2)];
    // Officer 1 works through process 1, officer 2 through process 2.
    const o1 = client(city.apps[0]!.url);
    const o2 = client(city.apps[1]!.url);
    await o1.login('canbo1');
    await o2.login('canbo2');
    for (let i = 0; i < 45; i++) await o1.post('/api/offices/1/tickets', { serviceId: A });
    expect((await o1.post(`/api/counters/${c1}/open`)).status).toBe(200);
    expect((await o2.post(`/api/counters/${c2}/open`)).status).toBe(200);
    // One call timed from process 1 to the display on process 2.
    const before = d2.calls.length;
    const t0 = performance.now();
    const first = await o1.post(`/api/counters/${c1}/call-next`);
    expect(first.status).toBe(200);
    await until(() => d2.calls.length > before, 1000, 'the call on the other process');
    expect(performance.now() - t0).toBeLessThan(1000);
    await o1.post(`/api/counters/${c1}/no-show`);
    // 40 calls at once from the two processes.
    const run = async (c: TestClient, counter: number) => {
      for (let i = 0; i < 20; i++) {
        const r = await c.post(`/api/counters/${counter}/call-next`);
        expect(r.status).toBe(200);
        expect((await c.post(`/api/counters/${counter}/no-show`)).status).toBe(200);
      }
    };
    // Meanwhile a reader follows the log as a replay would: every time it looks, the ids after
    // the last it saw must be the very next ones (a later id visible before an earlier one
    // committed would be skipped by a replay forever).
    let reading = true;
    const skips: string[] = [];
    const reader = (async () => {
      const c = new pg.Client({ connectionString: databaseUrl(DB) });
      await c.connect();
      let last = (await c.query('select coalesce(max(id), 0)::int as id from public_events where office_id = 1')).rows[0]
        .id as number;
      while (reading) {
        const ids = (await c.query('select id from public_events where office_id = 1 and id > $1 order by id', [last])).rows.map(
          (r) => Number(r.id),
        );
        for (const id of ids) {
          if (id !== last + 1) skips.push(`${last} -> ${id}`);
          last = id;
        }
      }
      await c.end();
    })();
    await Promise.all([run(o1, c1), run(o2, c2)]);
    reading = false;
    await reader;
    expect(skips).toEqual([]);
    await until(() => d1.calls.length >= 41 && d2.calls.length >= 41, 5000, 'all 41 calls on both displays');
    await new Promise((r) => setTimeout(r, 300));
    for (const d of [d1, d2]) {
      const ids = d.calls.map((c) => c.eventId);
      expect(ids).toHaveLength(41);
      expect(new Set(ids).size).toBe(41);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    expect(d1.calls.map((c) => c.ticketId)).toEqual(d2.calls.map((c) => c.ticketId));

    // A display that saw only the first 10 calls reconnects to the other process: exactly the rest.
    const seen = d1.calls[9]!.eventId;
    const late = display(city.apps[1]!.url, { officeId: 1, lastEventId: seen });
    await connected(late.socket);
    expect(late.calls.map((c) => c.eventId)).toEqual(d1.calls.slice(10).map((c) => c.eventId));
  });

  it('queue snapshots stay at most four a second per office for the whole city', { timeout: 60_000 }, async () => {
    const [d1, d2] = [display(city.apps[0]!.url), display(city.apps[1]!.url)];
    await Promise.all([connected(d1.socket), connected(d2.socket)]);
    const times: number[] = [];
    d1.socket.on('queue', () => times.push(performance.now()));
    const [k1, k2] = [client(city.apps[0]!.url), client(city.apps[1]!.url)];
    await k1.login('canbo1');
    await k2.login('canbo2');
    const C = await serviceId('C');
    const t0 = performance.now();
    // Changes on both processes for two seconds.
    while (performance.now() - t0 < 2000) {
      await Promise.all([
        k1.post('/api/offices/1/tickets', { serviceId: C }),
        k2.post('/api/offices/1/tickets', { serviceId: C }),
      ]);
    }
    await new Promise((r) => setTimeout(r, 600));
    const seconds = (performance.now() - t0) / 1000;
    expect(times.length).toBeGreaterThan(2);
    // One per 250 ms slot, plus the one a change just after the last slot brings.
    expect(times.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    // The last snapshot shows every ticket: the change after the last slot was not lost.
    const waitingC = (
      await rows<{ n: number }>("select count(*)::int as n from tickets where service_id = $1 and state = 'waiting'", [C])
    )[0]!.n;
    const last = await new Promise<{ services: { serviceId: number; waiting: number }[] }>((resolve) => {
      const late = display(city.apps[1]!.url);
      late.socket.once('queue', resolve);
    });
    expect(last.services.find((x) => x.serviceId === C)?.waiting).toBe(waitingC);
  });

  it('the login throttle counts failures city-wide', { timeout: 60_000 }, async () => {
    // One guesser (one address, as a proxy in front would pass it) spreading over both processes.
    const from = { 'x-forwarded-for': '198.51.100.7' };
    const [p1, p2] = [client(city.apps[0]!.url), client(city.apps[1]!.url)];
    for (let i = 0; i < 10; i++) {
      const r = await (i % 2 ? p1 : p2).post('/api/auth/login', { username: 'giamsat', password: 'wrong-password' }, from);
      expect(r.status).toBe(401);
    }
    const right = { username: 'giamsat', password: STAFF_PASSWORD };
    expect((await client(city.apps[0]!.url).post('/api/auth/login', right, from)).status).toBe(429);
    expect((await client(city.apps[1]!.url).post('/api/auth/login', right, from)).status).toBe(429);
    // The same user from elsewhere is refused too (the username's count), another user is not.
    expect((await client(city.apps[1]!.url).post('/api/auth/login', right)).status).toBe(429);
    expect(
      (await client(city.apps[1]!.url).post('/api/auth/login', { username: 'canbo2', password: STAFF_PASSWORD })).status,
    ).toBe(200);
  });

  it('kill -9 of a process mid-burst: every acknowledged ticket is kept, the numbering continues, the jobs move', {
    timeout: 180_000,
  }, async () => {
    const officer = client();
    await officer.login('canbo3');
    const B = await serviceId('B');
    const leaderBefore = city.apps.findIndex((a) => a.output.join('').includes('"jobs_leader"'));
    expect(leaderBefore).toBeGreaterThanOrEqual(0);
    const victim = city.apps[leaderBefore]!;
    // A display on the process about to die, and where it had got to.
    const lost = display(victim.url);
    let seen = 0;
    lost.socket.on('queue', (q: { eventId: number }) => {
      seen = Math.max(seen, q.eventId);
    });
    lost.socket.on('call', (c: CallEvent) => {
      seen = Math.max(seen, c.eventId);
    });
    await connected(lost.socket);
    const acknowledged: string[] = [];
    const burst = Array.from({ length: 200 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 3));
      try {
        const r = await officer.post('/api/offices/1/tickets', { serviceId: B });
        if (r.status === 201) acknowledged.push(r.body.number);
      } catch {
        // a request cut by the kill: not acknowledged
      }
    });
    await new Promise((r) => setTimeout(r, 200));
    victim.child.kill('SIGKILL');
    await Promise.all(burst);
    const stored = (await rows<{ number: string }>('select number from tickets where prefix = $1', ['B'])).map((r) => r.number);
    for (const n of acknowledged) expect(stored).toContain(n);
    expect(new Set(stored).size).toBe(stored.length);
    await until(() => !lost.socket.connected, 5000, 'the display to lose its process');
    // Calls made while it is away; it comes back through the balancer and gets exactly those.
    const caller = client();
    await caller.login('canbo1');
    const c1 = await counterId(1);
    const made: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await caller.post(`/api/counters/${c1}/call-next`);
      expect(r.status).toBe(200);
      made.push(r.body.ticket.id);
      expect((await caller.post(`/api/counters/${c1}/no-show`)).status).toBe(200);
    }
    const back = display(city.url, { officeId: 1, lastEventId: seen });
    await connected(back.socket);
    expect(back.calls.map((c) => c.ticketId)).toEqual(made);
    const ids = back.calls.map((c) => c.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The other process takes over the jobs.
    const other = city.apps[1 - leaderBefore]!;
    await until(() => other.output.join('').includes('"jobs_leader"'), 15_000, 'the other process to lead the jobs');
    // Restarted, the process continues the numbering after the highest number issued.
    const restarted = await city.restart(leaderBefore);
    const viaRestarted = client(restarted.url);
    await viaRestarted.login('canbo3');
    const next = await viaRestarted.post('/api/offices/1/tickets', { serviceId: B });
    expect(next.status).toBe(201);
    const highest = Math.max(...stored.map((n) => Number(n.slice(1))));
    expect(Number(next.body.number.slice(1))).toBe(highest + 1);
  });
});
