// The no-show sweep, run per office by the server's periodic job (server/server.ts).

import { and, eq, lt, lte } from 'drizzle-orm';
import { lockOffice } from '../../db/client';
import { appointments, idempotencyKeys } from '../../db/schema';
import type { Result } from '../errors';
import { type Deps, transact } from '../events';
import { IDEMPOTENCY_TTL_MS } from './appointments';

/**
 * The periodic job: bookings not checked in by the end of their slot become no-shows (their
 * place is not returned: the slot is over). Also forgets idempotency keys past their use.
 */
export function sweepNoShows(deps: Deps, officeId: number): Promise<Result<number>> {
  return transact(deps, async (tx) => {
    await lockOffice(tx, officeId);
    const now = deps.clock.now();
    const missed = await tx
      .update(appointments)
      .set({ state: 'no_show' })
      .where(and(eq(appointments.officeId, officeId), eq(appointments.state, 'booked'), lte(appointments.slotEnd, now)))
      .returning({ id: appointments.id });
    await tx
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.officeId, officeId), lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)));
    return missed.length;
  });
}
