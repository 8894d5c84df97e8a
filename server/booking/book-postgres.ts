// A booking on PostgreSQL in as few round trips as its guarantees allow (issue 18's national
// rush: 100,000 attempts a minute through the city, most of them for places already gone).
//
// 1. One read, outside any transaction, of everything the booking decides on: the office, the
//    service, its opening hours, the holidays, the phone's (and ID number's) active bookings
//    around that day, the slot's ledger row, and for an Idempotency-Key whether it was seen or is
//    held right now. The same checks as the transaction's, in the same order, answer from it: a
//    refusal (SLOT_FULL above all, in a rush) is true of the committed data at that moment, and
//    a place only comes back by a cancellation, so it is a correct answer without a lock or a
//    write.
// 2. Otherwise the write is one statement: the conditional increment of the slot's ledger row
//    (the whole capacity guarantee, as in takePlace), the booking's row only when that took a
//    place, and the idempotency key's answer, all or nothing. With a key it first takes the
//    key's lock, as the general path does (held to the statement's commit): a form submitted
//    twice at once meets its twin on the lock, then on the unique indexes (the key, the phone),
//    and the later one goes to the general path, which replays the first one's answer.
// Anything unusual (a key already seen or held, a unique index refusing, a lost race) goes to
// the general path (appointments.ts, one transaction with every check), which decides it. Under
// READ COMMITTED the general path's own reads are no more locked than this one.
import type { PostgresStore } from '../../db/postgres';
import { isRetryable, isUniqueViolation } from '../../db/store';
import { type Failure, fail, ok, type Result } from '../errors';
import { officeOf } from '../offices/store';
import { newToken } from '../tickets/store';
import { addDays } from '../time';
import { checkSlot, planOf, type SlotPlan, slotCapacity } from './slots';

export interface FastBookInput {
  officeId: number;
  serviceId: number;
  start: number;
  name: string;
  phone: string;
  erasedPhone: string;
  idNumberHash: string | null;
  priority: string | null;
  /** The stored key (appointment:<office>:<key>) and what its answer must come with. */
  key: string | null;
  fingerprint: string;
  code: () => string;
  now: number;
}

/** What a booking answers (appointments.ts Booked; not imported from there, which imports this file). */
export interface FastBooked {
  id: number;
  code: string;
  token: string;
  start: string;
  end: string;
}

/** `general`: this path does not decide; run the general transaction. */
export type FastResult = Result<FastBooked> | { general: true };

// The slot's local day is one of three (its UTC day and the days either side, whatever the
// office's zone). Each look-up is by equality on every column of its index, one per day and
// phone, so the plan PostgreSQL keeps for the statement (its generic plan, made on the first
// runs, when a rush's tables may still be empty) probes the index for each: with lists
// (local_day in (...), = any(...)) the kept plan scanned every booking of the service instead
// (12 ms a read after 30,000 bookings).
const DAYS = ['$4', '$5', '$6'];
const activeOn = (day: string, who: string) =>
  `(select a.local_day from appointments a where a.service_id = s.id and a.local_day = ${day}::text and ${who}
      and a.state in ('booked', 'checked_in') limit 1)`;
const daysOf = (lookups: string[]) => `array_remove(array[${lookups.join(', ')}], null)`;

const FACTS = `
select o.id, o.name, o.address, o.timezone, o.settings::text as settings_text,
  s.id as service_id, s.active, s.bookable, s.slot_minutes, s.capacity_per_slot, s.avg_service_minutes,
  (select coalesce(json_agg(json_build_array(h.weekday, h.opens_at, h.closes_at)), '[]')
     from opening_hours h where h.office_id = o.id) as sessions,
  ${daysOf(DAYS.map((d) => `(select h.date from holidays h where h.office_id = o.id and h.date = ${d}::text)`))} as holidays,
  ${daysOf(DAYS.flatMap((d) => [activeOn(d, 'a.phone = $7::text'), activeOn(d, 'a.phone = $8::text')]))} as phone_days,
  case when $9::text is null then array[]::text[]
       else ${daysOf(DAYS.map((d) => activeOn(d, 'a.id_number_hash = $9::text')))} end as id_days,
  (select l.booked from slot_ledger l where l.service_id = s.id and l.slot_start = $3::bigint) as booked,
  (select count(*) from counter_services cs join counters c on c.id = cs.counter_id where cs.service_id = s.id) as servers,
  case when $10::text is null then false
       else exists (select 1 from idempotency_keys k where k.key = $10) or not pg_try_advisory_xact_lock(4, hashtext($10)) end as key_taken
from offices o left join services s on s.id = $2 and s.office_id = o.id
where o.id = $1`;

interface Facts {
  id: number;
  name: string;
  address: string;
  timezone: string;
  settings_text: string;
  service_id: number | null;
  active: boolean;
  bookable: boolean;
  slot_minutes: number;
  capacity_per_slot: number | null;
  avg_service_minutes: number;
  sessions: [number, number, number][];
  holidays: string[];
  phone_days: string[];
  id_days: string[];
  booked: number | null;
  servers: number;
  key_taken: boolean;
}

// The place, the booking and the key's answer in one statement: the booking's row is made only
// when the ledger's conditional increment took a place, and a unique index refusing it undoes
// the increment with it.
const WRITE = `
with key_lock as (
  select case when $14::text is null then null else pg_advisory_xact_lock(4, hashtext($14)) end as held
), place as (
  insert into slot_ledger (service_id, slot_start, capacity, booked)
  select $1::int, $2::bigint, $3::int, 1 from key_lock
  on conflict (service_id, slot_start) do update set booked = slot_ledger.booked + 1, capacity = excluded.capacity
    where slot_ledger.booked < excluded.capacity
  returning booked
), made as (
  insert into appointments (office_id, service_id, code, token, slot_start, slot_end, local_day, name, phone,
                            id_number_hash, priority, state, created_at)
  select $4::int, $1::int, $5::text, $6::text, $2::bigint, $7::bigint, $8::text, $9::text, $10::text, $11::text, $12::text,
         'booked', $13::bigint
  from place
  returning id
), keyed as (
  insert into idempotency_keys (key, office_id, status, response, created_at)
  select $14::text, $4::int, 201,
         jsonb_build_object('fingerprint', $15::text, 'body',
           jsonb_build_object('id', made.id, 'code', $5::text, 'token', $6::text, 'start', $16::text, 'end', $17::text)),
         $13::bigint
  from made where $14::text is not null
)
select id from made`;

const iso = (instant: number) => new Date(instant).toISOString();

export async function fastBook(store: PostgresStore, input: FastBookInput): Promise<FastResult> {
  const utcDay = iso(input.start).slice(0, 10);
  const { rows } = await store.pool.query<Facts>({
    name: 'booking_facts',
    text: FACTS,
    values: [
      input.officeId,
      input.serviceId,
      input.start,
      addDays(utcDay, -1),
      utcDay,
      addDays(utcDay, 1),
      input.phone,
      input.erasedPhone,
      input.idNumberHash,
      input.key,
    ],
  });
  const f = rows[0];
  if (input.key && (!f || f.key_taken)) return { general: true };
  const decided = decide(f, input);
  if ('failure' in decided) return decided.failure;
  const { plan, slot, capacity } = decided;
  const code = input.code();
  const token = newToken();
  const values = [
    input.serviceId,
    slot.start,
    capacity,
    input.officeId,
    code,
    token,
    slot.end,
    slot.localDay,
    input.name,
    input.phone,
    input.idNumberHash,
    input.priority,
    plan.now,
    input.key,
    input.fingerprint,
    iso(slot.start),
    iso(slot.end),
  ];
  try {
    const made = (await store.pool.query<{ id: number }>({ name: 'booking_write', text: WRITE, values })).rows[0];
    // Full by now. With a key, its twin may have taken the last place: the general path replays that.
    if (!made) return input.key ? { general: true } : fail('SLOT_FULL');
    return ok({ id: made.id, code, token, start: iso(slot.start), end: iso(slot.end) });
  } catch (e) {
    // Another booking of the phone or the ID number, or the key's twin, got in first; a code or
    // token collided; a lost race: the general path decides it.
    if (isUniqueViolation(e) || isRetryable(e)) return { general: true };
    throw e;
  }
}

/** The general path's checks, in its order, on the facts read. */
function decide(
  f: Facts | undefined,
  input: FastBookInput,
): { failure: Failure } | { plan: SlotPlan; slot: { start: number; end: number; localDay: string }; capacity: number } {
  if (!f) return { failure: fail('OFFICE_NOT_FOUND') };
  const office = officeOf({ id: f.id, name: f.name, address: f.address, timezone: f.timezone, settingsText: f.settings_text });
  if (f.service_id === null || !f.active) return { failure: fail('UNKNOWN_SERVICE') };
  if (!f.bookable) return { failure: fail('SERVICE_NOT_BOOKABLE') };
  if (input.priority !== null && !office.settings.priorityCategories.some((c) => c.code === input.priority))
    return { failure: fail('UNKNOWN_PRIORITY') };
  const plan = planOf(
    office,
    { slotMinutes: f.slot_minutes },
    input.now,
    f.sessions.map(([weekday, opensAt, closesAt]) => ({ weekday, opensAt, closesAt })),
    f.holidays,
  );
  const checked = checkSlot(plan, input.start);
  if (!checked.ok) return { failure: fail(checked.code) };
  const { slot } = checked;
  if (f.phone_days.includes(slot.localDay) || f.id_days.includes(slot.localDay)) return { failure: fail('ALREADY_BOOKED') };
  const capacity = slotCapacity({
    configured: f.capacity_per_slot,
    counters: f.capacity_per_slot === null ? Number(f.servers) : 0,
    slotMinutes: f.slot_minutes,
    avgServiceMinutes: f.avg_service_minutes,
    walkInReserve: office.settings.booking.walkInReserve,
  });
  if (capacity <= 0 || (f.booked !== null && f.booked >= capacity)) return { failure: fail('SLOT_FULL') };
  return { plan, slot, capacity };
}
