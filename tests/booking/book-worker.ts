// A separate process booking against the same database (a SQLite file or a PostgreSQL URL) (multi-process.test.ts): it waits for
// "go", books its phones one after another as fast as it can, and reports each outcome.
import { openStore } from '../../db/client';
import { book } from '../../server/booking/appointments';
import { idNumberPepper } from '../../server/booking/identity';
import { silentNotifier } from '../../server/events';
import { zonedTime } from '../../server/time';

const [path, first, count, start] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore(path.startsWith('postgres') ? { databaseUrl: path, poolSize: 2 } : { databasePath: path });
const now = zonedTime('2026-11-30', 9 * 60, 'Asia/Ho_Chi_Minh');
const deps = {
  db: store.db,
  store,
  clock: { now: () => now },
  notify: silentNotifier,
  idNumberPepper: await idNumberPepper(store, undefined, now),
};

process.on('message', async (msg) => {
  if (msg !== 'go') return;
  const outcomes: string[] = [];
  for (let i = Number(first); i < Number(first) + Number(count); i++) {
    const phone = `091${String(1_000_000 + i).slice(-7)}`;
    const r = await book(deps, { officeId: 1, serviceId: 1, start: Number(start), name: `P${i}`, phone });
    outcomes.push(r.ok ? 'ok' : r.code);
  }
  await store.close();
  process.send?.(outcomes, () => process.exit(0));
});
process.send?.('ready');
