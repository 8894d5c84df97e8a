// More accept handles on the listening socket. Node 20's libuv accepts one pending connection
// per handle per event-loop turn, so under a storm of new connections (a booking rush: every
// resident's phone opens its own) the accept queue drains one per turn while the turn itself
// serves every open connection's request: a new connection waited up to a second behind
// requests that came later. Each extra handle is a duplicate descriptor of the same socket
// (the kernel's one accept queue), so a turn accepts up to one connection per handle.
// Node 22.12 has `reusePort`; on Node 20 the only way to duplicate a descriptor is to pass it
// through an IPC channel, which is what cluster does with its workers: a short-lived helper
// process receives the raw handle and sends it back n times. The helper never listens (a raw
// handle is not a server), so it never accepts a connection itself.
import { spawn } from 'node:child_process';
import type { Server as HttpServer } from 'node:http';
import { Server as NetServer } from 'node:net';

// `on`, not `once`: the queued handle sends do not keep the helper alive on their own.
const HELPER = `process.on('message', (m, handle) => {
  for (let i = 0; i < m.n; i++) process.send('handle', handle);
});
process.on('disconnect', () => process.exit(0));`;

export interface Acceptors {
  /** How many extra handles accept connections. */
  count: number;
  /** Stops the extra handles accepting (connections already accepted stay with the server). */
  close(): Promise<void>;
}

const none: Acceptors = { count: 0, close: async () => {} };

/**
 * Adds `n` accept handles to a listening server. Best effort: if the helper cannot run (no IPC
 * handle passing on this platform, a sandbox), the server keeps its one handle.
 */
export async function addAcceptors(server: HttpServer, n: number, timeoutMs = 5000): Promise<Acceptors> {
  const handle = (server as unknown as { _handle?: object })._handle;
  if (n <= 0 || !handle) return none;
  const helper = spawn(process.execPath, ['-e', HELPER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const extra: NetServer[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('accept helper timed out')), timeoutMs);
      helper.once('error', reject);
      helper.once('exit', () => reject(new Error('accept helper exited early')));
      helper.on('message', (_m, dup) => {
        if (!dup) return;
        // A raw TCP handle: listen() adopts it as this server's handle.
        const s = new NetServer({ pauseOnConnect: false });
        s.on('connection', (socket) => server.emit('connection', socket));
        s.on('error', (e) => server.emit('error', e));
        s.listen(dup as never);
        extra.push(s);
        if (extra.length === n) {
          clearTimeout(timer);
          helper.disconnect();
          resolve();
        }
      });
      helper.send({ n }, handle as never);
    });
  } catch (e) {
    helper.kill();
    await closeAll(extra);
    console.error(JSON.stringify({ t: new Date().toISOString(), event: 'acceptors', error: String(e) }));
    return none;
  }
  return { count: extra.length, close: () => closeAll(extra) };
}

function closeAll(servers: NetServer[]): Promise<void> {
  return Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => {});
}
