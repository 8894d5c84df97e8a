// What the realtime server keeps per socket is released when the socket leaves: Socket.IO's
// sockets and rooms, the phones whose positions are refreshed, the staff sessions rechecked, and
// no connection-state-recovery copies of sessions or sent packets. A day's phones come and go;
// none of them may stay behind (bench scenario 4 measures the memory itself).
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ServerToClientEvents } from '../../server/realtime/contract';
import { counterIdOf, issue, nextEvent, openCounter, serviceIdOf, testServer, until } from '../helpers';

const nothing = {
  sockets: 0,
  rooms: 0,
  socketsInRooms: 0,
  phoneOffices: 0,
  phones: 0,
  staffSessions: 0,
  welcoming: 0,
  recoverySessions: 0,
  recoveryPackets: 0,
};

/** Half leave cleanly (the page says goodbye), half as a closed tab (the connection just ends). */
function leave(sockets: Socket<ServerToClientEvents>[]): void {
  for (const [i, s] of sockets.entries()) {
    if (i % 2) s.disconnect();
    else s.io.engine.close();
  }
}

describe('realtime bookkeeping', () => {
  it('sockets of every kind connect, hear calls and leave: nothing is kept for them', async () => {
    const srv = await testServer();
    const held = () => srv.server.realtime.held();
    const staff = srv.client.fresh();
    await staff.login('canbo1');
    const A = await serviceIdOf(srv.db, 'A');
    const c1 = await counterIdOf(srv.db, 1);
    await openCounter(staff, c1);
    const tickets = [];
    for (let i = 0; i < 12; i++) tickets.push(await issue(staff, A));

    for (let round = 0; round < 2; round++) {
      const displays = Array.from({ length: 6 }, () => srv.socket({ officeId: srv.officeId }));
      // Two phones on the first ticket (the resident's and a relative's), one on each other.
      const phones = [tickets[0]!, ...tickets].map((t) => srv.socket({ ticketToken: t.token }));
      const staffSockets = Array.from({ length: 3 }, () => srv.socket({ officeId: srv.officeId }, { cookie: staff.cookie }));
      const city = srv.socket({ city: true });
      const welcomed = [...displays, ...phones, ...staffSockets].map((s) => nextEvent(s, 'queue', 5000));
      await Promise.all(welcomed);
      await until(() => city.connected, 5000, 'the city socket');
      expect(held()).toMatchObject({ sockets: 23, phones: 12, phoneOffices: 1, staffSessions: 3, welcoming: 0 });

      // Calls move the phones' line: those still waiting (the earlier rounds called the first
      // tickets) are refreshed, and nothing is kept for a later replay.
      const called = phones.filter((_, i) => Math.max(0, i - 1) >= round).map((s) => nextEvent(s, 'ticket', 5000));
      await staff.post(`/api/counters/${c1}/call-next`);
      await Promise.all(called);
      await staff.post(`/api/counters/${c1}/no-show`);

      leave([...displays, ...phones, ...staffSockets, city]);
      await until(() => held().sockets === 0 && held().welcoming === 0, 5000, 'every socket gone');
      expect(held()).toEqual(nothing);
    }
  });

  it('a socket that leaves while it is being welcomed joins no room and is not followed', async () => {
    const srv = await testServer();
    const held = () => srv.server.realtime.held();
    const io = srv.server.realtime.io!;
    await srv.client.login('canbo1');
    const A = await serviceIdOf(srv.db, 'A');
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await issue(srv.client, A));
    // After the server's own connection handler has started the welcome (reading the snapshot
    // and the ticket), the socket is gone: its welcome finishes for nobody.
    const kick = (socket: { disconnect(close: boolean): unknown }) => socket.disconnect(true);
    io.on('connection', kick);
    const sockets = [
      ...tickets.map((t) => srv.socket({ ticketToken: t.token })),
      ...Array.from({ length: 5 }, () => srv.socket({ officeId: srv.officeId })),
    ];
    await Promise.all(sockets.map((s) => nextEvent(s, 'disconnect', 5000)));
    await until(() => held().sockets === 0 && held().welcoming === 0, 5000, 'the welcomes to finish');
    expect(held()).toEqual(nothing);

    // A socket that stays is welcomed as before.
    io.off('connection', kick);
    const display = srv.socket({ officeId: srv.officeId });
    await nextEvent(display, 'queue', 5000);
    expect(held()).toMatchObject({ sockets: 1, rooms: 2, socketsInRooms: 1, phones: 0 });
  });
});
