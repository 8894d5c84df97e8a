// Closing the office's day: tickets still waiting or on hold when the last session of the local
// day has ended (or any left from an earlier day) are cancelled with the reason "office closed",
// so each day's figures stand on their own.

import { and, asc, eq, inArray, lt, or } from 'drizzle-orm';
import { lockOffice } from '../../db/client';
import { counters, openingHours, tickets } from '../../db/schema';
import { counterView } from '../calling/store';
import { ok, type Result } from '../errors';
import type { Deps } from '../events';
import { transact } from '../events';
import { getOffice } from '../offices/store';
import { localDay, localMinuteOfDay, localParts } from '../time';
import { moveTicket } from './store';

export const OFFICE_CLOSED = 'office closed';

/**
 * Tickets closed per transaction. A busy office can leave tens of thousands: closed in one, they
 * were all read and moved at once (about 60 MB of heap for 25,000, which V8 then kept) while the
 * write lock was held throughout.
 */
export const CLOSE_BATCH = 500;

/**
 * Closes what is left of past days, and of today once today's last session has ended, a batch
 * at a time (each its own transaction, so a stop half-way leaves the rest for the next run).
 * Answers how many were closed.
 */
export async function closeDay(deps: Deps, officeId: number): Promise<Result<number>> {
  let closed = 0;
  for (;;) {
    const batch = await closeBatch(deps, officeId);
    if (!batch.ok) return batch;
    closed += batch.value;
    if (batch.value < CLOSE_BATCH) return ok(closed);
  }
}

function closeBatch(deps: Deps, officeId: number): Promise<Result<number>> {
  return transact(deps, async (tx, out) => {
    await lockOffice(tx, officeId);
    const now = deps.clock.now();
    const office = await getOffice(tx, officeId);
    if (!office) return 0;
    const today = localDay(now, office.timezone);
    const weekday = localParts(now, office.timezone).weekday;
    const sessions = await tx
      .select({ closesAt: openingHours.closesAt })
      .from(openingHours)
      .where(and(eq(openingHours.officeId, officeId), eq(openingHours.weekday, weekday)));
    const lastClose = sessions.length ? Math.max(...sessions.map((s) => s.closesAt)) : 24 * 60;
    const todayOver = localMinuteOfDay(now, office.timezone) >= lastClose;
    const left = await tx
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.officeId, officeId),
          inArray(tickets.state, ['waiting', 'on_hold']),
          todayOver ? or(lt(tickets.localDay, today), eq(tickets.localDay, today)) : lt(tickets.localDay, today),
        ),
      )
      .orderBy(asc(tickets.id))
      .limit(CLOSE_BATCH);
    const holders = new Set<number>();
    for (const t of left) {
      await moveTicket(
        tx,
        out,
        t,
        'close_day',
        { now, reason: OFFICE_CLOSED, eventType: 'cancelled' },
        { endedAt: now, endReason: OFFICE_CLOSED },
      );
      if (t.state === 'on_hold' && t.counterId !== null) holders.add(t.counterId);
    }
    // A counter that held one of them no longer does: its terminal's list must say so.
    for (const counterId of holders) {
      const c = (await tx.select().from(counters).where(eq(counters.id, counterId)))[0];
      if (c) out.log(now, { officeId: c.officeId, kind: 'counter', payload: await counterView(tx, c) });
    }
    return left.length;
  });
}
