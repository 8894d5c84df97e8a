// Backups: `npm run backup -- <file>` while the server runs and writes gives a consistent copy;
// `npm run restore -- <file>` (server stopped) puts it back, and the server reads it.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { testBackend } from '../test-databases';
import {
  allTickets,
  ensureStopped,
  inspect,
  numberingProblems,
  root,
  type ServerProcess,
  startProcess,
  tempDir,
} from './server-process';

function npmRun(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// The backup script copies the SQLite file; a city backs up with pg_dump (README, Running a city).
describe.skipIf(testBackend() === 'postgres')('backup and restore (SQLite)', () => {
  const tmp = tempDir('backup');
  const dbPath = `${tmp.dir}/reception.db`;
  const backupPath = `${tmp.dir}/copy.db`;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await ensureStopped(server);
    tmp.cleanup();
  });

  it('copies the live database while it is written, and restores it with one command', { timeout: 180_000 }, async () => {
    server = await startProcess(dbPath);
    const staff = server.client();
    await staff.login('canbo1');
    const issue = async (serviceId: number) => {
      const r = await staff.post('/api/offices/1/tickets', { serviceId });
      expect(r.status).toBe(201);
      return r.body as { number: string; token: string };
    };
    const before = [];
    for (let i = 0; i < 20; i++) before.push(await issue(i % 2 ? 1 : 5));

    // Writers keep issuing tickets for the whole backup.
    let writing = true;
    const during: { number: string; token: string }[] = [];
    const writers = Promise.all(
      [1, 5, 1, 5].map(async (serviceId) => {
        while (writing) {
          during.push(await issue(serviceId));
          await new Promise((r) => setTimeout(r, 5)); // steady writes, leaving CPU for the backup itself
        }
      }),
    );
    const made = await npmRun('backup', [backupPath], { DATABASE_PATH: dbPath });
    writing = false;
    await writers;
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'backup', to: backupPath });
    expect(during.length).toBeGreaterThan(0);
    const after = await issue(1);

    // The copy is one consistent moment: sound, numbering whole, everything issued before it.
    const copied = await inspect(backupPath, async (db) => {
      expect(await db.integrity()).toBe('ok');
      expect(await numberingProblems(db)).toEqual([]);
      return new Map((await allTickets(db)).map((t) => [t.token, t.number]));
    });
    for (const t of before) expect(copied.get(t.token)).toBe(t.number);
    expect(copied.has(after.token)).toBe(false);

    // Restoring under a running server is refused, and changes nothing.
    const busy = await npmRun('restore', [backupPath], { DATABASE_PATH: dbPath });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/in use/);
    expect((await staff.get(`/api/tickets/${after.token}`)).status).toBe(200);

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const restored = await npmRun('restore', [backupPath], { DATABASE_PATH: dbPath });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);

    // The server starts on the restored file: the backup's tickets are there, later ones are not,
    // and numbering continues from the copy.
    server = await startProcess(dbPath);
    const reader = server.client();
    for (const t of before.slice(-3)) expect((await reader.get(`/api/tickets/${t.token}`)).body.number).toBe(t.number);
    expect((await reader.get(`/api/tickets/${after.token}`)).status).toBe(404);
    await reader.login('canbo1');
    const next = await reader.post('/api/offices/1/tickets', { serviceId: 1 });
    expect(next.status).toBe(201);
    const seqA = [...copied.values()].filter((n) => n.startsWith('A')).length;
    expect(next.body.number).toBe(`A${String(seqA + 1).padStart(3, '0')}`);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    await inspect(dbPath, async (db) => expect(await db.integrity()).toBe('ok'));
  });
});
