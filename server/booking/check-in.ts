// Check-in at the kiosk: the booking's code, or its QR, becomes a ticket in one transaction.
import { and, eq } from 'drizzle-orm';
import { lockOffice, type Tx } from '../../db/client';
import { appointments } from '../../db/schema';
import { type Result, reject } from '../errors';
import { type Deps, type Outbox, transact } from '../events';
import { getOffice } from '../offices/store';
import { type IssuedTicket, insertTicket } from '../tickets/store';
import { localDay, localParts } from '../time';
import { isCode, normalizeCode } from './identity';
import { arrival } from './slots';

export interface CheckedIn {
  ticket: IssuedTicket;
  appointmentId: number;
  /** Set when the resident came after the window: they got a regular walk-in number. */
  notice?: { vi: string; en: string };
}

/**
 * What a kiosk received: the typed code, or what a scanner typed from the QR (the booking page's
 * URL, /a/<token>). Returns the lookup to make.
 */
export function parseCheckInInput(input: string): { code: string } | { token: string } | null {
  const text = input.trim();
  const url = /\/a\/([A-Za-z0-9_-]{8,64})(?:[/?#]|$)/.exec(text);
  if (url) return { token: url[1]! };
  const code = normalizeCode(text);
  if (isCode(code)) return { code };
  if (/^[A-Za-z0-9_-]{16,64}$/.test(text)) return { token: text };
  return null;
}

const hhmm = (instant: number, timeZone: string) => {
  const p = localParts(instant, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/**
 * Checks a booking in at the kiosk: on time (window around the slot start) it issues a ticket in
 * the booking class (and its priority), late a regular walk-in ticket with a notice, too early
 * nothing (409 with the time to come back). Ticket and appointment change in one transaction.
 */
export function checkIn(deps: Deps, officeId: number, input: string): Promise<Result<CheckedIn>> {
  return transact(deps, checkingIn(deps, officeId, input));
}

function checkingIn(deps: Deps, officeId: number, input: string): (tx: Tx, out: Outbox) => Promise<CheckedIn> {
  return async (tx, out) => {
    // One check-in of a booking, however many kiosks scan it at once (db/client.ts).
    await lockOffice(tx, officeId);
    const now = deps.clock.now();
    const office = await getOffice(tx, officeId);
    if (!office) reject('OFFICE_NOT_FOUND');
    const lookup = parseCheckInInput(input);
    if (!lookup) reject('APPOINTMENT_NOT_FOUND');
    const a = (
      await tx
        .select()
        .from(appointments)
        .where(
          and(
            eq(appointments.officeId, office.id),
            'code' in lookup ? eq(appointments.code, lookup.code) : eq(appointments.token, lookup.token),
          ),
        )
    )[0];
    if (!a) reject('APPOINTMENT_NOT_FOUND');
    if (a.state === 'cancelled') reject('APPOINTMENT_CANCELLED');
    if (a.state === 'checked_in' || a.ticketId !== null) reject('ALREADY_CHECKED_IN');
    const today = localDay(now, office.timezone);
    if (a.localDay < today) reject('APPOINTMENT_EXPIRED');
    const when = arrival(a.slotStart, now, office.settings.checkIn);
    if (when.kind === 'early') {
      const at = hhmm(when.opensAt, office.timezone);
      const day = a.localDay === today ? '' : ` ${a.localDay.split('-').reverse().join('/')}`;
      const dayEn = a.localDay === today ? '' : ` on ${a.localDay}`;
      reject(
        'CHECK_IN_TOO_EARLY',
        {
          vi: `Chưa đến giờ xác nhận lịch hẹn. Vui lòng quay lại từ ${at}${day}.`,
          en: `It is too early to check in. Please come back from ${at}${dayEn}.`,
        },
        { comeBackAt: iso(when.opensAt) },
      );
    }
    const late = when.kind === 'late';
    const ticket = await insertTicket(
      tx,
      out,
      now,
      late
        ? { officeId: office.id, serviceId: a.serviceId, source: 'walk_in', appointmentId: a.id }
        : {
            officeId: office.id,
            serviceId: a.serviceId,
            source: 'booking',
            appointmentId: a.id,
            slotStart: a.slotStart,
            // A category the office has since removed no longer lifts the ticket.
            priority: office.settings.priorityCategories.some((c) => c.code === a.priority) ? a.priority : null,
          },
    );
    await tx.update(appointments).set({ state: 'checked_in', ticketId: ticket.id }).where(eq(appointments.id, a.id));
    if (!late) return { ticket, appointmentId: a.id };
    const slotAt = hhmm(a.slotStart, office.timezone);
    return {
      ticket,
      appointmentId: a.id,
      notice: {
        vi: `Bạn đến muộn so với lịch hẹn lúc ${slotAt}, nên được cấp số thứ tự thông thường ${ticket.number}.`,
        en: `You are late for your ${slotAt} booking, so you have a regular number: ${ticket.number}.`,
      },
    };
  };
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}
