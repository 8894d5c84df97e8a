// Displays and public endpoints carry no personal data: a resident books with a name, a phone
// number and an ID number, checks in at the kiosk and is called; every public payload (HTTP and
// Socket.IO, to displays and to the phone) is searched for them. The ID number is stored only
// hashed: its digits appear nowhere in the database file.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../db/sqlite';
import { createDevice, pairDevice } from '../../server/devices/store';
import { DEVICE_COOKIE } from '../../server/http';
import { collect, connected, sleep, sqlAll, sqlGet, testServer } from '../helpers';
import { testBackend } from '../test-databases';

const resident = { name: 'Đỗ Thị Riêng Tư', phone: '0987654321', idNumber: '001203004567' };
/** Ways the personal data could leak: as given, in part, or reformatted. */
const needles = [
  resident.name,
  'Riêng Tư',
  resident.phone,
  '987654321',
  '+84987654321',
  '0987 654 321',
  resident.idNumber,
  '203004567',
];

function leaks(payload: unknown): string[] {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const found = needles.filter((n) => text.includes(n));
  return found;
}

describe('public payloads carry no personal data', async () => {
  const t = await testServer();
  const dbPath = t.path;

  // Its sweep reads every GET route as six kinds of reader (over 600 requests): 3-7 s alone, far
  // more on a CI machine whose two cores run other files beside it.
  it('books, checks in and calls a resident without their name, phone or ID reaching a public payload', {
    timeout: 90_000,
  }, async (ctx) => {
    const hasBooking = t.server.app.routes.some((r) => r.method === 'POST' && r.path === '/api/offices/:officeId/appointments');
    if (!hasBooking) ctx.skip('the booking routes do not exist yet: nothing to book with personal data');

    // A display and a phone listen the whole time.
    const display = t.socket({ officeId: 1 });
    await connected(display);
    const displayEvents = ['call', 'queue', 'ticket', 'counter'].map((name) => ({ name, list: collect(display, name) }));

    const anonymous = t.client;
    const slots = await anonymous.get(`/api/offices/1/services/1/slots?from=2026-11-30&days=3`);
    expect(slots.status).toBe(200);
    const slot = slots.body.find((s: { remaining: number }) => s.remaining > 0);
    expect(slot).toBeDefined();
    const booked = await anonymous.post('/api/offices/1/appointments', { serviceId: 1, start: slot.start, ...resident });
    expect(booked.status).toBe(201);
    expect(leaks(booked.body)).toEqual([]);

    // At the kiosk, on time.
    t.clock.set(Date.parse(slot.start) - 10 * 60_000);
    const made = await t.store.write((tx) => createDevice(tx, 1, { kind: 'kiosk', name: 'privacy kiosk' }, t.clock.now()));
    if (!made.ok) throw new Error(made.code);
    const paired = await t.store.write((tx) => pairDevice(tx, made.value.pairToken, t.clock.now()));
    if (!paired.ok) throw new Error(paired.code);
    const kiosk = anonymous.fresh();
    kiosk.cookie = `${DEVICE_COOKIE}=${paired.value.secret}`;
    const ticket = await kiosk.post('/api/offices/1/check-in', { code: booked.body.code });
    expect(ticket.status).toBe(201);
    expect(leaks(ticket.body)).toEqual([]);

    const phone = t.socket({ ticketToken: ticket.body.token });
    await connected(phone);
    const phoneEvents = collect(phone, 'ticket');

    // Called at counter 1.
    const officer = anonymous.fresh();
    await officer.login('canbo1');
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    const call = await officer.post('/api/counters/1/call-next');
    expect(call.status).toBe(200);
    expect(call.body.ticket.number).toBe(ticket.body.number);
    await sleep(400); // let the coalesced queue snapshot go out

    const publicReads = [
      '/api/offices',
      '/api/offices/1/services',
      '/api/offices/1/counters',
      '/api/offices/1/calls?limit=50',
      '/api/offices/1/settings/public',
      `/api/tickets/${ticket.body.token}`,
      `/api/tickets/${ticket.body.token}/survey`,
      '/api/offices/1/services/1/slots?from=2026-11-30&days=3',
    ];
    const seen: Record<string, unknown> = {};
    for (const path of publicReads) {
      const r = await anonymous.get(path);
      expect(r.status, path).toBeLessThan(500);
      seen[path] = r.body;
    }
    expect((seen['/api/offices/1/calls?limit=50'] as { number: string }[])[0]!.number).toBe(ticket.body.number);
    const leaked = Object.entries(seen).flatMap(([path, body]) => leaks(body).map((n) => `${path}: ${n}`));
    expect(leaked).toEqual([]);

    // Socket.IO: the display got the call, no staff-only counter event, and nothing personal.
    const calls = displayEvents.find((e) => e.name === 'call')!.list;
    expect(calls.map((c) => c.number)).toContain(ticket.body.number);
    expect(displayEvents.find((e) => e.name === 'counter')!.list).toEqual([]);
    for (const { name, list } of displayEvents) expect(leaks(list), `display ${name}`).toEqual([]);
    expect(phoneEvents.length).toBeGreaterThan(0);
    expect(leaks(phoneEvents)).toEqual([]);

    // The event log a reconnecting display or phone is replayed from.
    const logged = await sqlAll(t.db, 'select payload from public_events');
    expect(leaks(logged)).toEqual([]);

    // Every GET endpoint the app has, read by everyone but the booker and the serving officer:
    // no ID number anywhere and no unmasked phone; nothing personal at all for the public and
    // devices. (The booker's own page, /api/appointments/:token, is theirs to read.)
    const supervisor = anonymous.fresh();
    await supervisor.login('giamsat');
    const admin = anonymous.fresh();
    await admin.login('admin');
    const otherOfficer = anonymous.fresh();
    await otherOfficer.login('canbo2');
    const display2 = anonymous.fresh();
    const made2 = await t.store.write((tx) => createDevice(tx, 1, { kind: 'display', name: 'privacy display' }, t.clock.now()));
    if (!made2.ok) throw new Error(made2.code);
    const paired2 = await t.store.write((tx) => pairDevice(tx, made2.value.pairToken, t.clock.now()));
    if (!paired2.ok) throw new Error(paired2.code);
    display2.cookie = `${DEVICE_COOKIE}=${paired2.value.secret}`;
    const readers = { anonymous, kiosk, display: display2, supervisor, admin, otherOfficer };
    const staffReaders = new Set(['supervisor', 'admin', 'otherOfficer']);
    const day = new Date(slot.start).toISOString().slice(0, 10);
    const gets = [
      ...new Set(t.server.app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/')).map((r) => r.path)),
    ].filter((p) => !p.startsWith('/api/docs') && p !== '/api/openapi.json' && !p.startsWith('/api/appointments/'));
    const found: string[] = [];
    // The sweep does reach the booking (staff lists show the name): it is not looking elsewhere.
    let staffSawBooking = false;
    for (const pattern of gets) {
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => (name === 'token' ? ticket.body.token : '1'));
      for (const [who, client] of Object.entries(readers)) {
        const r = await client.get(`${path}?from=${day}&to=${day}&day=${day}`);
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        const forbidden = staffReaders.has(who) ? [resident.phone, '987654321', resident.idNumber] : needles;
        for (const n of forbidden) if (text.includes(n)) found.push(`${pattern} as ${who}: ${n}`);
        if (staffReaders.has(who) && text.includes(resident.name)) staffSawBooking = true;
      }
    }
    expect(gets.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
    expect(staffSawBooking).toBe(true);

    // The database keeps the name and phone (for the officer, until the retention job) but the
    // ID number only as a hash: in the SQLite file's bytes, and in every row on either engine.
    if (testBackend() === 'sqlite') {
      (t.store as SqliteStore).writer.pragma('wal_checkpoint(FULL)');
      const bytes = [dbPath, `${dbPath}-wal`]
        .filter((p) => existsSync(p))
        .map((p) => readFileSync(p).toString('latin1'))
        .join('');
      const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
      expect(bytes.includes(utf8(resident.name))).toBe(true);
      expect(bytes.includes(resident.idNumber)).toBe(false);
    }
    const tables = ['appointments', 'tickets', 'ticket_events', 'public_events', 'ratings', 'audit_log', 'idempotency_keys'];
    let everything = '';
    for (const table of tables) everything += JSON.stringify(await sqlAll(t.db, `select * from ${table}`));
    expect(everything).toContain(resident.name);
    expect(everything).not.toContain(resident.idNumber);
    const row = (await sqlGet(t.db, 'select id_number_hash as h from appointments where code = ?', booked.body.code)) as {
      h: string;
    };
    expect(row.h).toBeTruthy();
    expect(row.h).not.toContain(resident.idNumber);
  });
});
