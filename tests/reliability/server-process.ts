// The real server as a child process (`node dist-server/main.mjs`, as `npm start` runs it), on a
// free port and a database of the run's backend (a file in a temporary directory, or an empty
// PostgreSQL database): for the crash, shutdown and backup tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ADMIN_PASSWORD, STAFF_PASSWORD, TestClient } from '../helpers';
import { emptyTestDatabase, testBackend } from '../test-databases';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr, in order. */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  client(): TestClient;
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `reception-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Where a process's data lives: a SQLite file in `dir`, or a new empty PostgreSQL database. */
export async function testTarget(dir: string): Promise<string> {
  return testBackend() === 'postgres' ? emptyTestDatabase() : join(dir, 'reception.db');
}

const isUrl = (target: string) => target.startsWith('postgres');

export async function startProcess(target: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // What `npm start` runs: the server bundle (built by the global setup, scripts/build-if-stale.mjs).
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist-server/main.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      ...(isUrl(target) ? { DATABASE_URL: target } : { DATABASE_PATH: target }),
      ADMIN_PASSWORD,
      STAFF_PASSWORD,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      text += chunk.toString();
      const m = /running on (http:\/\/\S+)/.exec(text);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    exited.then(({ code, signal }) =>
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output.join('')}`)),
    );
    setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output.join('')}`)), 60_000).unref();
  });
  return {
    url,
    child,
    output,
    exited,
    client: () => new TestClient((path, init) => fetch(url + path, init), url),
  };
}

/** Stops a child for good (SIGKILL) if it is still running: for afterEach clean-up. */
export async function ensureStopped(p: ServerProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

/** Reads of the database, on either backend (`?` placeholders). */
export interface Inspector {
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** SQLite's integrity_check; PostgreSQL answers 'ok' when it answers at all. */
  integrity(): Promise<string>;
}

/** Opens the database the way a fresh server would (recovering SQLite's WAL) and reads it. */
export async function inspect<T>(target: string, read: (db: Inspector) => T | Promise<T>): Promise<T> {
  if (isUrl(target)) {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    try {
      let n = 0;
      return await read({
        all: async (sql, ...params) =>
          (
            await c.query(
              sql.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows,
        integrity: async () => ((await c.query('select 1 as ok')).rows.length ? 'ok' : 'no answer'),
      });
    } finally {
      await c.end();
    }
  }
  const db = new Database(target, { fileMustExist: true });
  try {
    return await read({
      all: async <R>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as R[],
      integrity: async () => String(db.pragma('integrity_check', { simple: true })),
    });
  } finally {
    db.close();
  }
}

export interface TicketRow {
  id: number;
  number: string;
  token: string;
  prefix: string;
  seq: number;
  local_day: string;
}

export async function allTickets(db: Inspector): Promise<TicketRow[]> {
  return (await db.all<TicketRow>('select id, number, token, prefix, seq, local_day from tickets order by id')).map((t) => ({
    ...t,
    id: Number(t.id),
    seq: Number(t.seq),
  }));
}

/**
 * Numbering problems in the file: per prefix and local day the sequence must be 1..n with no
 * hole and no repeat, and the allocator's counter must stand at n.
 */
export async function numberingProblems(db: Inspector): Promise<string[]> {
  const problems: string[] = [];
  const groups = new Map<string, number[]>();
  for (const t of await allTickets(db)) {
    const key = `${t.prefix}|${t.local_day}`;
    groups.set(key, [...(groups.get(key) ?? []), t.seq]);
  }
  const counters = await db.all<{ prefix: string; local_day: string; last_seq: number }>(
    'select prefix, local_day, last_seq from ticket_sequences',
  );
  for (const [key, seqs] of groups) {
    const sorted = [...seqs].sort((a, b) => a - b);
    sorted.forEach((s, i) => {
      if (s !== i + 1) problems.push(`${key}: expected ${i + 1}, found ${s}`);
    });
    const counter = counters.find((c) => `${c.prefix}|${c.local_day}` === key);
    if (Number(counter?.last_seq) !== sorted.length)
      problems.push(`${key}: counter at ${counter?.last_seq}, ${sorted.length} tickets`);
  }
  return problems;
}
