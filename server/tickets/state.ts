// The ticket state machine (DESIGN.md capability 3). Pure: which action may move a ticket from
// which state, and where to. Everything else is refused with 409 ILLEGAL_TRANSITION.
import type { TicketState } from '../../db/schema';

export const ticketActions = [
  'call',
  'recall',
  'start',
  'hold',
  'finish',
  'no_show',
  'cancel',
  'transfer',
  'release',
  'close_day',
] as const;
export type TicketAction = (typeof ticketActions)[number];

const moves: Record<TicketAction, Partial<Record<TicketState, TicketState>>> = {
  call: { waiting: 'called', on_hold: 'called' },
  recall: { called: 'called' },
  start: { called: 'serving' },
  hold: { serving: 'on_hold' },
  finish: { serving: 'done' },
  no_show: { called: 'no_show' },
  cancel: { waiting: 'cancelled', called: 'cancelled' },
  transfer: { called: 'waiting', serving: 'waiting' },
  // A supervisor closes a counter its officer left open: what it held goes back to its line.
  release: { called: 'waiting', serving: 'waiting', on_hold: 'waiting' },
  close_day: { waiting: 'cancelled', on_hold: 'cancelled' },
};

/** The state an action leads to from `from`, or null when the move is illegal. */
export function nextState(from: TicketState, action: TicketAction): TicketState | null {
  return moves[action][from] ?? null;
}

export const MAX_CALLS = 3;

export const endedStates: readonly TicketState[] = ['done', 'no_show', 'cancelled'];
