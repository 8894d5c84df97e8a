// Compile-time check that the SQLite and PostgreSQL tables are twins: the same columns, with the
// same TypeScript types when read, and writes that fit both. A column added to one dialect only fails
// `npm run typecheck` here.
import type * as pg from './pg';
import type * as sqlite from './sqlite';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
// A write the PostgreSQL table accepts, SQLite accepts too (SQLite makes an integer primary key
// optional, being the rowid).
type Fits<A, B> = [A] extends [B] ? true : false;
type Select<T extends { $inferSelect: unknown }> = T['$inferSelect'];
type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

export type Parity = [
  Check<Same<Select<typeof sqlite.offices>, Select<typeof pg.offices>>>,
  Check<Fits<Insert<typeof pg.offices>, Insert<typeof sqlite.offices>>>,
  Check<Same<Select<typeof sqlite.sectors>, Select<typeof pg.sectors>>>,
  Check<Fits<Insert<typeof pg.sectors>, Insert<typeof sqlite.sectors>>>,
  Check<Same<Select<typeof sqlite.services>, Select<typeof pg.services>>>,
  Check<Fits<Insert<typeof pg.services>, Insert<typeof sqlite.services>>>,
  Check<Same<Select<typeof sqlite.staff>, Select<typeof pg.staff>>>,
  Check<Fits<Insert<typeof pg.staff>, Insert<typeof sqlite.staff>>>,
  Check<Same<Select<typeof sqlite.counters>, Select<typeof pg.counters>>>,
  Check<Fits<Insert<typeof pg.counters>, Insert<typeof sqlite.counters>>>,
  Check<Same<Select<typeof sqlite.counterServices>, Select<typeof pg.counterServices>>>,
  Check<Fits<Insert<typeof pg.counterServices>, Insert<typeof sqlite.counterServices>>>,
  Check<Same<Select<typeof sqlite.sessions>, Select<typeof pg.sessions>>>,
  Check<Fits<Insert<typeof pg.sessions>, Insert<typeof sqlite.sessions>>>,
  Check<Same<Select<typeof sqlite.devices>, Select<typeof pg.devices>>>,
  Check<Fits<Insert<typeof pg.devices>, Insert<typeof sqlite.devices>>>,
  Check<Same<Select<typeof sqlite.ticketSequences>, Select<typeof pg.ticketSequences>>>,
  Check<Fits<Insert<typeof pg.ticketSequences>, Insert<typeof sqlite.ticketSequences>>>,
  Check<Same<Select<typeof sqlite.tickets>, Select<typeof pg.tickets>>>,
  Check<Fits<Insert<typeof pg.tickets>, Insert<typeof sqlite.tickets>>>,
  Check<Same<Select<typeof sqlite.ticketEvents>, Select<typeof pg.ticketEvents>>>,
  Check<Fits<Insert<typeof pg.ticketEvents>, Insert<typeof sqlite.ticketEvents>>>,
  Check<Same<Select<typeof sqlite.publicEvents>, Select<typeof pg.publicEvents>>>,
  Check<Fits<Insert<typeof pg.publicEvents>, Insert<typeof sqlite.publicEvents>>>,
  Check<Same<Select<typeof sqlite.officeEventCounters>, Select<typeof pg.officeEventCounters>>>,
  Check<Fits<Insert<typeof pg.officeEventCounters>, Insert<typeof sqlite.officeEventCounters>>>,
  Check<Same<Select<typeof sqlite.serviceStats>, Select<typeof pg.serviceStats>>>,
  Check<Fits<Insert<typeof pg.serviceStats>, Insert<typeof sqlite.serviceStats>>>,
  Check<Same<Select<typeof sqlite.waitingCounts>, Select<typeof pg.waitingCounts>>>,
  Check<Fits<Insert<typeof pg.waitingCounts>, Insert<typeof sqlite.waitingCounts>>>,
  Check<Same<Select<typeof sqlite.openingHours>, Select<typeof pg.openingHours>>>,
  Check<Fits<Insert<typeof pg.openingHours>, Insert<typeof sqlite.openingHours>>>,
  Check<Same<Select<typeof sqlite.holidays>, Select<typeof pg.holidays>>>,
  Check<Fits<Insert<typeof pg.holidays>, Insert<typeof sqlite.holidays>>>,
  Check<Same<Select<typeof sqlite.appointments>, Select<typeof pg.appointments>>>,
  Check<Fits<Insert<typeof pg.appointments>, Insert<typeof sqlite.appointments>>>,
  Check<Same<Select<typeof sqlite.slotLedger>, Select<typeof pg.slotLedger>>>,
  Check<Fits<Insert<typeof pg.slotLedger>, Insert<typeof sqlite.slotLedger>>>,
  Check<Same<Select<typeof sqlite.idempotencyKeys>, Select<typeof pg.idempotencyKeys>>>,
  Check<Fits<Insert<typeof pg.idempotencyKeys>, Insert<typeof sqlite.idempotencyKeys>>>,
  Check<Same<Select<typeof sqlite.ratings>, Select<typeof pg.ratings>>>,
  Check<Fits<Insert<typeof pg.ratings>, Insert<typeof sqlite.ratings>>>,
  Check<Same<Select<typeof sqlite.feedback>, Select<typeof pg.feedback>>>,
  Check<Fits<Insert<typeof pg.feedback>, Insert<typeof sqlite.feedback>>>,
  Check<Same<Select<typeof sqlite.feedbackSteps>, Select<typeof pg.feedbackSteps>>>,
  Check<Fits<Insert<typeof pg.feedbackSteps>, Insert<typeof sqlite.feedbackSteps>>>,
  Check<Same<Select<typeof sqlite.dossiers>, Select<typeof pg.dossiers>>>,
  Check<Fits<Insert<typeof pg.dossiers>, Insert<typeof sqlite.dossiers>>>,
  Check<Same<Select<typeof sqlite.dossierSequences>, Select<typeof pg.dossierSequences>>>,
  Check<Fits<Insert<typeof pg.dossierSequences>, Insert<typeof sqlite.dossierSequences>>>,
  Check<Same<Select<typeof sqlite.dossierSteps>, Select<typeof pg.dossierSteps>>>,
  Check<Fits<Insert<typeof pg.dossierSteps>, Insert<typeof sqlite.dossierSteps>>>,
  Check<Same<Select<typeof sqlite.dossierApologies>, Select<typeof pg.dossierApologies>>>,
  Check<Fits<Insert<typeof pg.dossierApologies>, Insert<typeof sqlite.dossierApologies>>>,
  Check<Same<Select<typeof sqlite.officeUnits>, Select<typeof pg.officeUnits>>>,
  Check<Fits<Insert<typeof pg.officeUnits>, Insert<typeof sqlite.officeUnits>>>,
  Check<Same<Select<typeof sqlite.dossierSupplements>, Select<typeof pg.dossierSupplements>>>,
  Check<Fits<Insert<typeof pg.dossierSupplements>, Insert<typeof sqlite.dossierSupplements>>>,
  Check<Same<Select<typeof sqlite.dossierRefusals>, Select<typeof pg.dossierRefusals>>>,
  Check<Fits<Insert<typeof pg.dossierRefusals>, Insert<typeof sqlite.dossierRefusals>>>,
  Check<Same<Select<typeof sqlite.officeDailyStats>, Select<typeof pg.officeDailyStats>>>,
  Check<Fits<Insert<typeof pg.officeDailyStats>, Insert<typeof sqlite.officeDailyStats>>>,
  Check<Same<Select<typeof sqlite.auditLog>, Select<typeof pg.auditLog>>>,
  Check<Fits<Insert<typeof pg.auditLog>, Insert<typeof sqlite.auditLog>>>,
  Check<Same<Select<typeof sqlite.serverSecrets>, Select<typeof pg.serverSecrets>>>,
  Check<Fits<Insert<typeof pg.serverSecrets>, Insert<typeof sqlite.serverSecrets>>>,
];
