// Offices and their configuration: name and address, time zone, settings document, opening
// hours and holidays. Each change is one transaction with its audit row; readers (getOffice)
// read per request, so a change applies to the very next ticket, call or slot.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Db, lockOffice, type Tx } from '../../db/client';
import { holidays, offices, openingHours, tickets } from '../../db/schema';
import { cancelForOffice, strandedByHoliday, strandedByHours, strandedView } from '../booking/office-cancellations';
import { type Result, reject } from '../errors';
import { type Deps, transact } from '../events';
import { type OfficeSettings, officeSettingsSchema, parseSettings } from '../offices/settings';
import { mayAccess } from '../staff/scope';
import type { StaffUser } from '../staff/store';
import { localDay } from '../time';
import { writeAudit } from './audit';
import type { SettingsPatch } from './schemas';

type Reader = Db | Tx;
export type Actor = Pick<StaffUser, 'id' | 'role' | 'officeId'>;

export async function officeHours(db: Reader, officeId: number) {
  return await db
    .select({ weekday: openingHours.weekday, opensAt: openingHours.opensAt, closesAt: openingHours.closesAt })
    .from(openingHours)
    .where(eq(openingHours.officeId, officeId))
    .orderBy(asc(openingHours.weekday), asc(openingHours.opensAt));
}

export async function officeHolidays(db: Reader, officeId: number) {
  return await db
    .select({ date: holidays.date, name: holidays.name })
    .from(holidays)
    .where(eq(holidays.officeId, officeId))
    .orderBy(asc(holidays.date));
}

async function officeRow(db: Reader, officeId: number) {
  const row = (await db.select().from(offices).where(eq(offices.id, officeId)))[0];
  if (!row) reject('OFFICE_NOT_FOUND');
  return { id: row.id, name: row.name, address: row.address, timezone: row.timezone, settings: parseSettings(row.settings) };
}

export async function officeDetail(db: Reader, officeId: number) {
  const row = (await db.select().from(offices).where(eq(offices.id, officeId)))[0];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    timezone: row.timezone,
    settings: parseSettings(row.settings),
    hours: await officeHours(db, officeId),
    holidays: await officeHolidays(db, officeId),
  };
}

export async function listManagedOffices(db: Reader, actor: Actor) {
  return (
    await db
      .select({ id: offices.id, name: offices.name, address: offices.address, timezone: offices.timezone })
      .from(offices)
      .orderBy(asc(offices.id))
  ).filter((o) => mayAccess(actor, o.id, 'write'));
}

export function createOffice(deps: Deps, actor: Actor, input: { name: string; address: string; timezone: string }) {
  return transact(deps, async (tx) => {
    // A new office belongs to no office yet: only an admin of every office creates one.
    if (!mayAccess(actor, null, 'write')) reject('FORBIDDEN');
    const now = deps.clock.now();
    const row = (
      await tx
        .insert(offices)
        .values({ ...input, settings: officeSettingsSchema.parse({}), createdAt: now })
        .returning()
    )[0]!;
    const after = await officeRow(tx, row.id);
    await writeAudit(tx, now, {
      officeId: row.id,
      staffId: actor.id,
      action: 'create',
      entity: 'office',
      entityId: row.id,
      before: null,
      after,
    });
    return after;
  });
}

export function updateOffice(
  deps: Deps,
  actor: Actor,
  officeId: number,
  patch: Partial<{ name: string; address: string; timezone: string }>,
) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = await officeRow(tx, officeId);
    if (patch.timezone !== undefined && patch.timezone !== before.timezone)
      await refuseMidDayTimezone(tx, officeId, now, before.timezone, patch.timezone);
    if (Object.keys(patch).length) await tx.update(offices).set(patch).where(eq(offices.id, officeId));
    const after = await officeRow(tx, officeId);
    if (changed(before, after)) {
      out.log(now, { officeId, kind: 'office', payload: { officeId } });
      const strip = ({ settings: _, ...o }: typeof before) => o;
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'office',
        entityId: officeId,
        before: strip(before),
        after: strip(after),
      });
    }
    return after;
  });
}

/**
 * Ticket numbers run per office, prefix and local day (ticket_sequences), so moving the office to
 * another time zone while it has tickets today would start a second "today" numbered from 001
 * beside the first: two waiting A001. Refused while the office has tickets on today's date in
 * either zone; after the day's end it is safe. Taken under the office's lock, as numbers are.
 */
async function refuseMidDayTimezone(tx: Tx, officeId: number, now: number, from: string, to: string): Promise<void> {
  await lockOffice(tx, officeId);
  const days = [...new Set([localDay(now, from), localDay(now, to)])];
  const today = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), inArray(tickets.localDay, days)))
    .limit(1);
  if (today.length) reject('TIMEZONE_CHANGE_WITH_TICKETS');
}

/** Merges a partial settings document into the office's (nested groups key by key). */
export function mergeSettings(current: OfficeSettings, patch: SettingsPatch): unknown {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const cur = (current as Record<string, unknown>)[key];
    merged[key] = isPlainObject(cur) && isPlainObject(value) ? { ...cur, ...value } : value;
  }
  return merged;
}

export function updateSettings(
  deps: Deps,
  actor: Actor,
  officeId: number,
  patch: SettingsPatch,
): Promise<Result<OfficeSettings>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = (await officeRow(tx, officeId)).settings;
    const parsed = officeSettingsSchema.safeParse(mergeSettings(before, patch));
    if (!parsed.success) reject('INVALID_SETTINGS');
    await tx.update(offices).set({ settings: parsed.data }).where(eq(offices.id, officeId));
    if (changed(before, parsed.data)) {
      out.log(now, { officeId, kind: 'office', payload: { officeId } });
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'settings',
        entityId: officeId,
        before,
        after: parsed.data,
      });
    }
    return parsed.data;
  });
}

export function replaceHours(
  deps: Deps,
  actor: Actor,
  officeId: number,
  hours: { weekday: number; opensAt: number; closesAt: number }[],
  cancelBookings = false,
) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    // Bookings the new hours would strand: shown first, cancelled only when confirmed.
    const office = await officeRow(tx, officeId);
    const stranded = await strandedByHours(tx, officeId, office.timezone, hours, now);
    if (stranded.length && !cancelBookings) reject('HOURS_HIT_BOOKINGS', undefined, { bookings: strandedView(stranded) });
    await cancelForOffice(tx, stranded, { kind: 'hours' }, now);
    const before = await officeHours(tx, officeId);
    await tx.delete(openingHours).where(eq(openingHours.officeId, officeId));
    for (const h of hours) await tx.insert(openingHours).values({ officeId, ...h });
    const after = await officeHours(tx, officeId);
    if (changed(before, after)) {
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'hours',
        entityId: officeId,
        before,
        after,
      });
    }
    return after;
  });
}

export function addHoliday(
  deps: Deps,
  actor: Actor,
  officeId: number,
  { cancelBookings = false, ...input }: { date: string; name: string; cancelBookings?: boolean },
) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const exists = (
      await tx
        .select({ date: holidays.date })
        .from(holidays)
        .where(and(eq(holidays.officeId, officeId), eq(holidays.date, input.date)))
    )[0];
    if (exists) reject('HOLIDAY_EXISTS');
    // Bookings on that day: shown first, cancelled only when confirmed.
    const stranded = await strandedByHoliday(tx, officeId, input.date, now);
    if (stranded.length && !cancelBookings) reject('HOLIDAY_HITS_BOOKINGS', undefined, { bookings: strandedView(stranded) });
    await cancelForOffice(tx, stranded, { kind: 'holiday', ...input }, now);
    await tx.insert(holidays).values({ officeId, ...input });
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'holiday',
      entityId: input.date,
      before: null,
      after: input,
    });
    return officeHolidays(tx, officeId);
  });
}

export function removeHoliday(deps: Deps, actor: Actor, officeId: number, date: string) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const before = (
      await tx
        .delete(holidays)
        .where(and(eq(holidays.officeId, officeId), eq(holidays.date, date)))
        .returning({ date: holidays.date, name: holidays.name })
    )[0];
    if (!before) reject('HOLIDAY_NOT_FOUND');
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'delete',
      entity: 'holiday',
      entityId: date,
      before,
      after: null,
    });
    return officeHolidays(tx, officeId);
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a change changed anything: an unchanged save writes no audit row. */
export function changed(before: unknown, after: unknown): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}
