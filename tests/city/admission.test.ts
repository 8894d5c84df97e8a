// Admission in a rush (deploy/haproxy.cfg, backend processes): once requests queue for the
// processes, a booking attempt is answered at once by the balancer, 429 BOOKING_BUSY with Retry-After
// in the client's language, nothing written; other requests (officers, kiosks) wait their turn
// ahead of the bookings and are never refused; Socket.IO never queues. Here a process takes one
// request at a time and one queued request is a crowd, so a burst crowds it for sure.
import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type City, startCity } from '../../scripts/city';
import { errorBody, fail } from '../../server/errors';
import { ADMIN_PASSWORD, STAFF_PASSWORD } from '../constants';
import { TestClient } from '../helpers';
import { adminUrl, databaseUrl, queryRows as query } from '../test-databases';

const DB = `rt_admission_${process.pid}`;
let city: City;
let socket: Socket | undefined;

beforeAll(async () => {
  await query(adminUrl, `drop database if exists ${DB} with (force)`);
  city = await startCity({
    processes: 1,
    databaseUrl: databaseUrl(DB),
    log: (line) => process.env.CITY_LOG && process.stderr.write(line),
    env: { ADMIN_PASSWORD, STAFF_PASSWORD, LOG_LEVEL: 'silent', BOOKING_RATE_LIMIT: '100000' },
    balancerEnv: { CITY_PROCESS_MAXCONN: '1', CITY_QUEUED_BOOKINGS: '1' },
  });
}, 120_000);

afterAll(async () => {
  socket?.disconnect();
  await city?.stop();
  await query(adminUrl, `drop database if exists ${DB} with (force)`);
});

describe('admission at the balancer', () => {
  it("answers in the product's words: the catalogue's BOOKING_BUSY messages, Retry-After as retryAfterSeconds", () => {
    const cfg = readFileSync(new URL('../../deploy/haproxy.cfg', import.meta.url), 'utf8');
    const answers = [...cfg.matchAll(/hdr retry-after (\d+) string '([^']+)'/g)].map((m) => ({
      retryAfter: Number(m[1]),
      body: JSON.parse(m[2]!) as { error: { code: string; message: string; retryAfterSeconds: number } },
    }));
    expect(answers.map((a) => a.body.error.message).sort()).toEqual(
      [errorBody(fail('BOOKING_BUSY'), 'en').error.message, errorBody(fail('BOOKING_BUSY'), 'vi').error.message].sort(),
    );
    for (const a of answers) {
      expect(a.body.error.code).toBe('BOOKING_BUSY');
      expect(a.body.error.retryAfterSeconds).toBe(a.retryAfter);
    }
  });

  it('a burst of bookings: the crowd is told BOOKING_BUSY at once, the rest decided; officers never refused', async () => {
    const db = databaseUrl(DB);
    const [E] = await query<{ id: number }>(db, "select id from services where prefix = 'E' and office_id = 1");
    const adminClient = new TestClient((p, init) => fetch(city.url + p, init), city.url);
    await adminClient.login('admin');
    expect(
      (await adminClient.request('PATCH', `/api/admin/offices/1/services/${E!.id}`, { capacityPerSlot: 8 })).status,
    ).toBeLessThan(300);
    const slots = (await adminClient.get(`/api/offices/1/services/${E!.id}/slots?days=14`)).body as {
      start: string;
      remaining: number;
    }[];
    const slot = slots.find((s) => s.remaining === 8)!;
    expect(slot).toBeDefined();
    const officer = new TestClient((p, init) => fetch(city.url + p, init), city.url);
    await officer.login('canbo1');
    const [A] = await query<{ id: number }>(db, "select id from services where prefix = 'A' and office_id = 1");

    const bookings = Array.from({ length: 80 }, (_, i) =>
      fetch(`${city.url}/api/offices/1/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': i % 2 ? 'en-GB,en' : 'vi-VN,vi' },
        body: JSON.stringify({
          serviceId: E!.id,
          start: slot.start,
          name: `Người ${i}`,
          phone: `091${String(3_000_000 + i).slice(-7)}`,
        }),
      }).then(async (r) => {
        const text = await r.text();
        return {
          i,
          status: r.status,
          retryAfter: r.headers.get('retry-after'),
          text,
          body: text.startsWith('{') ? JSON.parse(text) : {},
        };
      }),
    );
    const tickets = Array.from({ length: 20 }, () => officer.post('/api/offices/1/tickets', { serviceId: A!.id }));
    const [answers, issued] = await Promise.all([Promise.all(bookings), Promise.all(tickets)]);

    expect(issued.map((t) => t.status)).toEqual(Array(20).fill(201));
    expect(answers.filter((a) => ![201, 409, 429].includes(a.status)).map((a) => `${a.status} ${a.text.slice(0, 80)}`)).toEqual(
      [],
    );
    const busy = answers.filter((a) => a.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) {
      expect(a.body.error.code).toBe('BOOKING_BUSY');
      expect(a.retryAfter).toBe('5');
      expect(a.body.error.message).toBe(errorBody(fail('BOOKING_BUSY'), a.i % 2 ? 'en' : 'vi').error.message);
    }
    const made = answers.filter((a) => a.status === 201).length;
    expect(made).toBeGreaterThan(0);
    const [booked] = await query<{ n: number }>(
      db,
      "select count(*)::int as n from appointments where service_id = $1 and slot_start = $2 and state = 'booked'",
      [E!.id, Date.parse(slot.start)],
    );
    expect(booked!.n).toBe(made); // a BOOKING_BUSY answer wrote nothing

    // Once the crowd is gone, the next attempt is decided by a process again.
    const after = await fetch(`${city.url}/api/offices/1/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: E!.id, start: slot.start, name: 'Người sau', phone: '0919999999' }),
    });
    expect([201, 409]).toContain(after.status);
  });

  it("Socket.IO does not take a process's places: a long poll held open, the API still answers", async () => {
    socket = io(city.url, { auth: { officeId: 1 }, transports: ['polling'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not connect')), 5000);
      socket!.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 300)); // the next poll is now held open by the process
    const t0 = Date.now();
    const r = await fetch(`${city.url}/api/offices/1/services`, { signal: AbortSignal.timeout(5000) });
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
