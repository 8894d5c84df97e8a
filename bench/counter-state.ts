// The counter terminal's read: how many SQL statements one counterState runs with 200 tickets
// waiting at the counter, how long it takes, and what one `queue` snapshot costs an office whose
// six terminals react to it (every terminal refetching, as before, or only those whose lines
// changed). In-process on an in-memory database: it measures the reads, not HTTP.
//   node --import tsx bench/counter-state.ts
import { pathToFileURL } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { createQueueWatch, watchedServices } from '../counter/terminal/queue-watch';
import { openStore } from '../db/client';
import { counterServices, counters, staff } from '../db/schema';
import type { SqliteStore } from '../db/sqlite';
import { type Actor, actOnCurrent, callNext, counterState } from '../server/calling/store';
import { queueSnapshot } from '../server/estimates/store';
import { silentNotifier } from '../server/events';
import { seed } from '../server/seed';
import { issueTicket } from '../server/tickets/store';
import { zonedTime } from '../server/time';

const WAITING = 200;
const CALLS = 200;
const EVENTS = 300;

export interface CounterStateBench {
  waiting: number;
  statementsPerCall: number;
  ms: { mean: number; p50: number; p99: number };
  perQueueEvent: { policy: string; refetches: number; statements: number }[];
  markdown: string;
}

// Every statement executed, whenever it was prepared (the hot paths prepare theirs once): the
// shared better-sqlite3 Statement prototype is wrapped, as tests/core/query-plan.test.ts does.
let executed = 0;
let counting = false;
function countStatements(store: SqliteStore): void {
  const proto = Object.getPrototypeOf(store.writer.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  if ((proto as { counted?: boolean }).counted) return;
  for (const method of ['get', 'all', 'run', 'iterate']) {
    const original = proto[method]!;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      if (counting) executed++;
      return original.apply(this, args);
    };
  }
  (proto as { counted?: boolean }).counted = true;
}

async function statementsOf<T>(fn: () => Promise<T>): Promise<{ value: T; statements: number }> {
  executed = 0;
  counting = true;
  try {
    const value = await fn();
    return { value, statements: executed };
  } finally {
    counting = false;
  }
}

/** A small deterministic generator, so two runs issue the same morning. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function runCounterStateBench(): Promise<CounterStateBench> {
  const store = (await openStore({ databasePath: ':memory:' })) as SqliteStore;
  const db = store.db;
  let now = zonedTime('2026-11-30', 8 * 60, 'Asia/Ho_Chi_Minh');
  const clock = { now: () => now };
  const deps = { db, store, clock, notify: silentNotifier };
  const { officeId } = await seed(store, { adminPassword: 'bench-password-1', staffPassword: 'bench-password-1', now });
  countStatements(store);
  const rand = random(19);

  // All six counters open, each held by someone (the demo office has fewer officers than
  // counters, so some hold two: the bench acts on the store, not through openCounter's check).
  const people = await db.select({ id: staff.id, role: staff.role }).from(staff).orderBy(asc(staff.id));
  const rows = await db
    .select({ id: counters.id })
    .from(counters)
    .where(eq(counters.officeId, officeId))
    .orderBy(asc(counters.number));
  const desks: { id: number; serviceIds: number[]; actor: Actor }[] = [];
  for (const [i, c] of rows.entries()) {
    const person = people[i % people.length]!;
    await store.write((tx) =>
      tx.update(counters).set({ status: 'open', officerId: person.id, openedAt: now }).where(eq(counters.id, c.id)),
    );
    const serviceIds = (
      await db.select({ id: counterServices.serviceId }).from(counterServices).where(eq(counterServices.counterId, c.id))
    ).map((r) => r.id);
    desks.push({ id: c.id, serviceIds, actor: { id: person.id, role: person.role, officeId } });
  }
  const desk = desks[0]!;

  // 200 tickets waiting across the first counter's services, some priority, over an hour.
  for (let i = 0; i < WAITING; i++) {
    const serviceId = desk.serviceIds[i % desk.serviceIds.length]!;
    const issued = await issueTicket(deps, { officeId, serviceId, priority: rand() < 0.1 ? 'elderly' : null });
    if (!issued.ok) throw new Error(`issue: ${issued.code}`);
    now += 15_000;
  }
  // The counter has a ticket at the desk and one on hold, as on a real morning.
  for (const step of ['call', 'start', 'hold', 'call'] as const) {
    const r =
      step === 'call' ? await callNext(deps, desk.id, desk.actor, 'vi') : await actOnCurrent(deps, desk.id, desk.actor, step);
    if (!r.ok) throw new Error(`${step}: ${r.code}`);
  }

  const first = await statementsOf(() => counterState(db, desk.id, now));
  if (!first.value || first.value.waiting.length !== WAITING - 2) {
    throw new Error(`expected ${WAITING - 2} waiting, got ${first.value?.waiting.length}`);
  }
  for (let i = 0; i < 20; i++) await counterState(db, desk.id, now);
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await counterState(db, desk.id, now);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = {
    mean: round(times.reduce((s, x) => s + x, 0) / times.length),
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
  };

  // A busy morning, one change per `queue` snapshot: a ticket issued for any service, or a
  // counter finishing its ticket and calling the next. Each snapshot is read once for the
  // office; then each terminal refetches its state, or not, by its policy.
  const policies = ['every snapshot (before)', 'own lines changed (after)'] as const;
  const terminals = [];
  for (const policy of policies) {
    for (const d of desks)
      terminals.push({ policy, desk: d, shown: (await counterState(db, d.id, now))!, watch: createQueueWatch() });
  }
  const totals = policies.map((policy) => ({ policy, refetches: 0, statements: 0 }));
  const allServices = [...new Set(desks.flatMap((d) => d.serviceIds))];
  for (let e = 0; e < EVENTS; e++) {
    now += 5_000;
    if (rand() < 0.6) {
      await issueTicket(deps, { officeId, serviceId: allServices[Math.floor(rand() * allServices.length)]!, priority: null });
    } else {
      const d = desks[Math.floor(rand() * desks.length)]!;
      const held = (await db.select({ current: counters.currentTicketId }).from(counters).where(eq(counters.id, d.id)))[0];
      if (held?.current) {
        await actOnCurrent(deps, d.id, d.actor, 'start');
        now += 1_000;
        await actOnCurrent(deps, d.id, d.actor, 'finish');
      }
      const called = await callNext(deps, d.id, d.actor, 'vi');
      // The `call` event every other terminal hears.
      if (called.ok) {
        for (const t of terminals) {
          if (t.desk !== d) t.watch.called(called.value.ticket.serviceId, watchedServices(t.shown), false);
        }
      }
    }
    const snapshot = await statementsOf(() => queueSnapshot(db, officeId, now));
    for (const total of totals) total.statements += snapshot.statements;
    for (const t of terminals) {
      const total = totals[policies.indexOf(t.policy)]!;
      const changed = t.watch.snapshot(snapshot.value.services, watchedServices(t.shown));
      if (t.policy.startsWith('own') && !changed) continue;
      total.refetches++;
      const read = await statementsOf(() => counterState(db, t.desk.id, now));
      total.statements += read.statements;
      t.shown = read.value!;
    }
  }
  const perQueueEvent = totals.map((t) => ({
    policy: t.policy,
    refetches: round(t.refetches / EVENTS, 2),
    statements: round(t.statements / EVENTS, 1),
  }));

  const markdown = [
    `counterState with ${first.value.waiting.length} waiting tickets, a current ticket and one on hold (${CALLS} calls):`,
    '',
    '| statements per call | mean ms | p50 ms | p99 ms |',
    '| ---: | ---: | ---: | ---: |',
    `| ${first.statements} | ${ms.mean} | ${ms.p50} | ${ms.p99} |`,
    '',
    `Per \`queue\` snapshot, six terminals open (${EVENTS} snapshots, one change each):`,
    '',
    '| terminals refetch on | refetches | statements (snapshot + refetches) |',
    '| --- | ---: | ---: |',
    ...perQueueEvent.map((p) => `| ${p.policy} | ${p.refetches} | ${p.statements} |`),
  ].join('\n');
  await store.close();
  return { waiting: first.value.waiting.length, statementsPerCall: first.statements, ms, perQueueEvent, markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runCounterStateBench();
  console.log(result.markdown);
}
