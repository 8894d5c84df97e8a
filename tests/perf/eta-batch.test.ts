// The queue snapshot and the public service list estimate every service's wait in one batch
// (etaForServices); the figures must equal the per-service etaForService they replace.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { counters, services } from '../../db/schema';
import { seed } from '../../server/seed';
import { MIN_SAMPLES } from '../../server/tickets/eta';
import { etaForService, etaForServices, recordServiceTime } from '../../server/tickets/store';

it('batch estimates equal the per-service estimates (open and closed counters, measured and default times)', async () => {
  const db = openDb();
  await seed(db, { adminPassword: 'perf-password-1', staffPassword: 'perf-password-1' });
  const ids = db
    .select({ id: services.id })
    .from(services)
    .where(eq(services.officeId, 1))
    .all()
    .map((s) => s.id);
  expect(ids.length).toBeGreaterThan(3);
  const now = Date.now();
  // Two counters open, one service with enough measured samples, one with too few.
  const cs = db.select().from(counters).all();
  db.update(counters).set({ status: 'open' }).where(eq(counters.id, cs[0]!.id)).run();
  db.update(counters).set({ status: 'open' }).where(eq(counters.id, cs[1]!.id)).run();
  db.transaction((tx) => {
    for (let i = 0; i < MIN_SAMPLES + 1; i++) recordServiceTime(tx, ids[0]!, 3 * 60_000 + i * 1000, now);
    recordServiceTime(tx, ids[1]!, 30 * 60_000, now);
  });
  const eta = etaForServices(db, ids, now);
  let differing = 0;
  for (const id of ids) {
    for (const ahead of [0, 1, 7, 40]) {
      const one = etaForService(db, id, ahead, now);
      expect(eta(id, ahead)).toBe(one);
      if (one !== etaForService(db, ids[2]!, ahead, now)) differing++;
    }
  }
  // The services really differ, so the comparison above is not vacuous.
  expect(differing).toBeGreaterThan(0);
  expect(etaForServices(db, [], now)(ids[0]!, 3)).toBe(0);
});
