// The retention job: personal fields of bookings (name, phone, ID number hash), residents'
// free-text comments on ratings and the applicant of a closed dossier (name, phone) are cleared
// once they are older than the office's `retentionDays`. What stays (times, states, service,
// levels, the dossier's code and dates) keeps the reports whole.
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { affected } from '../../db/client';
import { appointments, dossiers, ratings } from '../../db/schema';
import type { Result } from '../errors';
import { type Deps, transact } from '../events';
import { getOffice } from '../offices/store';

const DAY_MS = 24 * 3_600_000;

export interface Purged {
  appointments: number;
  ratings: number;
  dossiers: number;
}

/**
 * Clears the office's personal data older than its retention, as of `deps.clock.now()`. A booking
 * ages from the end of its slot (or its creation, if later: a booking made after its slot is
 * impossible, but the rule stays safe); a rating from when it was given. Idempotent.
 */
export function purgeExpired(deps: Deps, officeId: number): Promise<Result<Purged>> {
  return transact(deps, async (tx) => {
    const office = await getOffice(tx, officeId);
    if (!office) return { appointments: 0, ratings: 0, dossiers: 0 };
    const now = deps.clock.now();
    const cutoff = now - office.settings.retentionDays * DAY_MS;
    const personal = or(isNotNull(appointments.name), isNotNull(appointments.phone), isNotNull(appointments.idNumberHash));
    const bookings = await tx
      .update(appointments)
      .set({ name: null, phone: null, idNumberHash: null, purgedAt: now })
      .where(
        and(
          eq(appointments.officeId, officeId),
          lt(appointments.slotEnd, cutoff),
          lt(appointments.createdAt, cutoff),
          or(isNull(appointments.purgedAt), personal),
        ),
      );
    // A booking whose data the resident erased kept keyed hashes for the one-booking-per-person
    // limit (booking/appointments.ts erasePersonalData): gone once its slot has passed.
    await tx
      .update(appointments)
      .set({ phone: null, idNumberHash: null })
      .where(
        and(
          eq(appointments.officeId, officeId),
          isNotNull(appointments.purgedAt),
          lt(appointments.slotEnd, now),
          or(isNotNull(appointments.phone), isNotNull(appointments.idNumberHash)),
        ),
      );
    const comments = await tx
      .update(ratings)
      .set({ comment: null })
      .where(and(eq(ratings.officeId, officeId), lt(ratings.createdAt, cutoff), isNotNull(ratings.comment)));
    // A dossier keeps its applicant while it is open (the office must reach them), then ages from
    // its end: the result returned, or its refusal or withdrawal.
    const closed = await tx
      .update(dossiers)
      .set({ applicantName: null, phone: null })
      .where(
        and(
          eq(dossiers.officeId, officeId),
          inArray(dossiers.state, ['returned', 'refused', 'withdrawn']),
          lt(sql`coalesce(${dossiers.returnedAt}, ${dossiers.endedAt})`, cutoff),
          or(isNotNull(dossiers.applicantName), isNotNull(dossiers.phone)),
        ),
      );
    return { appointments: affected(bookings), ratings: affected(comments), dossiers: affected(closed) };
  });
}
