// Live pushes over real Socket.IO clients: calls to displays, a phone's own ticket, replay after
// a reconnect, coalesced queue snapshots, staff-only counter events, no personal data.
import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CallEvent, FeedbackAnsweredEvent, QueueEvent, TicketEvent } from '../../server/realtime/contract';
import {
  collect,
  connected,
  counterIdOf,
  issue,
  nextEvent,
  openCounter,
  serviceIdOf,
  sleep,
  testServer,
  until,
} from '../helpers';

const callKeys = ['eventId', 'ticketId', 'number', 'counterNumber', 'counterId', 'serviceId', 'calledAt', 'recall'].sort();

async function officeWithOfficer() {
  const srv = await testServer();
  await srv.client.login('canbo1');
  const A = await serviceIdOf(srv.db, 'A');
  const c1 = await counterIdOf(srv.db, 1);
  await openCounter(srv.client, c1);
  const act = async (action: string, body?: unknown) => {
    const r = await srv.client.post(`/api/counters/${c1}/${action}`, body);
    if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return { ...srv, A, c1, act };
}

describe('realtime', () => {
  it('a display receives each call and recall, with public data only', async () => {
    const srv = await officeWithOfficer();
    const display = srv.socket({ officeId: srv.officeId });
    const calls = collect<CallEvent>(display, 'call');
    const counters = collect(display, 'counter');
    const tickets = collect(display, 'ticket');
    const queues = collect<QueueEvent>(display, 'queue');
    await connected(display);
    const t = await issue(srv.client, srv.A);
    const called = await srv.act('call-next');
    const first = await until(() => calls[0], 5000, 'call');
    expect(first).toMatchObject({ ticketId: t.id, number: 'A001', counterNumber: 1, serviceId: srv.A, recall: false });
    expect(first.eventId).toBeTypeOf('number');
    expect(Date.parse(first.calledAt)).toBe(srv.clock.now());
    expect(called.ticket.id).toBe(t.id);
    await srv.act('recall');
    const second = await until(() => calls[1], 5000, 'recall');
    expect(second).toMatchObject({ ticketId: t.id, number: 'A001', counterNumber: 1, recall: true });
    expect(second.eventId).toBeGreaterThan(first.eventId);
    // Public data only: no token, no counter or ticket events on a display.
    for (const c of calls) expect(Object.keys(c).sort()).toEqual(callKeys);
    await until(() => queues.length > 0, 5000, 'queue');
    const everything = JSON.stringify({ calls, queues });
    expect(everything).not.toContain(t.token);
    expect(everything).not.toMatch(/token|phone|name/i);
    expect(counters).toEqual([]);
    expect(tickets).toEqual([]);
    // What a display shows when it opens says the same.
    const recent = await srv.client.get(`/api/offices/${srv.officeId}/calls?limit=5`);
    expect(recent.body.map((c: CallEvent) => c.eventId)).toEqual([second.eventId, first.eventId]);
    expect(JSON.stringify(recent.body)).not.toContain(t.token);
  });

  it("a phone receives its own ticket's updates and moves up when someone ahead is called", async () => {
    const srv = await officeWithOfficer();
    const ahead = await issue(srv.client, srv.A);
    const mine = await issue(srv.client, srv.A);
    const phone = srv.socket({ ticketToken: mine.token });
    const updates = collect<TicketEvent>(phone, 'ticket');
    const counters = collect(phone, 'counter');
    await connected(phone);
    const initial = await until(() => updates[0], 5000, 'initial ticket');
    expect(initial).toMatchObject({ id: mine.id, number: 'A002', state: 'waiting', position: 2 });
    await srv.act('call-next'); // A001
    const moved = await until(() => updates.find((u) => u.position === 1), 5000, 'position 1');
    expect(moved).toMatchObject({ id: mine.id, state: 'waiting' });
    expect(moved.eventId).toBeGreaterThanOrEqual(initial.eventId);
    await srv.act('no-show');
    await srv.act('call-next'); // A002: mine
    const called = await until(() => updates.find((u) => u.state === 'called'), 5000, 'called');
    expect(called).toMatchObject({ id: mine.id, number: 'A002', position: 0, counterNumber: 1 });
    await srv.act('start');
    await until(() => updates.find((u) => u.state === 'serving'), 5000, 'serving');
    // Only its own ticket: never the one ahead, never a counter event.
    expect(updates.every((u) => u.id === mine.id)).toBe(true);
    expect(JSON.stringify(updates)).not.toContain(ahead.token);
    expect(counters).toEqual([]);
  });

  it('a display reconnecting with lastEventId gets exactly the missed calls, in order, once each, then live ones', async () => {
    const srv = await officeWithOfficer();
    for (let i = 0; i < 6; i++) await issue(srv.client, srv.A);
    const first = srv.socket({ officeId: srv.officeId });
    const seen = collect<CallEvent>(first, 'call');
    await connected(first);
    await srv.act('call-next');
    const last = await until(() => seen[0], 5000, 'first call');
    first.disconnect();
    // Missed while away: a recall, then two more calls.
    await srv.act('recall');
    await srv.act('no-show');
    await srv.act('call-next');
    await srv.act('no-show');
    await srv.act('call-next');
    const back = srv.socket({ officeId: srv.officeId, lastEventId: last.eventId });
    const replayed = collect<CallEvent>(back, 'call');
    await connected(back);
    await until(() => replayed.length >= 3, 5000, 'replay');
    expect(replayed.map((c) => [c.number, c.recall])).toEqual([
      ['A001', true],
      ['A002', false],
      ['A003', false],
    ]);
    await srv.act('no-show');
    await srv.act('call-next');
    await until(() => replayed.length >= 4, 5000, 'live call');
    await sleep(300);
    expect(replayed.map((c) => c.number)).toEqual(['A001', 'A002', 'A003', 'A004']);
    const ids = replayed.map((c) => c.eventId);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(ids[0]).toBeGreaterThan(last.eventId);
  });

  it('a phone reconnecting with lastEventId gets its missed ticket events and the calls, in id order', async () => {
    const srv = await officeWithOfficer();
    const mine = await issue(srv.client, srv.A);
    const phone = srv.socket({ ticketToken: mine.token });
    const before = collect<TicketEvent>(phone, 'ticket');
    await connected(phone);
    const last = await until(() => before[0], 5000, 'initial ticket');
    phone.disconnect();
    await srv.act('call-next');
    await srv.act('recall');
    const back = srv.socket({ ticketToken: mine.token, lastEventId: last.eventId });
    const order: { kind: string; eventId: number; state?: string; recall?: boolean }[] = [];
    back.on('ticket', (e: TicketEvent) => order.push({ kind: 'ticket', eventId: e.eventId, state: e.state }));
    back.on('call', (e: CallEvent) => order.push({ kind: 'call', eventId: e.eventId, recall: e.recall }));
    await connected(back);
    // Replayed: the ticket event of the call, the call, the ticket event of the recall, the recall;
    // then the fresh snapshot of the ticket.
    await until(() => order.length >= 5, 5000, 'replay');
    expect(order.slice(0, 4).map((e) => [e.kind, e.state ?? e.recall])).toEqual([
      ['ticket', 'called'],
      ['call', false],
      ['ticket', 'called'],
      ['call', true],
    ]);
    const ids = order.slice(0, 4).map((e) => e.eventId);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(order[4]).toMatchObject({ kind: 'ticket', state: 'called' });
  });

  it("the centre's answer to a resident's feedback reaches that ticket's phone, live and on reconnect, and nobody else", async () => {
    const srv = await officeWithOfficer();
    const mine = await issue(srv.client, srv.A);
    const other = await issue(srv.client, srv.A);
    await srv.act('call-next');
    await srv.act('start');
    await srv.act('finish');
    const rated = await srv.client.fresh().post(`/api/tickets/${mine.token}/rating`, { level: 1, comment: 'Phải chờ quá lâu' });
    expect(rated.status).toBe(201);
    const phone = srv.socket({ ticketToken: mine.token });
    const otherPhone = srv.socket({ ticketToken: other.token });
    const display = srv.socket({ officeId: srv.officeId });
    const answers = collect<FeedbackAnsweredEvent>(phone, 'feedback:answered');
    const leaked = [...collect(otherPhone, 'feedback:answered'), ...collect(display, 'feedback:answered')];
    const late = collect<TicketEvent>(phone, 'ticket');
    await Promise.all([connected(phone), connected(otherPhone), connected(display)]);
    const last = await until(() => late[0], 5000, 'initial ticket');

    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const item = (await sup.get('/api/offices/1/feedback?state=new')).body[0];
    expect(
      (await sup.post(`/api/feedback/${item.id}/answer`, { answer: 'Trung tâm xin lỗi, đã bổ sung cán bộ giờ cao điểm.' }))
        .status,
    ).toBe(200);
    const pushed = await until(() => answers[0], 5000, 'feedback:answered');
    expect(pushed).toMatchObject({ ticketId: mine.id, answer: 'Trung tâm xin lỗi, đã bổ sung cán bộ giờ cao điểm.' });
    expect(Object.keys(pushed).sort()).toEqual(['answer', 'answeredAt', 'eventId', 'ticketId']);
    await sleep(200);
    expect(leaked).toEqual([]);

    // A phone that was away gets it on reconnect, after the ticket events it missed, once.
    const back = srv.socket({ ticketToken: mine.token, lastEventId: last.eventId });
    const replayed = collect<FeedbackAnsweredEvent>(back, 'feedback:answered');
    await connected(back);
    await until(() => replayed[0], 5000, 'replayed answer');
    await sleep(200);
    expect(replayed.map((e) => e.eventId)).toEqual([pushed.eventId]);
  });

  it('a client without lastEventId gets no past calls, only a fresh queue snapshot and live events', async () => {
    const srv = await officeWithOfficer();
    for (let i = 0; i < 3; i++) await issue(srv.client, srv.A);
    await issue(srv.client, await serviceIdOf(srv.db, 'B'));
    await srv.act('call-next');
    const display = srv.socket({ officeId: srv.officeId });
    const calls = collect<CallEvent>(display, 'call');
    const snapshot = nextEvent<QueueEvent>(display, 'queue', 5000);
    await connected(display);
    const q = await snapshot;
    const byService = new Map(q.services.map((s) => [s.serviceId, s]));
    expect(byService.get(srv.A)?.waiting).toBe(2);
    expect(byService.get(await serviceIdOf(srv.db, 'B'))?.waiting).toBe(1);
    expect(byService.get(await serviceIdOf(srv.db, 'C'))?.waiting).toBe(0);
    expect(q.services.length).toBe(15); // 14 procedures and the result-return line
    expect(q.eventId).toBeGreaterThan(0);
    await sleep(300);
    expect(calls).toEqual([]);
    await srv.act('no-show');
    await srv.act('call-next');
    await until(() => calls[0], 5000, 'live call');
    expect(calls.map((c) => c.number)).toEqual(['A002']);
  });

  it('displays opening at the moment of a call: each hears it once if its snapshot is older, never if newer', async () => {
    const srv = await officeWithOfficer();
    for (let i = 0; i < 3; i++) await issue(srv.client, srv.A);
    // The call goes out while most of them are still connecting or being welcomed.
    const displays = Array.from({ length: 200 }, () => srv.socket({ officeId: srv.officeId }));
    const heard = displays.map((d) => collect<CallEvent>(d, 'call'));
    const snapshots = displays.map((d) => nextEvent<QueueEvent>(d, 'queue', 15_000));
    await connected(displays[0]!);
    const { ticket } = await srv.act('call-next');
    const welcomed = await Promise.all(snapshots);
    const callId = (await srv.client.get(`/api/offices/${srv.officeId}/calls?limit=1`)).body[0].eventId as number;
    await sleep(300);
    const wrong = displays
      .map((_, k) => ({ k, snapshot: welcomed[k]!.eventId, heard: heard[k]!.filter((c) => c.number === ticket.number).length }))
      .filter((d) => d.heard !== (d.snapshot < callId ? 1 : 0));
    expect(wrong, JSON.stringify(wrong.slice(0, 5))).toEqual([]);
  });

  it('queue snapshots are coalesced, and the last one shows the final counts', async () => {
    const srv = await officeWithOfficer();
    const display = srv.socket({ officeId: srv.officeId });
    const initial = nextEvent<QueueEvent>(display, 'queue', 5000);
    await connected(display);
    await initial;
    const snapshots = collect<QueueEvent>(display, 'queue');
    const started = Date.now();
    const burst = 60;
    await Promise.all(
      Array.from({ length: burst }, () =>
        fetch(`${srv.url}/api/offices/${srv.officeId}/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: srv.client.cookie, origin: srv.url },
          body: JSON.stringify({ serviceId: srv.A }),
        }),
      ),
    );
    const waitingA = (q: QueueEvent | undefined) => q?.services.find((s) => s.serviceId === srv.A)?.waiting;
    await until(() => waitingA(snapshots.at(-1)) === burst, 5000, 'final count');
    const elapsed = Date.now() - started;
    // At most one snapshot per 250 ms (plus the first, sent at once).
    expect(snapshots.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    expect(snapshots.length).toBeLessThan(burst / 2);
    await sleep(400);
    expect(waitingA(snapshots.at(-1))).toBe(burst);
    const counts = snapshots.map(waitingA) as number[];
    expect(counts.every((n, i) => i === 0 || n >= counts[i - 1]!)).toBe(true);
  });

  it('counter events reach staff sockets only', async () => {
    const srv = await testServer();
    await srv.client.login('canbo1');
    const c1 = await counterIdOf(srv.db, 1);
    const staff = srv.socket({ officeId: srv.officeId }, { cookie: srv.client.cookie });
    const display = srv.socket({ officeId: srv.officeId });
    const staffCounters = collect(staff, 'counter');
    const staffCalls = collect<CallEvent>(staff, 'call');
    const displayCounters = collect(display, 'counter');
    const displayCalls = collect<CallEvent>(display, 'call');
    await Promise.all([connected(staff), connected(display)]);
    await issue(srv.client, await serviceIdOf(srv.db, 'A'));
    await openCounter(srv.client, c1);
    await srv.client.post(`/api/counters/${c1}/call-next`);
    await until(() => staffCalls[0] && displayCalls[0], 5000, 'calls');
    expect(staffCounters.map((c) => c.status)).toEqual(['open', 'open']);
    expect(staffCounters[1]).toMatchObject({ id: c1, number: 1, currentTicketId: staffCalls[0]!.ticketId, onHold: [] });
    // The display got the call, sent after the counter event in the same commit: no counter event.
    expect(displayCounters).toEqual([]);
    await srv.client.post(`/api/counters/${c1}/no-show`);
    await srv.client.post(`/api/counters/${c1}/pause`, { reason: 'Họp giao ban' });
    await until(() => staffCounters.find((c) => c.status === 'paused'), 5000, 'paused');
    expect(staffCounters.at(-1)).toMatchObject({ status: 'paused', pauseReason: 'Họp giao ban' });
    await sleep(200);
    expect(displayCounters).toEqual([]);
  });

  it('refuses sockets for unknown offices and tickets', async () => {
    const srv = await testServer();
    await expect(connected(srv.socket({ officeId: 999 }))).rejects.toThrow('OFFICE_NOT_FOUND');
    await expect(connected(srv.socket({ ticketToken: 'no-such-ticket-token' }))).rejects.toThrow('TICKET_NOT_FOUND');
    await expect(connected(srv.socket({}))).rejects.toThrow('OFFICE_NOT_FOUND');
  });
});

describe('realtime: who is staff', () => {
  it('a session cookie sent from another site does not make a socket staff', async () => {
    const srv = await testServer();
    await srv.client.login('canbo1');
    const open = (origin: string) =>
      io(srv.url, {
        auth: { officeId: srv.officeId },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie: srv.client.cookie, origin },
      });
    const foreign = open('https://evil.example');
    const own = open(srv.url);
    onTestFinished(() => {
      foreign.disconnect();
      own.disconnect();
    });
    const foreignCounters = collect(foreign, 'counter');
    const ownCounters = collect(own, 'counter');
    await Promise.all([connected(foreign), connected(own)]);
    await openCounter(srv.client, await counterIdOf(srv.db, 1));
    await until(() => ownCounters[0], 5000, 'counter event');
    await sleep(200);
    expect(foreignCounters).toEqual([]);
  });
});
