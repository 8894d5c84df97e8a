// A booking on PostgreSQL in as few round trips as its guarantees allow (issue 18's national
// rush: 100,000 attempts a minute through the city, most of them for places already gone).
//
// 1. The service's slow-changing facts (the office and its settings, the service, its opening
//    hours, the office's holidays, the counters serving it) come from this process's memory for
//    one second (remembered per store; an admin's change on this process forgets them at once,
//    another process of the city sees it within the second). They decide everything that does
//    not depend on the attempt: the office, the service, the priority, the slot and its window,
//    and the capacity.
// 2. One small read, outside any transaction, of what does: the slot's ledger row, the phone's
//    (and ID number's) active booking on the slot's local day, and for an Idempotency-Key whether
//    it was seen or is held right now. Index probes only: in the rush, most attempts are answered
//    here (SLOT_FULL above all). A refusal is true of the committed data at that moment, and a
//    place only comes back by a cancellation, so it is a correct answer without a lock or a write.
// 3. Otherwise the write is one statement: the conditional increment of the slot's ledger row
//    (the whole capacity guarantee, as in takePlace), the booking's row only when that took a
//    place, and the idempotency key's answer, all or nothing. With a key it first takes the
//    key's lock, as the general path does (held to the statement's commit): a form submitted
//    twice at once meets its twin on the lock, then on the unique indexes (the key, the phone),
//    and the later one goes to the general path, which replays the first one's answer.
// Anything unusual (a key already seen or held, a keyed attempt refused before the read, a unique
// index refusing, a lost race) goes to the general path (appointments.ts, one transaction with
// every check), which decides it. Under READ COMMITTED the general path's own reads are no more
// locked than these.
import type { PostgresStore } from '../../db/postgres';
import { isRetryable, isUniqueViolation } from '../../db/store';
import { type Failure, fail, ok, type Result } from '../errors';
import { type Office, officeOfRaw, RAW_OFFICE_COLUMNS, type RawOfficeRow } from '../offices/store';
import { orderedToken } from '../tickets/store';
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

// The service's facts that change only when an admin changes them.
const SERVICE_FACTS = `
select ${RAW_OFFICE_COLUMNS},
  s.id as service_id, s.active, s.bookable, s.slot_minutes, s.capacity_per_slot, s.avg_service_minutes,
  (select coalesce(json_agg(json_build_array(h.weekday, h.opens_at, h.closes_at)), '[]')
     from opening_hours h where h.office_id = o.id) as sessions,
  (select coalesce(array_agg(h.date), array[]::text[]) from holidays h where h.office_id = o.id) as holidays,
  (select count(*) from counter_services cs join counters c on c.id = cs.counter_id where cs.service_id = s.id) as servers
from offices o left join services s on s.id = $2 and s.office_id = o.id
where o.id = $1`;

interface FactsRow extends RawOfficeRow {
  service_id: number | null;
  active: boolean;
  bookable: boolean;
  slot_minutes: number;
  capacity_per_slot: number | null;
  avg_service_minutes: number;
  sessions: [number, number, number][];
  holidays: string[];
  servers: string;
}

interface ServiceFacts {
  office: Office;
  row: FactsRow;
  /** The service's slot plan, made once per read (each attempt sets its own `now`). */
  plan: SlotPlan;
  /** Places per slot. */
  capacity: number;
  /** When they were read (performance.now()). */
  at: number;
}

/** How long a process trusts the facts it read (another process's admin change shows within it). */
export const SERVICE_FACTS_MS = 1000;
const remembered = new WeakMap<object, Map<string, ServiceFacts>>();

/** Forgets what this process remembers of a store's services (after an admin's change). */
export function forgetServiceFacts(store: object): void {
  remembered.delete(store);
}

async function serviceFacts(store: PostgresStore, officeId: number, serviceId: number): Promise<ServiceFacts | undefined> {
  let known = remembered.get(store);
  if (!known) {
    known = new Map();
    remembered.set(store, known);
  }
  const key = `${officeId}:${serviceId}`;
  const now = performance.now();
  const seen = known.get(key);
  if (seen && now - seen.at < SERVICE_FACTS_MS) return seen;
  const row = (await store.pool.query<FactsRow>({ name: 'booking_facts', text: SERVICE_FACTS, values: [officeId, serviceId] }))
    .rows[0];
  // An office that does not exist is not remembered: a wrong id is not worth the memory.
  if (!row) return undefined;
  if (known.size > 1000) known.clear(); // ids that went by once in a while: start afresh
  const office = officeOfRaw(row);
  const sessions = row.sessions.map(([weekday, opensAt, closesAt]) => ({ weekday, opensAt, closesAt }));
  const facts: ServiceFacts = {
    office,
    row,
    plan: planOf(office, { slotMinutes: row.slot_minutes }, 0, sessions, row.holidays),
    capacity:
      row.service_id === null
        ? 0
        : slotCapacity({
            configured: row.capacity_per_slot,
            counters: row.capacity_per_slot === null ? Number(row.servers) : 0,
            slotMinutes: row.slot_minutes,
            avgServiceMinutes: row.avg_service_minutes,
            walkInReserve: office.settings.booking.walkInReserve,
          }),
    at: now,
  };
  known.set(key, facts);
  return facts;
}

// What depends on the attempt. Each look-up is by equality on every column of its index, so the
// plan PostgreSQL keeps for the statement (its generic plan, made on the first runs, when a
// rush's tables may still be empty) probes the index (with lists, the kept plan once scanned
// every booking of the service instead: 12 ms a read after 30,000 bookings).
const activeOn = (who: string) =>
  `exists (select 1 from appointments a where a.service_id = $1 and a.local_day = $3::text and ${who}
      and a.state in ('booked', 'checked_in'))`;

const ATTEMPT = `
select (select l.booked from slot_ledger l where l.service_id = $1 and l.slot_start = $2::bigint) as booked,
  ${activeOn('a.phone = $4::text')} or ${activeOn('a.phone = $5::text')} as phone_booked,
  case when $6::text is null then false else ${activeOn('a.id_number_hash = $6::text')} end as id_booked,
  case when $7::text is null then false
       else exists (select 1 from idempotency_keys k where k.key = $7) or not pg_try_advisory_xact_lock(4, hashtext($7)) end as key_taken`;

interface AttemptRow {
  booked: number | null;
  phone_booked: boolean;
  id_booked: boolean;
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
  const decided = decide(await serviceFacts(store, input.officeId, input.serviceId), input);
  // A key may be a retry of a booking made before the facts changed: the general path sees.
  if ('failure' in decided) return input.key ? { general: true } : decided.failure;
  const { plan, slot, capacity } = decided;
  const { rows } = await store.pool.query<AttemptRow>({
    name: 'booking_attempt',
    text: ATTEMPT,
    values: [input.serviceId, slot.start, slot.localDay, input.phone, input.erasedPhone, input.idNumberHash, input.key],
  });
  const a = rows[0]!;
  if (a.key_taken) return { general: true };
  if (a.phone_booked || a.id_booked) return fail('ALREADY_BOOKED');
  if (capacity <= 0 || (a.booked !== null && a.booked >= capacity)) return fail('SLOT_FULL');
  const code = input.code();
  const token = orderedToken();
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

/** The general path's checks up to the phone's, in its order, on the service's facts. */
function decide(
  f: ServiceFacts | undefined,
  input: FastBookInput,
): { failure: Failure } | { plan: SlotPlan; slot: { start: number; end: number; localDay: string }; capacity: number } {
  if (!f) return { failure: fail('OFFICE_NOT_FOUND') };
  const { office, row } = f;
  if (row.service_id === null || !row.active) return { failure: fail('UNKNOWN_SERVICE') };
  if (!row.bookable) return { failure: fail('SERVICE_NOT_BOOKABLE') };
  if (input.priority !== null && !office.settings.priorityCategories.some((c) => c.code === input.priority))
    return { failure: fail('UNKNOWN_PRIORITY') };
  const plan = { ...f.plan, now: input.now };
  const checked = checkSlot(plan, input.start);
  if (!checked.ok) return { failure: fail(checked.code) };
  return { plan, slot: checked.slot, capacity: f.capacity };
}
