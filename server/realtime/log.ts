// The read side of the public event log: what a display shows when it opens, and what a
// reconnecting client missed.
import { and, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { officeEventCounters, publicEvents } from '../../db/schema';
import type { CallEvent, CounterEvent, FeedbackAnsweredEvent, TicketEvent } from './contract';

export async function recentCalls(db: Db, officeId: number, limit: number): Promise<CallEvent[]> {
  return (await db
      .select({ id: publicEvents.id, payload: publicEvents.payload })
      .from(publicEvents)
      .where(and(eq(publicEvents.officeId, officeId), eq(publicEvents.kind, 'call')))
      .orderBy(desc(publicEvents.id))
      .limit(limit))
    .map((r) => ({ ...(r.payload as unknown as Omit<CallEvent, 'eventId'>), eventId: r.id }));
}

export type Missed =
  | { kind: 'call'; event: CallEvent }
  | { kind: 'ticket'; event: TicketEvent }
  | { kind: 'counter'; event: CounterEvent }
  | { kind: 'feedback'; event: FeedbackAnsweredEvent };

/**
 * Events after `lastEventId` for one client, in id order: the office's calls, plus its own
 * ticket's events for a phone, plus counter events for staff. Bounded, so a client that was away
 * all day gets the latest 500 and then its fresh snapshots.
 */
export async function eventsSince(
  db: Db,
  q: { officeId: number; lastEventId: number; ticketToken?: string; staff?: boolean },
): Promise<Missed[]> {
  // Ids are per office (a phone's ticket is of the office it watches).
  const kinds = or(
    eq(publicEvents.kind, 'call'),
    q.ticketToken ? and(eq(publicEvents.ticketToken, q.ticketToken), inArray(publicEvents.kind, ['ticket', 'feedback'])) : sql`false`,
    q.staff ? eq(publicEvents.kind, 'counter') : sql`false`,
  );
  const rows = (await db
      .select()
      .from(publicEvents)
      .where(and(eq(publicEvents.officeId, q.officeId), gt(publicEvents.id, q.lastEventId), kinds))
      .orderBy(desc(publicEvents.id))
      .limit(500))
    .reverse();
  return rows.map((r) => ({ kind: r.kind, event: { ...(r.payload as object), eventId: r.id } }) as Missed);
}

/** The office's last event id (ids are per office, in commit order: server/events.ts). */
export async function latestEventId(db: Db, officeId: number): Promise<number> {
  const row = (
    await db
      .select({ id: officeEventCounters.lastEventId })
      .from(officeEventCounters)
      .where(eq(officeEventCounters.officeId, officeId))
  )[0];
  return row?.id ?? 0;
}
