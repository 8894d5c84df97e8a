// web/live.ts on a fake socket: every event but a queue snapshot reaches its handler once, in
// the order it arrives, and a reconnect asks for what came after the newest id seen.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallEvent, QueueEvent, TicketEvent } from '../../server/realtime/contract';
import { createLive, type LiveOptions, type LiveSocket, REMEMBERED_IDS } from '../../web/live';

/** What createLive uses of a socket.io-client socket; `deliver` plays the server's part. */
function fakeSocket() {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const socket = {
    connected: false,
    recovered: false,
    on(event: string, fn: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), fn]);
      return socket;
    },
    connect: vi.fn(),
    close: vi.fn(),
    deliver(event: string, ...args: unknown[]) {
      for (const fn of listeners.get(event) ?? []) fn(...args);
    },
  };
  return socket;
}

let auth: ((cb: (data: object) => void) => void) | undefined;

function open(handlers: LiveOptions['handlers'], lastEventId?: number) {
  const socket = fakeSocket();
  const live = createLive({
    auth: { officeId: 1 },
    lastEventId,
    handlers,
    connect: (options) => {
      auth = options.auth as typeof auth;
      return socket as unknown as LiveSocket;
    },
  });
  return { live, socket };
}

/** The auth a (re)connect would send. */
const authNow = () => {
  let sent: object = {};
  auth?.((data) => {
    sent = data;
  });
  return sent;
};

const call = (eventId: number, number = `A${String(eventId).padStart(3, '0')}`): CallEvent => ({
  eventId,
  ticketId: eventId,
  number,
  counterNumber: 1,
  counterId: 1,
  serviceId: 1,
  calledAt: '2026-12-01T02:00:00.000Z',
  recall: false,
});

const ticket = (eventId: number, position: number): TicketEvent => ({
  eventId,
  id: 7,
  number: 'A007',
  serviceId: 1,
  state: 'waiting',
  position,
  etaMinutes: position * 5,
});

beforeEach(() => {
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: vi.fn(), removeEventListener: vi.fn() });
});
afterEach(() => {
  vi.unstubAllGlobals();
  auth = undefined;
});

describe('live socket', () => {
  it('hands each call over once, however often it arrives', () => {
    const seen: number[] = [];
    const { socket } = open({ call: (e) => seen.push(e.eventId) });
    socket.deliver('call', call(5));
    socket.deliver('call', call(6));
    socket.deliver('call', call(5)); // a replay overlapping the live stream
    socket.deliver('call', call(6));
    expect(seen).toEqual([5, 6]);
  });

  it('keeps an event that arrives after a newer one (several server processes)', () => {
    const seen: number[] = [];
    const { live, socket } = open({ call: (e) => seen.push(e.eventId) });
    socket.deliver('call', call(10));
    socket.deliver('call', call(8));
    socket.deliver('call', call(9));
    socket.deliver('call', call(8));
    expect(seen).toEqual([10, 8, 9]);
    // A reconnect asks for what came after the newest id, not the last one to arrive.
    expect(live.lastEventId()).toBe(10);
    expect(authNow()).toEqual({ officeId: 1, lastEventId: 10 });
  });

  it('connects first with the page’s own newest id, or without one', () => {
    open({}, 42);
    expect(authNow()).toEqual({ officeId: 1, lastEventId: 42 });
    open({});
    expect(authNow()).toEqual({ officeId: 1 });
  });

  it('remembers ids per kind: a counter event does not hide a call with the same id', () => {
    const got: string[] = [];
    const { socket } = open({
      call: (e) => got.push(`call ${e.eventId}`),
      counter: (e) => got.push(`counter ${e.eventId}`),
      'feedback:answered': (e) => got.push(`feedback ${e.eventId}`),
      'office:changed': (e) => got.push(`office ${e.eventId}`),
    });
    const counter = { eventId: 3, id: 1, number: 1, status: 'open', onHold: [] };
    const answer = { eventId: 3, ticketId: 7, answer: 'Đã xử lý', answeredAt: '2026-12-01T03:00:00.000Z' };
    for (let i = 0; i < 2; i++) {
      socket.deliver('counter', counter);
      socket.deliver('call', call(3));
      socket.deliver('feedback:answered', answer);
      socket.deliver('office:changed', { eventId: 3, officeId: 1 });
    }
    expect(got).toEqual(['counter 3', 'call 3', 'feedback 3', 'office 3']);
  });

  it('applies every queue snapshot, even one carrying an id already seen', () => {
    const waiting: number[] = [];
    const { socket } = open({ queue: (e) => waiting.push(e.services[0]!.waiting) });
    const queue = (waitingNow: number): QueueEvent => ({
      eventId: 4,
      services: [{ serviceId: 1, waiting: waitingNow, etaMinutes: 3 }],
    });
    socket.deliver('queue', queue(2));
    socket.deliver('queue', queue(3));
    socket.deliver('queue', queue(3));
    expect(waiting).toEqual([2, 3, 3]);
  });

  it('drops a repeated ticket event but applies a newer position sent with the same id', () => {
    const positions: number[] = [];
    const { socket } = open({ ticket: (e) => positions.push(e.position) });
    socket.deliver('ticket', ticket(20, 3));
    socket.deliver('ticket', ticket(20, 3)); // the same event twice
    socket.deliver('ticket', ticket(20, 4)); // a priority ticket went ahead: no new event id
    expect(positions).toEqual([3, 4]);
  });

  it('forgets the oldest ids beyond its bound, and only those', () => {
    const seen: number[] = [];
    const { socket } = open({ call: (e) => seen.push(e.eventId) });
    for (let id = 1; id <= REMEMBERED_IDS + 1; id++) socket.deliver('call', call(id));
    seen.length = 0;
    socket.deliver('call', call(REMEMBERED_IDS + 1));
    socket.deliver('call', call(2));
    socket.deliver('call', call(1));
    expect(seen).toEqual([1]);
  });

  it('asks for a resync after a reconnect the server could not recover', () => {
    const resync = vi.fn();
    const socket = fakeSocket();
    const live = createLive({
      auth: { officeId: 1 },
      handlers: {},
      onResync: resync,
      connect: () => socket as unknown as LiveSocket,
    });
    socket.deliver('connect');
    expect(live.connected()).toBe(true);
    expect(resync).not.toHaveBeenCalled();
    socket.deliver('disconnect');
    expect(live.connected()).toBe(false);
    socket.recovered = true;
    socket.deliver('connect');
    expect(resync).not.toHaveBeenCalled();
    socket.recovered = false;
    socket.deliver('connect');
    expect(resync).toHaveBeenCalledTimes(1);
    live.close();
    expect(socket.close).toHaveBeenCalled();
  });
});
