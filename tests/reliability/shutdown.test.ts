// Graceful shutdown on SIGTERM: the server stops accepting connections, finishes the request in
// flight, disconnects its sockets, closes the database (its WAL is checkpointed away) and exits 0.
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureStopped, inspect, type ServerProcess, startProcess, tempDir, testTarget } from './server-process';

/** Resolves true when a TCP connection is refused, false when one is accepted (then closed). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

function readUntil(socket: Socket, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection closed; received: ${JSON.stringify(text)}`)));
  });
}

describe('graceful shutdown', () => {
  const tmp = tempDir('shutdown');
  let dbPath = '';
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await ensureStopped(server);
    tmp.cleanup();
  });

  it('on SIGTERM finishes the request in flight, closes sockets and the database, exits 0', { timeout: 120_000 }, async () => {
    dbPath = await testTarget(tmp.dir);
    server = await startProcess(dbPath);
    const staff = server.client();
    await staff.login('canbo1');
    const port = Number(new URL(server.url).port);

    // A lobby display on Socket.IO.
    const display = io(server.url, { auth: { officeId: 1 }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      display.once('connect', () => resolve());
      display.once('connect_error', reject);
    });
    const displayGone = new Promise<string>((resolve) => display.once('disconnect', (reason) => resolve(reason)));

    // A kiosk request in flight: headers sent, the server has answered "100 Continue" (so it is
    // being handled), the body not yet sent.
    const body = JSON.stringify({ serviceId: 1 });
    const raw = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    raw.write(
      [
        'POST /api/offices/1/tickets HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Origin: ${server.url}`,
        `Cookie: ${staff.cookie}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    );
    await readUntil(raw, /100 Continue/);
    const response = readUntil(raw, /\r\n\r\n[\s\S]*\}$/);
    response.catch(() => {}); // awaited below; a cut connection fails the test there

    server.child.kill('SIGTERM');
    // It stops accepting new connections...
    let stopped = false;
    for (let i = 0; i < 500 && !stopped; i++) {
      stopped = await refused(port);
      if (!stopped) await new Promise((r) => setTimeout(r, 10));
    }
    expect(stopped).toBe(true);
    // ...and disconnects its sockets (as a dropped transport, so displays reconnect by themselves
    // once the server is back)...
    expect(await displayGone).toBe('transport close');
    // ...while the request in flight still completes.
    raw.write(body);
    const text = await response;
    expect(text).toMatch(/^HTTP\/1\.1 201/);
    const ticket = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
    expect(ticket.number).toBe('A001');

    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output.join('')).toMatch(/"event":"stopped"/);
    // The database was closed: on SQLite the last connection checkpoints and removes the WAL file.
    if (!dbPath.startsWith('postgres')) expect(existsSync(`${dbPath}-wal`)).toBe(false);
    await inspect(dbPath, async (db) => {
      expect(await db.integrity()).toBe('ok');
      expect(await db.all('select number from tickets where token = ?', ticket.token)).toEqual([{ number: 'A001' }]);
    });
    display.close();
    raw.destroy();
  });
});
