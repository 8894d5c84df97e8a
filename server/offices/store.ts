// Reads of offices, services and counters: the public lists and the lookups other features use.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { counterServices, counters, offices, services } from '../../db/schema';
import { type OfficeSettings, parseSettings } from './settings';

type Reader = Db | Tx;

export interface Office {
  id: number;
  name: string;
  address: string;
  timezone: string;
  settings: OfficeSettings;
}

// Parsed settings by office, keyed by the stored JSON text: validating the document with zod on
// every request was the ticket path's largest cost. Comparing the text read in the same query
// keeps it right whoever writes the row (admin API, another process, a test).
const settingsCache = new Map<number, { text: string; settings: OfficeSettings }>();

/** Forgets an office's parsed settings (the admin API calls it after changing them). */
export function forgetOfficeSettings(officeId?: number): void {
  if (officeId === undefined) settingsCache.clear();
  else settingsCache.delete(officeId);
}

const officeRow = prepared((db) =>
  db
    .select({
      id: offices.id,
      name: offices.name,
      address: offices.address,
      timezone: offices.timezone,
      // The stored document as text on both engines (PostgreSQL would parse its jsonb).
      settingsText: sql<string>`cast(${offices.settings} as text)`.mapWith(String),
    })
    .from(offices)
    .where(eq(offices.id, sql.placeholder('officeId'))),
);

export async function getOffice(db: Reader, officeId: number): Promise<Office | undefined> {
  const row = await officeRow(db).get({ officeId });
  return row ? officeOf(row) : undefined;
}

/** An office from its row as read (the settings as stored text), its settings parsed once per text. */
export function officeOf(row: { id: number; name: string; address: string; timezone: string; settingsText: string }): Office {
  let cached = settingsCache.get(row.id);
  if (!cached || cached.text !== row.settingsText) {
    cached = { text: row.settingsText, settings: parseSettings(JSON.parse(row.settingsText)) };
    settingsCache.set(row.id, cached);
  }
  return { id: row.id, name: row.name, address: row.address, timezone: row.timezone, settings: cached.settings };
}

/** The office's columns as the PostgreSQL-only reads of the hot paths select them (aliased `o`). */
export const RAW_OFFICE_COLUMNS = 'o.id, o.name, o.address, o.timezone, o.settings::text as settings_text';

export interface RawOfficeRow {
  id: number;
  name: string;
  address: string;
  timezone: string;
  settings_text: string;
}

/** An office from a row read with RAW_OFFICE_COLUMNS. */
export function officeOfRaw(row: RawOfficeRow): Office {
  return officeOf({ id: row.id, name: row.name, address: row.address, timezone: row.timezone, settingsText: row.settings_text });
}

export async function listOffices(db: Reader) {
  return await db
    .select({ id: offices.id, name: offices.name, address: offices.address, timezone: offices.timezone })
    .from(offices)
    .orderBy(asc(offices.id));
}

export async function listCounters(db: Reader, officeId: number) {
  const rows = await db
    .select({ id: counters.id, number: counters.number, name: counters.name, status: counters.status })
    .from(counters)
    .where(eq(counters.officeId, officeId))
    .orderBy(asc(counters.number));
  const links = rows.length
    ? await db
        .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
        .from(counterServices)
        .where(
          inArray(
            counterServices.counterId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(counterServices.counterId), asc(counterServices.position))
    : [];
  return rows.map((r) => ({ ...r, serviceIds: links.filter((l) => l.counterId === r.id).map((l) => l.serviceId) }));
}

const serviceRow = prepared((db) =>
  db
    .select()
    .from(services)
    .where(and(eq(services.id, sql.placeholder('serviceId')), eq(services.officeId, sql.placeholder('officeId')))),
);

export function getService(db: Reader, officeId: number, serviceId: number) {
  return serviceRow(db).get({ officeId, serviceId });
}

/** Counters that serve a service, by status (booking capacity counts them all). */
const serversRow = prepared((db) =>
  db
    .select({
      open: sql<number>`sum(case when ${counters.status} = 'open' then 1 else 0 end)`,
      all: sql<number>`count(*)`,
    })
    .from(counterServices)
    .innerJoin(counters, eq(counters.id, counterServices.counterId))
    .where(eq(counterServices.serviceId, sql.placeholder('serviceId'))),
);

export async function serversOf(db: Reader, serviceId: number): Promise<{ open: number; all: number }> {
  const row = await serversRow(db).get({ serviceId });
  return { open: Number(row?.open ?? 0), all: Number(row?.all ?? 0) };
}
