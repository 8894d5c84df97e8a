// The tables the code queries. Store functions are written once, against the PostgreSQL
// tables' types (the two dialects' query builders share that API); at start the process binds
// these names to one dialect's tables with `useDialect`, and every import sees the change (ES
// module exports are live bindings). One process runs one dialect.
import * as pg from './pg';
import * as sqlite from './sqlite';

export * from './enums';
export { pg as pgSchema, sqlite as sqliteSchema };
export type Dialect = 'sqlite' | 'postgres';

export let offices = pg.offices;
export let sectors = pg.sectors;
export let services = pg.services;
export let staff = pg.staff;
export let counters = pg.counters;
export let counterServices = pg.counterServices;
export let sessions = pg.sessions;
export let devices = pg.devices;
export let ticketSequences = pg.ticketSequences;
export let tickets = pg.tickets;
export let ticketEvents = pg.ticketEvents;
export let publicEvents = pg.publicEvents;
export let officeEventCounters = pg.officeEventCounters;
export let serviceStats = pg.serviceStats;
export let waitingCounts = pg.waitingCounts;
export let openingHours = pg.openingHours;
export let holidays = pg.holidays;
export let appointments = pg.appointments;
export let slotLedger = pg.slotLedger;
export let idempotencyKeys = pg.idempotencyKeys;
export let ratings = pg.ratings;
export let feedback = pg.feedback;
export let feedbackSteps = pg.feedbackSteps;
export let outreachSessions = pg.outreachSessions;
export let outreachBookings = pg.outreachBookings;
export let outreachVisits = pg.outreachVisits;
export let auditLog = pg.auditLog;
export let serverSecrets = pg.serverSecrets;
export let officeDailyStats = pg.officeDailyStats;
export let dossiers = pg.dossiers;
export let dossierSequences = pg.dossierSequences;
export let dossierSteps = pg.dossierSteps;
export let dossierApologies = pg.dossierApologies;
export let officeUnits = pg.officeUnits;
export let dossierSupplements = pg.dossierSupplements;
export let dossierRefusals = pg.dossierRefusals;

let bound: Dialect | undefined;

/** Binds the table names to one dialect's tables; a process cannot switch afterwards. */
export function useDialect(dialect: Dialect): void {
  if (bound && bound !== dialect) throw new Error(`This process already runs on ${bound}; it cannot also run on ${dialect}`);
  bound = dialect;
  // The twins have the same columns and TypeScript types (./parity.ts), so the PostgreSQL type
  // stands for both.
  const s = (dialect === 'sqlite' ? sqlite : pg) as unknown as typeof pg;
  offices = s.offices;
  sectors = s.sectors;
  services = s.services;
  staff = s.staff;
  counters = s.counters;
  counterServices = s.counterServices;
  sessions = s.sessions;
  devices = s.devices;
  ticketSequences = s.ticketSequences;
  tickets = s.tickets;
  ticketEvents = s.ticketEvents;
  publicEvents = s.publicEvents;
  officeEventCounters = s.officeEventCounters;
  serviceStats = s.serviceStats;
  waitingCounts = s.waitingCounts;
  openingHours = s.openingHours;
  holidays = s.holidays;
  appointments = s.appointments;
  slotLedger = s.slotLedger;
  idempotencyKeys = s.idempotencyKeys;
  ratings = s.ratings;
  feedback = s.feedback;
  feedbackSteps = s.feedbackSteps;
  outreachSessions = s.outreachSessions;
  outreachBookings = s.outreachBookings;
  outreachVisits = s.outreachVisits;
  auditLog = s.auditLog;
  serverSecrets = s.serverSecrets;
  officeDailyStats = s.officeDailyStats;
  dossiers = s.dossiers;
  dossierSequences = s.dossierSequences;
  dossierSteps = s.dossierSteps;
  dossierApologies = s.dossierApologies;
  officeUnits = s.officeUnits;
  dossierSupplements = s.dossierSupplements;
  dossierRefusals = s.dossierRefusals;
}

export function boundDialect(): Dialect | undefined {
  return bound;
}
