// Backups of the SQLite database, safe while the server runs.
//
//   npm run backup -- <file>    a consistent copy of DATABASE_PATH (SQLite online backup: one
//                               read snapshot, so the server keeps writing meanwhile)
//   npm run restore -- <file>   puts a backup back in place of DATABASE_PATH; the server must be
//                               stopped (refused otherwise); the current file is kept aside first
//
// Both check the copy with PRAGMA integrity_check and exit non-zero on any problem.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** Copies `from` (an open connection) to `file` in one step, through a temporary file. */
export async function copyDatabase(from: Database.Database, file: string): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    // All pages in one step: the copy is one read snapshot, never a mix of two moments.
    await from.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    try {
      // A copy should stand alone as one file, whatever mode the source was in.
      copy.pragma('journal_mode = DELETE');
      checkIntegrity(copy, partial);
    } finally {
      copy.close();
    }
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

export function checkIntegrity(db: Database.Database, label: string): void {
  const result = db.pragma('integrity_check', { simple: true });
  if (result !== 'ok') throw new Error(`${label}: integrity check failed: ${String(result)}`);
}

export async function backup(databasePath: string, file: string): Promise<{ tickets: number }> {
  if (!existsSync(databasePath)) throw new Error(`no database at ${databasePath}`);
  const source = new Database(databasePath, { fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  try {
    await copyDatabase(source, file);
  } finally {
    source.close();
  }
  return summary(file);
}

export async function restore(databasePath: string, file: string): Promise<{ tickets: number; previous?: string }> {
  const incoming = new Database(file, { fileMustExist: true, readonly: true });
  try {
    checkIntegrity(incoming, file);
    let previous: string | undefined;
    if (existsSync(databasePath)) {
      const current = new Database(databasePath, { fileMustExist: true });
      try {
        refuseIfInUse(current, databasePath);
        previous = `${databasePath}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await copyDatabase(current, previous);
      } finally {
        current.close();
      }
    }
    // Restore through SQLite too, so a WAL left next to the old file cannot be replayed over it.
    await incoming.backup(databasePath, { progress: () => 0x7fffffff });
    const restored = new Database(databasePath);
    try {
      restored.pragma('journal_mode = WAL');
      checkIntegrity(restored, databasePath);
    } finally {
      restored.close();
    }
    return { ...summary(databasePath), previous };
  } finally {
    incoming.close();
  }
}

/**
 * A running server keeps a shared lock on its database file (WAL mode), so an exclusive lock
 * taken without waiting tells whether anyone else has it open.
 */
function refuseIfInUse(db: Database.Database, path: string): void {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (e) {
    throw new Error(`${path} is in use (is the server running? stop it first): ${(e as Error).message}`);
  }
}

function summary(file: string): { tickets: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('select count(*) as n from tickets').get() as { n: number };
    return { tickets: row.n };
  } finally {
    db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const restoring = argv[0] === '--restore';
  const file = restoring ? argv[1] : argv[0];
  if (!file || file.startsWith('-')) {
    console.error('usage: npm run backup -- <file>   |   npm run restore -- <file>');
    return 2;
  }
  const databasePath = resolve(process.env.DATABASE_PATH || 'data/reception.db');
  const target = resolve(file);
  if (!restoring) mkdirSync(dirname(target), { recursive: true });
  try {
    if (restoring) {
      const r = await restore(databasePath, target);
      console.log(
        JSON.stringify({ event: 'restored', from: target, to: databasePath, tickets: r.tickets, previous: r.previous ?? null }),
      );
    } else {
      const r = await backup(databasePath, target);
      console.log(JSON.stringify({ event: 'backup', from: databasePath, to: target, tickets: r.tickets }));
    }
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
