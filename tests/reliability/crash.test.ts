// Crash safety: the real server process is killed with SIGKILL in the middle of a burst of
// tickets from many clients, then restarted on the same database (file or PostgreSQL). Every ticket it acknowledged (201)
// must be there, numbering must go on with no repeat and no hole, and the file must be sound.
import { afterAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers';
import {
  allTickets,
  ensureStopped,
  inspect,
  numberingProblems,
  type ServerProcess,
  startProcess,
  tempDir,
  testTarget,
} from './server-process';

const ROUNDS = 3;
const CLIENTS = 12;
// Services with different prefixes (A and E in the demo office), so two counters run at once.
const SERVICES = [1, 5];

interface Acked {
  number: string;
  token: string;
  serviceId: number;
}

/** Workers issue tickets until the server stops answering; `onAck` sees every 201 at once. */
async function burst(clients: TestClient[], onAck: (count: number) => void): Promise<{ acked: Acked[]; failures: number }> {
  const acked: Acked[] = [];
  let failures = 0;
  await Promise.all(
    clients.map(async (client, i) => {
      for (let n = 0; ; n++) {
        const serviceId = SERVICES[(i + n) % SERVICES.length]!;
        let res: Awaited<ReturnType<TestClient['post']>>;
        try {
          res = await client.post('/api/offices/1/tickets', { serviceId });
        } catch {
          return; // connection refused or reset: the server is gone
        }
        if (res.status === 201) {
          const t = { number: res.body.number, token: res.body.token, serviceId };
          acked.push(t);
          onAck(acked.length);
        } else failures++;
      }
    }),
  );
  return { acked, failures };
}

describe('crash safety (SIGKILL mid-burst, restart on the same file)', () => {
  const tmp = tempDir('crash');
  let dbPath = '';
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await ensureStopped(server);
    tmp.cleanup();
  });

  it(`keeps every acknowledged ticket and its numbering over ${ROUNDS} crashes`, { timeout: 300_000 }, async () => {
    dbPath = await testTarget(tmp.dir);
    const everAcked: Acked[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      server = await startProcess(dbPath);
      const staff = server.client();
      await staff.login('canbo1');

      if (round > 1) {
        for (const serviceId of SERVICES) everAcked.push(await issueAndCheckNext(staff, dbPath, serviceId));
      }

      // Each worker is its own client (one session, as many connections as kiosks would open).
      const clients = Array.from({ length: CLIENTS }, () => {
        const c = staff.fresh();
        c.cookie = staff.cookie;
        return c;
      });
      const killAfter = 30 + Math.floor(Math.random() * 40);
      const victim = server;
      let killed = false;
      const { acked, failures } = await burst(clients, (count) => {
        if (!killed && count >= killAfter) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      });
      const exit = await victim.exited;
      expect(exit.signal).toBe('SIGKILL');
      expect(failures).toBe(0);
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      everAcked.push(...acked);

      await inspect(dbPath, async (db) => {
        expect(await db.integrity()).toBe('ok');
        const byToken = new Map((await allTickets(db)).map((t) => [t.token, t.number]));
        const missing = everAcked.filter((t) => byToken.get(t.token) !== t.number);
        expect(missing).toEqual([]);
        expect(await numberingProblems(db)).toEqual([]);
      });
    }

    // One last start: the file opens, and numbering continues after the crash.
    server = await startProcess(dbPath);
    const staff = server.client();
    await staff.login('canbo1');
    for (const serviceId of SERVICES) await issueAndCheckNext(staff, dbPath, serviceId);
    for (const t of everAcked.slice(-5)) expect((await staff.get(`/api/tickets/${t.token}`)).body.number).toBe(t.number);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    await inspect(dbPath, async (db) => {
      expect(await db.integrity()).toBe('ok');
      expect(await numberingProblems(db)).toEqual([]);
    });
  });
});

/**
 * Issues a ticket on the restarted server and checks that it took the number right after the
 * last one in the file for its prefix and day (so none was repeated or skipped).
 */
async function issueAndCheckNext(staff: TestClient, dbPath: string, serviceId: number): Promise<Acked> {
  const res = await staff.post('/api/offices/1/tickets', { serviceId });
  expect(res.status).toBe(201);
  await inspect(dbPath, async (db) => {
    const all = await allTickets(db);
    const mine = all.find((t) => t.token === res.body.token)!;
    const group = all.filter((t) => t.prefix === mine.prefix && t.local_day === mine.local_day);
    expect(mine.seq).toBe(Math.max(...group.map((t) => t.seq)));
    expect(mine.seq).toBe(group.length);
    expect(res.body.number).toBe(mine.number);
  });
  return { number: res.body.number, token: res.body.token, serviceId };
}
