// Bookings the office's own calendar edits would strand: a holiday added on their day, or opening
// hours changed so their slot falls outside. The admin is shown them first (409 with the list);
// confirmed, they are cancelled with a reason their page shows (`cancelReason`), and their places
// go back to the ledger.
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { appointments, services } from '../../db/schema';
import { localDay, localMinuteOfDay, weekdayOf } from '../time';
import { releasePlace } from './slots';

/** Why the office cancelled a booking: stored as JSON in appointments.cancel_reason. */
export type OfficeCancelReason = { kind: 'holiday'; date: string; name: string } | { kind: 'hours' };

export interface StrandedBooking {
  id: number;
  code: string;
  serviceName: string;
  start: string;
  /** Who booked, for the admin to call if needed: their name only (the phone stays on the booking). */
  name: string | null;
}

type Hours = { weekday: number; opensAt: number; closesAt: number }[];

/** Booked (not yet used) appointments of the office from now on, with what is shown of them. */
async function upcoming(tx: Tx, officeId: number, now: number) {
  return tx
    .select({
      id: appointments.id,
      code: appointments.code,
      serviceId: appointments.serviceId,
      serviceName: services.name,
      slotStart: appointments.slotStart,
      slotEnd: appointments.slotEnd,
      localDay: appointments.localDay,
      name: appointments.name,
    })
    .from(appointments)
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .where(and(eq(appointments.officeId, officeId), eq(appointments.state, 'booked'), gte(appointments.slotEnd, now)))
    .orderBy(asc(appointments.slotStart));
}

/** The office's bookings on `date` that a holiday that day would strand. */
export async function strandedByHoliday(tx: Tx, officeId: number, date: string, now: number) {
  return (await upcoming(tx, officeId, now)).filter((a) => a.localDay === date);
}

/** The office's future bookings whose slot no longer lies within the new opening hours. */
export async function strandedByHours(tx: Tx, officeId: number, timezone: string, hours: Hours, now: number) {
  return (await upcoming(tx, officeId, now)).filter((a) => {
    const day = localDay(a.slotStart, timezone);
    const weekday = weekdayOf(day);
    const from = localMinuteOfDay(a.slotStart, timezone);
    // A slot ending at midnight ends at minute 1440 of its day.
    const to = localDay(a.slotEnd, timezone) === day ? localMinuteOfDay(a.slotEnd, timezone) : 1440;
    return !hours.some((h) => h.weekday === weekday && h.opensAt <= from && to <= h.closesAt);
  });
}

export const strandedView = (rows: Awaited<ReturnType<typeof upcoming>>): StrandedBooking[] =>
  rows.map((a) => ({
    id: a.id,
    code: a.code,
    serviceName: a.serviceName,
    start: new Date(a.slotStart).toISOString(),
    name: a.name,
  }));

/** Cancels them for the office, with the reason their pages show, and frees their places. */
export async function cancelForOffice(
  tx: Tx,
  rows: Awaited<ReturnType<typeof upcoming>>,
  reason: OfficeCancelReason,
  now: number,
): Promise<void> {
  for (const a of rows) {
    const done = await tx
      .update(appointments)
      .set({ state: 'cancelled', cancelledAt: now, cancelReason: JSON.stringify(reason) })
      .where(and(eq(appointments.id, a.id), eq(appointments.state, 'booked')))
      .returning({ id: appointments.id });
    if (done.length) await releasePlace(tx, a.serviceId, a.slotStart);
  }
}

/** The reason as the booking's page shows it, or null when the resident cancelled. */
export function parseCancelReason(text: string | null): OfficeCancelReason | null {
  if (!text) return null;
  try {
    const r = JSON.parse(text) as OfficeCancelReason;
    return r && (r.kind === 'holiday' || r.kind === 'hours') ? r : null;
  } catch {
    return null;
  }
}
