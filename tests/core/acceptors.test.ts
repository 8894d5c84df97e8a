// Extra accept handles (server/acceptors.ts): a burst of new connections is accepted several per
// event-loop turn, every connection they accept is served by the same HTTP and Socket.IO stack,
// and closing the server closes them too.
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { addAcceptors } from '../../server/acceptors';
import { connected, testServer } from '../helpers';

/** Opens `n` connections at once, each sending one GET; resolves with their status lines. */
function burst(port: number, n: number, path = '/healthz'): Promise<string[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () =>
            socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
          );
          let text = '';
          socket.on('data', (d) => {
            text += d;
          });
          socket.on('end', () => resolve(text.split('\r\n')[0]!));
          socket.on('error', reject);
        }),
    ),
  );
}

/** The most connections the server accepted within one event-loop turn, while `during` runs. */
async function mostPerTurn(server: http.Server, during: () => Promise<unknown>): Promise<number> {
  let inTurn = 0;
  let most = 0;
  const onConnection = () => {
    if (inTurn++ === 0)
      setImmediate(() => {
        most = Math.max(most, inTurn);
        inTurn = 0;
      });
  };
  server.on('connection', onConnection);
  try {
    await during();
  } finally {
    server.off('connection', onConnection);
  }
  return most;
}

describe('extra accept handles', () => {
  it('accepts a burst of new connections several per turn and serves every one', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const acceptors = await addAcceptors(server, 4);
    expect(acceptors.count).toBe(4);
    let statuses: string[] = [];
    const most = await mostPerTurn(server, async () => {
      statuses = await burst(port, 100);
    });
    expect(statuses).toHaveLength(100);
    expect(new Set(statuses)).toEqual(new Set(['HTTP/1.1 200 OK']));
    // One handle alone accepts one connection per turn on Node 20; five accept up to five.
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(5);
    await acceptors.close();
    await new Promise<void>((r) => server.close(() => r()));
    await expect(burst(port, 1)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('adds nothing when asked for none, or for a server that is not listening', async () => {
    const server = http.createServer();
    expect((await addAcceptors(server, 4)).count).toBe(0);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    expect((await addAcceptors(server, 0)).count).toBe(0);
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('serves the API and Socket.IO through them, and closes them with the server', async () => {
    const t = await testServer({ config: { ACCEPT_HANDLES: 4 } });
    const port = t.server.port;
    let statuses: string[] = [];
    const most = await mostPerTurn(t.server.httpServer, async () => {
      statuses = await burst(port, 60, '/api/offices');
    });
    expect(new Set(statuses)).toEqual(new Set(['HTTP/1.1 200 OK']));
    expect(most).toBeGreaterThan(1);
    const displays = Array.from({ length: 30 }, () => t.socket({ officeId: 1 }));
    await Promise.all(displays.map((s) => connected(s)));
    expect(displays.every((s) => s.connected)).toBe(true);
    for (const s of displays) s.disconnect();
    await t.server.close(1000);
    await expect(burst(port, 1)).rejects.toThrow(/ECONNREFUSED/);
  });
});
