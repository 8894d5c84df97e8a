// The guarantee does not rest on Node's single thread: two processes booking the same slot of
// one database at once (a SQLite file, or PostgreSQL) still take exactly its capacity (the
// conditional ledger update), as several server processes would.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, services, slotLedger } from '../../db/schema';
import { at, testApp } from '../helpers';

describe('capacity across processes', () => {
  it('2 processes x 40 bookings for a slot of 8: exactly 8 taken', async () => {
    const f = await testApp();
    const path = f.url || f.path;
    await f.store.write((tx) => tx.update(services).set({ capacityPerSlot: 8 }).where(eq(services.id, 1)));
    const start = at('2026-11-30', 10);
    const worker = fileURLToPath(new URL('./book-worker.ts', import.meta.url));
    const children = [0, 1].map((w) =>
      fork(worker, [path, String(w * 40), '40', String(start)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
    );
    await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
    const results = children.map((c) => new Promise<string[]>((resolve) => c.once('message', (m) => resolve(m as string[]))));
    for (const c of children) c.send('go');
    const outcomes = (await Promise.all(results)).flat();
    expect(outcomes).toHaveLength(80);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(8);
    expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'SLOT_FULL')).toBe(true);
    expect(await f.db.select().from(appointments).where(eq(appointments.slotStart, start))).toHaveLength(8);
    expect((await f.db.select().from(slotLedger).where(eq(slotLedger.slotStart, start)))[0]?.booked).toBe(8);
  }, 120_000);
});
