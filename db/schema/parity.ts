// Compile-time check that the SQLite and PostgreSQL tables are twins: the same columns, with the
// same TypeScript types when read and when written. A column added to one dialect only fails
// `npm run typecheck` here.
import type * as pg from './pg';
import type * as sqlite from './sqlite';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
type Select<T extends { $inferSelect: unknown }> = T['$inferSelect'];
type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export type Parity = [
  Check<Same<Select<typeof sqlite.offices>, Select<typeof pg.offices>>>,
  Check<Same<Insert<typeof sqlite.offices>, Insert<typeof pg.offices>>>,
  Check<Same<Select<typeof sqlite.sectors>, Select<typeof pg.sectors>>>,
  Check<Same<Insert<typeof sqlite.sectors>, Insert<typeof pg.sectors>>>,
  Check<Same<Select<typeof sqlite.services>, Select<typeof pg.services>>>,
  Check<Same<Insert<typeof sqlite.services>, Insert<typeof pg.services>>>,
  Check<Same<Select<typeof sqlite.staff>, Select<typeof pg.staff>>>,
  Check<Same<Insert<typeof sqlite.staff>, Insert<typeof pg.staff>>>,
  Check<Same<Select<typeof sqlite.counters>, Select<typeof pg.counters>>>,
  Check<Same<Insert<typeof sqlite.counters>, Insert<typeof pg.counters>>>,
  Check<Same<Select<typeof sqlite.counterServices>, Select<typeof pg.counterServices>>>,
  Check<Same<Insert<typeof sqlite.counterServices>, Insert<typeof pg.counterServices>>>,
  Check<Same<Select<typeof sqlite.sessions>, Select<typeof pg.sessions>>>,
  Check<Same<Insert<typeof sqlite.sessions>, Insert<typeof pg.sessions>>>,
  Check<Same<Select<typeof sqlite.devices>, Select<typeof pg.devices>>>,
  Check<Same<Insert<typeof sqlite.devices>, Insert<typeof pg.devices>>>,
  Check<Same<Select<typeof sqlite.ticketSequences>, Select<typeof pg.ticketSequences>>>,
  Check<Same<Insert<typeof sqlite.ticketSequences>, Insert<typeof pg.ticketSequences>>>,
  Check<Same<Select<typeof sqlite.tickets>, Select<typeof pg.tickets>>>,
  Check<Same<Insert<typeof sqlite.tickets>, Insert<typeof pg.tickets>>>,
  Check<Same<Select<typeof sqlite.ticketEvents>, Select<typeof pg.ticketEvents>>>,
  Check<Same<Insert<typeof sqlite.ticketEvents>, Insert<typeof pg.ticketEvents>>>,
  Check<Same<Select<typeof sqlite.publicEvents>, Select<typeof pg.publicEvents>>>,
  Check<Same<Insert<typeof sqlite.publicEvents>, Insert<typeof pg.publicEvents>>>,
  Check<Same<Select<typeof sqlite.serviceStats>, Select<typeof pg.serviceStats>>>,
  Check<Same<Insert<typeof sqlite.serviceStats>, Insert<typeof pg.serviceStats>>>,
  Check<Same<Select<typeof sqlite.waitingCounts>, Select<typeof pg.waitingCounts>>>,
  Check<Same<Insert<typeof sqlite.waitingCounts>, Insert<typeof pg.waitingCounts>>>,
  Check<Same<Select<typeof sqlite.openingHours>, Select<typeof pg.openingHours>>>,
  Check<Same<Insert<typeof sqlite.openingHours>, Insert<typeof pg.openingHours>>>,
  Check<Same<Select<typeof sqlite.holidays>, Select<typeof pg.holidays>>>,
  Check<Same<Insert<typeof sqlite.holidays>, Insert<typeof pg.holidays>>>,
  Check<Same<Select<typeof sqlite.appointments>, Select<typeof pg.appointments>>>,
  Check<Same<Insert<typeof sqlite.appointments>, Insert<typeof pg.appointments>>>,
  Check<Same<Select<typeof sqlite.slotLedger>, Select<typeof pg.slotLedger>>>,
  Check<Same<Insert<typeof sqlite.slotLedger>, Insert<typeof pg.slotLedger>>>,
  Check<Same<Select<typeof sqlite.idempotencyKeys>, Select<typeof pg.idempotencyKeys>>>,
  Check<Same<Insert<typeof sqlite.idempotencyKeys>, Insert<typeof pg.idempotencyKeys>>>,
  Check<Same<Select<typeof sqlite.ratings>, Select<typeof pg.ratings>>>,
  Check<Same<Insert<typeof sqlite.ratings>, Insert<typeof pg.ratings>>>,
  Check<Same<Select<typeof sqlite.feedback>, Select<typeof pg.feedback>>>,
  Check<Same<Insert<typeof sqlite.feedback>, Insert<typeof pg.feedback>>>,
  Check<Same<Select<typeof sqlite.auditLog>, Select<typeof pg.auditLog>>>,
  Check<Same<Insert<typeof sqlite.auditLog>, Insert<typeof pg.auditLog>>>,
  Check<Same<Select<typeof sqlite.serverSecrets>, Select<typeof pg.serverSecrets>>>,
  Check<Same<Insert<typeof sqlite.serverSecrets>, Insert<typeof pg.serverSecrets>>>,
];
