// A walk-in ticket on PostgreSQL: the tickets of one line that arrive together, issued in one
// statement that commits by itself (the city's ticket path; on SQLite the group commit of
// db/sqlite.ts does the same work).
//
// Every ticket of a line takes the line's number row (ticket_sequences) and its waiting count,
// and holds both until its commit. In a transaction of several statements the rows stayed locked
// while the process, busy with other requests, got round to sending the next statement: the
// city issued about 250 tickets a second, each of the line waiting on the one before.
// Here:
// 1. Tickets asked of this process for the same line (office, service, priority) while one of
//    its statements is in flight wait and go together in the next: one statement, one commit,
//    for all of them.
// 2. One read, outside any lock: the office, the service, its load, and who waits ahead.
// 3. One statement, run on its own (autocommit): it takes the numbers (the row's value plus n),
//    adds n to the waiting count, inserts the tickets and their `issued` events. The numbers and
//    the count come from the rows as they are when their locks are granted (ON CONFLICT DO
//    UPDATE reads the latest version), so they are exact whatever committed meanwhile; the rows
//    are released at the statement's own commit.
// The estimate stored with a ticket is the one its slip shows, and it depends on the ticket's
// place, which is known only inside the statement. The estimates for a window of places around
// the one read in step 2 go with the statement, which stores the one for each ticket's place; a
// place outside the window (a line that moved a lot meanwhile) gets its estimate in a second,
// small write.
import type pg from 'pg';
import { type PostgresStore, retried } from '../../db/postgres';
import { fail, ok, type Result } from '../errors';
import { loadOf } from '../estimates/estimate';
import { newcomerEstimate } from '../estimates/forecasts';
import { type Deps, Outbox } from '../events';
import { officeOfRaw, RAW_OFFICE_COLUMNS, type RawOfficeRow } from '../offices/store';
import { localDay } from '../time';
import { type IssuedTicket, orderedToken } from './issued';

/** Tickets of one line in one statement, at most. */
const MAX_GROUP = 64;
/** Places estimated beyond the read one (and before it: calls may have moved the line on). */
const WINDOW_AFTER = 48;
const WINDOW_BEFORE = 8;

const FACTS = `
select ${RAW_OFFICE_COLUMNS},
  s.id as service_id, s.active, s.prefix, s.avg_service_minutes,
  st.ewma_service_ms, st.samples,
  (select count(*) from counter_services cs join counters c on c.id = cs.counter_id
     where cs.service_id = s.id and c.status = 'open') as open,
  (select count(*) from counter_services cs join counters c on c.id = cs.counter_id
     where cs.service_id = s.id) as all_counters,
  (select coalesce(sum(w.waiting), 0) from waiting_counts w
     where w.service_id = s.id and w.queue_class <= $3) as ahead
from offices o
left join services s on s.id = $2 and s.office_id = o.id
left join service_stats st on st.service_id = s.id
where o.id = $1`;

interface FactsRow extends RawOfficeRow {
  service_id: number | null;
  active: boolean;
  prefix: string;
  avg_service_minutes: number;
  ewma_service_ms: number | null;
  samples: number | null;
  open: number;
  all_counters: number;
  ahead: number;
}

// $1 office, $2 prefix, $3 local day, $4 n, $5 service, $6 class, $7 priority, $8 now,
// $9 the event's data, $10 the tokens, $11 the window's first place (people ahead), $12-14 the
// window's estimates (minutes, low, high).
const ISSUE = `
with seq as (
  insert into ticket_sequences as q (office_id, prefix, local_day, last_seq) values ($1, $2, $3, $4)
  on conflict (office_id, prefix, local_day) do update set last_seq = q.last_seq + excluded.last_seq
  returning last_seq
), counted as (
  insert into waiting_counts as w (office_id, service_id, queue_class, waiting)
  select $1, $5, $6, $4 from seq
  on conflict (service_id, queue_class) do update set waiting = w.waiting + excluded.waiting
  returning waiting
), placed as materialized (
  select u.token, u.i, seq.last_seq - $4 + u.i as seq,
    counted.waiting - $4 + u.i - 1
      + (select coalesce(sum(h.waiting), 0) from waiting_counts h where h.service_id = $5 and h.queue_class < $6) as ahead
  from unnest($10::text[]) with ordinality as u(token, i), seq, counted
), made as (
  insert into tickets (office_id, service_id, local_day, prefix, seq, number, token, source, priority, queue_class,
    state, issued_at, queued_at, state_since, eta_minutes_at_issue, eta_low_minutes, eta_high_minutes)
  select $1, $5, $3, $2, p.seq, $2 || lpad(p.seq::text, greatest(3, length(p.seq::text)), '0'), p.token, 'walk_in', $7, $6,
    'waiting', $8, $8, $8, ($12::int[])[p.ahead - $11 + 1], ($13::int[])[p.ahead - $11 + 1], ($14::int[])[p.ahead - $11 + 1]
  from placed p order by p.i
  returning id, seq, number, token, eta_minutes_at_issue
), logged as (
  insert into ticket_events (office_id, ticket_id, type, to_state, at, data)
  select $1, m.id, 'issued', 'waiting', $8, $9::jsonb from made m
)
select m.id, m.number, m.token, p.ahead::int as ahead, m.eta_minutes_at_issue is not null as estimated
from made m join placed p on p.token = m.token
order by p.i`;

interface IssuedRow {
  id: number;
  number: string;
  token: string;
  ahead: number;
  estimated: boolean;
}

interface Waiter {
  resolve: (r: Result<IssuedTicket>) => void;
  reject: (e: unknown) => void;
}

interface Line {
  officeId: number;
  serviceId: number;
  priority: string | null;
  pending: Waiter[];
  running: boolean;
}

// Per store (tests open several), per line.
const lines = new WeakMap<object, Map<string, Line>>();

export function issueOnPostgres(
  deps: Deps,
  store: PostgresStore,
  input: { officeId: number; serviceId: number; priority: string | null },
): Promise<Result<IssuedTicket>> {
  const byKey = lines.get(store) ?? new Map<string, Line>();
  lines.set(store, byKey);
  const key = `${input.officeId}:${input.serviceId}:${input.priority ?? ''}`;
  const line = byKey.get(key) ?? { ...input, pending: [], running: false };
  byKey.set(key, line);
  return new Promise((resolve, reject) => {
    line.pending.push({ resolve, reject });
    if (!line.running) void drain(deps, store, line, () => byKey.get(key) === line && byKey.delete(key));
  });
}

/** Issues the line's waiting tickets, a group at a time, until none is left. */
async function drain(deps: Deps, store: PostgresStore, line: Line, forget: () => void): Promise<void> {
  line.running = true;
  while (line.pending.length) {
    const group = line.pending.splice(0, MAX_GROUP);
    try {
      const results = await retried(() => issueOnce(deps, store.pool, line, group.length));
      for (const [i, w] of group.entries()) w.resolve(results[i]!);
    } catch (e) {
      for (const w of group) w.reject(e);
    }
  }
  // In the same step as the loop's last check: a ticket asked after this starts a new drain.
  line.running = false;
  // A line nobody asks for any more is not kept.
  forget();
}

async function issueOnce(deps: Deps, pool: pg.Pool, line: Line, n: number): Promise<Result<IssuedTicket>[]> {
  const { officeId, serviceId, priority } = line;
  const queueClass = priority ? 0 : 2;
  const refused = (code: Parameters<typeof fail>[0]) => Array.from({ length: n }, () => fail(code));
  const facts = (await pool.query<FactsRow>({ name: 'ticket_facts', text: FACTS, values: [officeId, serviceId, queueClass] }))
    .rows[0];
  if (!facts) return refused('OFFICE_NOT_FOUND');
  if (facts.service_id === null || !facts.active) return refused('UNKNOWN_SERVICE');
  const office = officeOfRaw(facts);
  if (priority !== null && !office.settings.priorityCategories.some((c) => c.code === priority)) {
    return refused('UNKNOWN_PRIORITY');
  }
  const now = deps.clock.now();
  const load = loadOf({
    avgServiceMinutes: facts.avg_service_minutes,
    ewmaServiceMs: facts.ewma_service_ms,
    samples: facts.samples,
    open: Number(facts.open),
    all: Number(facts.all_counters),
  });
  const estimate = (ahead: number) => newcomerEstimate(officeId, serviceId, queueClass, ahead, now, load);
  const first = Math.max(0, Number(facts.ahead) - WINDOW_BEFORE);
  const window = Array.from({ length: WINDOW_BEFORE + n + WINDOW_AFTER }, (_, i) => estimate(first + i));
  const tokens = Array.from({ length: n }, () => orderedToken());
  const { rows } = await pool.query<IssuedRow>({
    name: 'ticket_issue',
    text: ISSUE,
    values: [
      officeId,
      facts.prefix,
      localDay(now, office.timezone),
      n,
      serviceId,
      queueClass,
      priority,
      now,
      priority ? JSON.stringify({ priority }) : null,
      tokens,
      first,
      window.map((e) => e.etaMinutes),
      window.map((e) => e.etaLowMinutes),
      window.map((e) => e.etaHighMinutes),
    ],
  });
  const shown = rows.map((r) => (r.estimated ? window[r.ahead - first]! : estimate(r.ahead)));
  // Places the window did not reach: their estimates, stored now (rare; see the top).
  const late = rows.flatMap((r, i) => (r.estimated ? [] : [{ id: r.id, ...shown[i]! }]));
  if (late.length) {
    await pool.query({
      name: 'ticket_late_estimates',
      text: `update tickets t set eta_minutes_at_issue = e.m, eta_low_minutes = e.lo, eta_high_minutes = e.hi
        from unnest($1::int[], $2::int[], $3::int[], $4::int[]) as e(id, m, lo, hi) where t.id = e.id`,
      values: [
        late.map((e) => e.id),
        late.map((e) => e.etaMinutes),
        late.map((e) => e.etaLowMinutes),
        late.map((e) => e.etaHighMinutes),
      ],
    });
  }
  const out = new Outbox();
  out.queueChanged(officeId);
  deps.notify.committed(out);
  const createdAt = new Date(now).toISOString();
  return rows.map((r, i) =>
    ok({
      id: r.id,
      number: r.number,
      token: r.token,
      serviceId,
      state: 'waiting' as const,
      position: r.ahead + 1,
      ...shown[i]!,
      createdAt,
      priority,
      source: 'walk_in' as const,
    }),
  );
}
