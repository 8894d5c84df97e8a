// The bare stack, for ratios that hold on a noisy machine: Hono on @hono/node-server, one
// better-sqlite3 IMMEDIATE transaction with the product's pragmas per ticket or booking (a
// conditional increment of the slot's count, then the row), and per call the least a durable
// call needs: one transaction that takes the oldest waiting ticket and appends the call to an
// event log (synchronous=FULL: committed before anyone hears it), then one Socket.IO broadcast.
// No validation, auth, queue policy or rate limit.
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { Server } from 'socket.io';

const path = process.env.DATABASE_PATH ?? '/tmp/baseline.db';
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.exec(`create table if not exists seq (k text primary key, n integer not null);
create table if not exists t (id integer primary key, number text not null, at integer not null, state text not null default 'waiting');
create index if not exists t_waiting on t (state, id);
create table if not exists events (id integer primary key, ticket_id integer not null, kind text not null, at integer not null);`);
db.exec(`create table if not exists ledger (slot integer primary key, booked integer not null, capacity integer not null);
create table if not exists bookings (id integer primary key, slot integer not null, name text not null, phone text not null);`);
const ledgerRow = db.prepare('insert into ledger (slot, booked, capacity) values (?, 0, 8) on conflict do nothing');
const takePlace = db.prepare('update ledger set booked = booked + 1 where slot = ? and booked < capacity');
const insertBooking = db.prepare('insert into bookings (slot, name, phone) values (?, ?, ?) returning id');
const book = db.transaction((slot: number, name: string, phone: string) => {
  ledgerRow.run(slot);
  if (takePlace.run(slot).changes === 0) return null;
  return insertBooking.get(slot, name, phone) as { id: number };
});
const bump = db.prepare(`insert into seq (k, n) values ('A', 1) on conflict(k) do update set n = n + 1 returning n`);
const insert = db.prepare('insert into t (number, at) values (?, ?) returning id');
const issue = db.transaction(() => {
  const { n } = bump.get() as { n: number };
  const number = `A${String(n).padStart(3, '0')}`;
  const { id } = insert.get(number, Date.now()) as { id: number };
  return { id, number };
});

const oldestWaiting = db.prepare(`select id, number from t where state = 'waiting' order by id limit 1`);
const markCalled = db.prepare(`update t set state = 'called' where id = ?`);
const logCall = db.prepare(`insert into events (ticket_id, kind, at) values (?, 'called', ?) returning id`);
const call = db.transaction(() => {
  const t = oldestWaiting.get() as { id: number; number: string } | undefined;
  if (!t) return null;
  markCalled.run(t.id);
  const { id } = logCall.get(t.id, Date.now()) as { id: number };
  return { ...t, eventId: id };
});

let io: Server;
const app = new Hono()
  .get('/healthz', (c) => c.json({ ok: true }))
  .post('/tickets', async (c) => {
    await c.req.json();
    return c.json(issue.immediate(), 201);
  })
  .post('/book', async (c) => {
    const body = (await c.req.json()) as { slot: number; name: string; phone: string };
    const booked = book.immediate(body.slot, body.name, body.phone);
    return booked ? c.json(booked, 201) : c.json({ error: { code: 'SLOT_FULL' } }, 409);
  })
  .post('/call', (c) => {
    // Something is always waiting: a ticket issued when the line is empty.
    let t = call.immediate();
    if (!t) {
      issue.immediate();
      t = call.immediate()!;
    }
    io.to('office:1').emit('call', { ticketId: t.id, number: t.number, counterNumber: 1, eventId: t.eventId, recall: false });
    return c.json({ ticket: { id: t.id, number: t.number } }, 200);
  });

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening ${info.port}`);
});
io = new Server(server as never, { serveClient: false });
io.on('connection', (s) => s.join('office:1'));
