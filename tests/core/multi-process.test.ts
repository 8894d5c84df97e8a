// The scale-out claim: two processes sharing one database (a SQLite file, or PostgreSQL as a
// city's processes do) never call a ticket twice.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openCounter } from '../../server/calling/store';
import { issueTicket } from '../../server/tickets/store';
import { counterIdOf, serviceIdOf, sqlValue, testApp } from '../helpers';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'reception-processes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const worker = fileURLToPath(new URL('./fixtures/call-worker.ts', import.meta.url));

describe('two processes on one database', () => {
  it('never call one ticket twice', { timeout: 180_000 }, async () => {
    const f = await testApp();
    const path = f.url || f.path;
    const A = await serviceIdOf(f.db, 'A'); // served by counters 1 and 2
    const total = 150;
    for (let i = 0; i < total; i++) expect((await issueTicket(f.deps, { officeId: 1, serviceId: A })).ok).toBe(true);
    const staffId = async (u: string) => (await sqlValue(f.db, 'select id from staff where username = ?', u)) as number;
    const [c1, c2] = await Promise.all([counterIdOf(f.db, 1), counterIdOf(f.db, 2)]);
    const [o1, o2] = await Promise.all([staffId('canbo1'), staffId('canbo2')]);
    expect((await openCounter(f.deps, c1, { id: o1, role: 'officer', officeId: 1 })).ok).toBe(true);
    expect((await openCounter(f.deps, c2, { id: o2, role: 'officer', officeId: 1 })).ok).toBe(true);
    await f.store.close();

    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const start = (counterId: number, officerId: number) =>
      run(
        process.execPath,
        ['--import', 'tsx', worker, path, String(counterId), String(officerId), join(tmp, 'ready'), `${c1},${c2}`],
        { cwd },
      ).then((r) => (JSON.parse(r.stdout) as { called: number[] }).called);
    const [by1, by2] = await Promise.all([start(c1, o1), start(c2, o2)]);
    const all = [...by1, ...by2];
    expect(all.length).toBe(total);
    expect(new Set(all).size).toBe(total);
    // How the 150 split between the two depends on scheduling (one may even take them all on a
    // busy machine), so it is not asserted: what matters is that none was called twice.
  });
});
