// The read side of the public event log: what a display shows when it opens, and what a
// reconnecting client missed.
import { and, asc, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { officeEventCounters, publicEvents } from '../../db/schema';
import type { Published } from '../events';
import type { CallEvent, CounterEvent, FeedbackAnsweredEvent, TicketEvent } from './contract';

// A literal, not a parameter: the calls' index (public_events_calls) holds only kind = 'call',
// and a planner uses it only when the query says so itself.
const isCall = sql`${publicEvents.kind} = 'call'`;

export async function recentCalls(db: Db, officeId: number, limit: number): Promise<CallEvent[]> {
  return (
    await db
      .select({ id: publicEvents.id, payload: publicEvents.payload })
      .from(publicEvents)
      .where(and(eq(publicEvents.officeId, officeId), isCall))
      .orderBy(desc(publicEvents.id))
      .limit(limit)
  ).map((r) => ({ ...(r.payload as unknown as Omit<CallEvent, 'eventId'>), eventId: r.id }));
}

/** The most a reconnecting client is replayed; one away longer gets a fresh snapshot instead. */
export const REPLAY_LIMIT = 500;

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
    isCall,
    q.ticketToken
      ? and(eq(publicEvents.ticketToken, q.ticketToken), inArray(publicEvents.kind, ['ticket', 'feedback']))
      : sql`false`,
    q.staff ? eq(publicEvents.kind, 'counter') : sql`false`,
  );
  const rows = (
    await db
      .select()
      .from(publicEvents)
      .where(and(eq(publicEvents.officeId, q.officeId), gt(publicEvents.id, q.lastEventId), kinds))
      .orderBy(desc(publicEvents.id))
      .limit(REPLAY_LIMIT)
  ).reverse();
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

/**
 * Every logged event of an office after `after` (up to `upTo`), in id order, as the outbox
 * published it: what a process fills a gap with when a later event of the office reached it
 * first (server/realtime/server.ts).
 */
export async function officeEventsAfter(db: Db, officeId: number, after: number, upTo: number): Promise<Published[]> {
  const rows = await db
    .select()
    .from(publicEvents)
    .where(and(eq(publicEvents.officeId, officeId), gt(publicEvents.id, after), lte(publicEvents.id, upTo)))
    .orderBy(asc(publicEvents.id))
    .limit(REPLAY_LIMIT);
  return rows.map(
    (r) =>
      ({
        id: r.id,
        officeId: r.officeId,
        kind: r.kind,
        ...(r.ticketToken ? { ticketToken: r.ticketToken } : {}),
        payload: r.payload,
      }) as unknown as Published,
  );
}
