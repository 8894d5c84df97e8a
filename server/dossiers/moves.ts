// A dossier's state machine as plain data: which moves each state allows, which need a reason,
// which states are settled. Pure (no database), so the staff screens use the same table to offer
// only the moves the server will take.
import type { DossierState } from '../../db/schema/enums';

/** Which moves each state allows (DESIGN.md, the contract's transition row). */
export const MOVES: Record<DossierState, readonly DossierState[]> = {
  received: ['processing', 'supplement_requested', 'result_ready', 'refused', 'withdrawn'],
  processing: ['supplement_requested', 'result_ready', 'refused', 'withdrawn'],
  supplement_requested: ['processing', 'refused', 'withdrawn'],
  result_ready: ['returned'],
  returned: [],
  refused: [],
  withdrawn: [],
};
/** Moves that need a reason (what papers are missing; why it is refused). */
export const NEEDS_REASON: readonly DossierState[] = ['supplement_requested', 'refused'];
/** States whose result is settled: no apology, no hand-off. */
export const SETTLED: readonly DossierState[] = ['result_ready', 'returned', 'refused', 'withdrawn'];
