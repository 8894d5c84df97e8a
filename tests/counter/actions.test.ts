import { describe, expect, it } from 'vitest';
import { type ActionName, actionForKey, allowed, mainActions, shortcutKeys } from '../../counter/terminal/actions';
import { nextState, type TicketAction } from '../../server/tickets/state';

const enabled = (r: Record<ActionName, boolean>) => (Object.keys(r) as ActionName[]).filter((k) => r[k]).sort();

describe('the terminal enables exactly what is legal now', () => {
  it('an open counter with no ticket may call, pause, close; nothing acts on a ticket', () => {
    expect(enabled(allowed({ status: 'open', current: null, onHold: 0, waiting: 3 }))).toEqual(
      ['callBack', 'callNext', 'callSpecific', 'close', 'pause'].sort(),
    );
    // Nobody waiting: no call next, the rest unchanged.
    expect(allowed({ status: 'open', current: null, onHold: 0, waiting: 0 }).callNext).toBe(false);
    // Tickets on hold: the counter cannot close (409 TICKETS_ON_HOLD on the server).
    expect(allowed({ status: 'open', current: null, onHold: 1, waiting: 0 }).close).toBe(false);
  });

  it('a paused counter may only resume or close', () => {
    expect(enabled(allowed({ status: 'paused', current: null, onHold: 0, waiting: 5 }))).toEqual(['close', 'resume']);
  });

  it('follows the server state machine for the current ticket', () => {
    // Which button maps to which server move.
    const moves: Partial<Record<ActionName, TicketAction>> = {
      recall: 'recall',
      start: 'start',
      hold: 'hold',
      finish: 'finish',
      noShow: 'no_show',
      transfer: 'transfer',
    };
    for (const state of ['called', 'serving'] as const) {
      const r = allowed({ status: 'open', current: { state, recallCount: 0 }, onHold: 0, waiting: 2 });
      for (const [button, move] of Object.entries(moves)) {
        expect(r[button as ActionName], `${button} while ${state}`).toBe(nextState(state, move!) !== null);
      }
      // With a ticket in progress: no new call, no pause, no close.
      expect([r.callNext, r.callSpecific, r.callBack, r.pause, r.close]).toEqual([false, false, false, false, false]);
    }
  });

  it('offers receiving a dossier only while a ticket is called or served', () => {
    const with_ = (state: string | null) =>
      allowed({ status: 'open', current: state ? { state, recallCount: 0 } : null, onHold: 0, waiting: 3 }).dossier;
    expect([with_(null), with_('called'), with_('serving')]).toEqual([false, true, true]);
  });

  it('stops recalls at three calls in all', () => {
    const at = (recallCount: number) =>
      allowed({ status: 'open', current: { state: 'called', recallCount }, onHold: 0, waiting: 0 });
    expect([at(0).recall, at(1).recall, at(2).recall]).toEqual([true, true, false]);
  });
});

describe('keyboard shortcuts', () => {
  const press = (key: string, extra: Partial<Parameters<typeof actionForKey>[0]> = {}) =>
    actionForKey({ key, typing: false, dialogOpen: false, ...extra });

  it('maps 1-8 to the eight actions, each key once, ? to help and 9 to receiving a dossier', () => {
    const keys = mainActions.map((a) => shortcutKeys[a]);
    expect(new Set(keys).size).toBe(mainActions.length);
    for (const a of mainActions) expect(press(shortcutKeys[a])).toBe(a);
    expect(press('1')).toBe('callNext');
    expect(press('?')).toBe('help');
    expect(press('9')).toBe('dossier');
    expect(press('9', { typing: true })).toBeNull();
    expect(press('0')).toBeNull();
    expect(press('a')).toBeNull();
  });

  it('never fires while typing, in a dialog or with a modifier (browser shortcuts stay intact)', () => {
    expect(press('1', { typing: true })).toBeNull();
    expect(press('1', { dialogOpen: true })).toBeNull();
    expect(press('1', { ctrlKey: true })).toBeNull();
    expect(press('5', { altKey: true })).toBeNull();
    expect(press('?', { metaKey: true })).toBeNull();
  });
});
