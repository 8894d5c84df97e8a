// What the officer may do now, from the counter's state and its current ticket: the terminal's
// buttons mirror the server's state machine (server/tickets/state.ts) so an illegal move is
// disabled before it is tried; the server still has the last word (a race shows its 409).
// Pure, so it is tested directly (tests/counter/actions.test.ts).

export type ActionName =
  | 'callNext'
  | 'recall'
  | 'start'
  | 'hold'
  | 'finish'
  | 'noShow'
  | 'transfer'
  | 'pause'
  | 'resume'
  | 'close'
  | 'callBack'
  | 'callSpecific'
  | 'dossier';

export interface DeskState {
  status: 'open' | 'paused' | 'closed';
  current: { state: string; recallCount: number } | null;
  onHold: number;
  waiting: number;
}

/** A ticket may be called at most this many times (the first call and two recalls). */
export const MAX_CALLS = 3;

export function allowed(s: DeskState): Record<ActionName, boolean> {
  const open = s.status === 'open';
  const idle = s.current === null;
  const state = s.current?.state;
  return {
    callNext: open && idle && s.waiting > 0,
    recall: state === 'called' && (s.current?.recallCount ?? 0) + 1 < MAX_CALLS,
    start: state === 'called',
    hold: state === 'serving',
    finish: state === 'serving',
    noShow: state === 'called',
    transfer: state === 'called' || state === 'serving',
    pause: open && idle,
    resume: s.status === 'paused',
    close: s.status !== 'closed' && idle && s.onHold === 0,
    callBack: open && idle,
    callSpecific: open && idle,
    // Receiving a dossier (form 01), or refusing it / asking for papers on the spot, belongs to
    // the ticket being served (or just called: the resident is at the desk).
    dossier: state === 'called' || state === 'serving',
  };
}

/** The eight main buttons, in screen order, with their keys. The pause key resumes a paused counter. */
export const mainActions = ['callNext', 'recall', 'start', 'hold', 'finish', 'noShow', 'transfer', 'pause'] as const;
export type MainAction = (typeof mainActions)[number];

/**
 * Digits 1-8 (top row or numeric keypad): no browser binds them, one hand finds them without
 * looking. They are single-character shortcuts, so the officer can turn them off (WCAG 2.1.4),
 * and they never fire while typing in a field or with a dialog open.
 */
export const shortcutKeys: Record<MainAction, string> = {
  callNext: '1',
  recall: '2',
  start: '3',
  hold: '4',
  finish: '5',
  noShow: '6',
  transfer: '7',
  pause: '8',
};

export const HELP_KEY = '?';
/** Receives a dossier for the ticket being served (its dialog: papers, receipt, forms 02/03). */
export const DOSSIER_KEY = '9';

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** The focused element is a text field (input, textarea, select, contenteditable). */
  typing: boolean;
  dialogOpen: boolean;
}

/** The action a key press asks for, or 'help', or null when the key is not ours. */
export function actionForKey(e: KeyInput): MainAction | 'help' | 'dossier' | null {
  if (e.ctrlKey || e.altKey || e.metaKey || e.typing || e.dialogOpen) return null;
  if (e.key === HELP_KEY) return 'help';
  if (e.key === DOSSIER_KEY) return 'dossier';
  for (const name of mainActions) if (shortcutKeys[name] === e.key) return name;
  return null;
}
