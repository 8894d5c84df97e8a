// What issuing a ticket makes, on either store: its number's text, its token, and the answer
// (store.ts issues on SQLite and inside other changes, issue-postgres.ts walk-ins in the city).

import { randomBytes, randomFillSync } from 'node:crypto';
import type { TicketView } from '../realtime/contract';

export function formatNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

// Random bytes for tokens, drawn from the system's CSPRNG a pool at a time: one call per token
// (a system call each) was a fortieth of a ticket's time. Each token takes its own bytes once.
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

export function newToken(bytes = 18): string {
  if (bytes > pool.length) return randomBytes(bytes).toString('base64url');
  if (poolUsed + bytes > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const token = pool.toString('base64url', poolUsed, poolUsed + bytes);
  // Taken bytes are wiped, so the pool never holds a token already handed out.
  pool.fill(0, poolUsed, poolUsed + bytes);
  poolUsed += bytes;
  return token;
}

/**
 * The token of a ticket or a booking: the time it is made (milliseconds, base 36, nine
 * characters, so the text sorts as the time does) and then newToken()'s 24 random characters,
 * which alone make it unguessable. Random tokens went anywhere in their unique index, so each
 * ticket of a commit wrote a page of its own: 25 of the 56 pages a group of 20 tickets wrote to
 * the WAL (on PostgreSQL, a full page image each after a checkpoint). Made in order they fill
 * the index's last page: 5 of 36. The time it shows is no more than the page itself shows.
 */
export function orderedToken(now = Date.now()): string {
  return now.toString(36).padStart(9, '0') + newToken();
}

/** A new ticket as its kiosk or officer is answered: the phone's view of it, and what only its
 * issuer gets (its token, for the slip's QR). */
export interface IssuedTicket extends Omit<TicketView, 'counterNumber'> {
  token: string;
  createdAt: string;
  priority: string | null;
  source: 'walk_in' | 'booking';
}
