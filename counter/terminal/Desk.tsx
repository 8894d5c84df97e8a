// The officer's one screen: the current ticket, the eight actions with their keys, what this
// officer has on hold, the waiting line of this counter's services and today's counts.
import { createMemo, createSignal, For, type JSX, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { ReceiveDialog } from '../dossiers/ReceiveDialog';
import { AssistedFilingDialog } from './AssistedFiling';
import { actionForKey, allowed, DOSSIER_KEY, MAX_CALLS, type MainAction, mainActions, shortcutKeys } from './actions';
import { BookingPanel } from './BookingPanel';
import { HelpDialog, PauseDialog, SpecificCallDialog, TransferDialog } from './Dialogs';
import { LangSwitch } from './LangSwitch';
import { Messages } from './Messages';
import { type TicketDetail, useTerminal } from './state';
import { t } from './text';

export type DialogState =
  | { kind: 'specific'; ticket: TicketDetail }
  | { kind: 'transfer'; ticket: TicketDetail }
  | { kind: 'pause' }
  | { kind: 'help' }
  | { kind: 'dossier' }
  | { kind: 'assisted'; ticket: TicketDetail }
  | null;

const SHORTCUTS_KEY = 'counter-terminal:shortcuts';

export function Desk(): JSX.Element {
  const term = useTerminal();
  const [dialog, setDialog] = createSignal<DialogState>(null);
  const [shortcutsOn, setShortcutsOn] = createSignal(localStorage.getItem(SHORTCUTS_KEY) !== 'off');
  const [now, setNow] = createSignal(Date.now());

  const snap = () => term.snap();
  const current = () => snap()?.current ?? null;
  const status = () => snap()?.counter.status ?? 'closed';
  const can = createMemo(() =>
    allowed({
      status: status(),
      current: current(),
      onHold: snap()?.onHold.length ?? 0,
      waiting: snap()?.waiting.length ?? 0,
    }),
  );

  const toggleShortcuts = (on: boolean) => {
    setShortcutsOn(on);
    localStorage.setItem(SHORTCUTS_KEY, on ? 'on' : 'off');
  };

  function perform(action: MainAction): void {
    const cur = current();
    switch (action) {
      case 'callNext':
        if (can().callNext) void term.actions.callNext();
        break;
      case 'recall':
        if (can().recall) void term.actions.simple('recall');
        break;
      case 'start':
        if (can().start) void term.actions.simple('start');
        break;
      case 'hold':
        if (can().hold) void term.actions.simple('hold');
        break;
      case 'finish':
        if (can().finish) void term.actions.simple('finish');
        break;
      case 'noShow':
        if (can().noShow) void term.actions.simple('no-show');
        break;
      case 'transfer':
        if (can().transfer && cur) setDialog({ kind: 'transfer', ticket: cur });
        break;
      case 'pause':
        if (can().resume) void term.actions.simple('resume');
        else if (can().pause) setDialog({ kind: 'pause' });
        break;
    }
  }

  const enabled = (action: MainAction) => (action === 'pause' ? can().pause || can().resume : can()[action]);

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const typing = !!el?.closest?.('input, textarea, select, [contenteditable="true"]');
      const wanted = actionForKey({
        key: e.key,
        ctrlKey: e.ctrlKey,
        altKey: e.altKey,
        metaKey: e.metaKey,
        typing,
        dialogOpen: dialog() !== null,
      });
      if (!wanted || !shortcutsOn()) return;
      if (wanted === 'help') {
        e.preventDefault();
        setDialog({ kind: 'help' });
        return;
      }
      if (wanted === 'dossier') {
        if (!can().dossier) return;
        e.preventDefault();
        setDialog({ kind: 'dossier' });
        return;
      }
      e.preventDefault();
      perform(wanted);
    };
    document.addEventListener('keydown', onKey);
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    onCleanup(() => {
      document.removeEventListener('keydown', onKey);
      clearInterval(timer);
    });
  });

  /** Minutes a ticket has waited, ticking on between refetches for those still waiting. */
  const waitedMinutes = (ticket: TicketDetail) =>
    Math.floor((ticket.waitMs + (ticket.state === 'waiting' ? Math.max(0, now() - term.fetchedAt()) : 0)) / 60_000);
  const servingMinutes = (ticket: TicketDetail) =>
    Math.floor((ticket.serviceMs + (ticket.state === 'serving' ? Math.max(0, now() - term.fetchedAt()) : 0)) / 60_000);

  return (
    <div class="desk" aria-busy={term.busy()}>
      <header class="topbar">
        <div class="topbar-title">
          <h1>
            {t('counterN', { n: snap()?.counter.number ?? '' })}
            <span class="topbar-name">{snap()?.counter.name.replace(/^Quầy \d+\s*–\s*/, '')}</span>
          </h1>
          <p class="topbar-office">{term.office()?.name}</p>
        </div>
        <div class="topbar-tools">
          <span class="officer">
            <span class="visually-hidden">{t('officer')}: </span>
            {term.me()?.displayName}
          </span>
          <span class="live" classList={{ off: !term.connected() }}>
            <span class="dot" aria-hidden="true" />
            {term.connected() ? t('live') : t('offline')}
          </span>
          <button type="button" class="btn btn-quiet" aria-keyshortcuts="?" onClick={() => setDialog({ kind: 'help' })}>
            <kbd>?</kbd> {t('help')}
          </button>
          <a class="btn btn-quiet" href="/counter/dossiers" target="_blank" rel="noopener">
            {t('dossiersScreen')}
          </a>
          <LangSwitch />
          <button type="button" class="btn btn-quiet" disabled={!can().close} onClick={() => void term.actions.close()}>
            {t('closeCounter')}
          </button>
          <button type="button" class="btn btn-quiet" onClick={() => void term.logout()}>
            {t('signOut')}
          </button>
        </div>
      </header>

      <Messages />

      <main class="desk-main">
        <div class="desk-left">
          <section class="current" aria-labelledby="current-title">
            <h2 id="current-title" class="section-title">
              {t('current')}
            </h2>
            <Switch>
              <Match when={status() === 'paused'}>
                <div class="paused-banner">
                  <p>{t('pausedBanner', { reason: snap()?.counter.pauseReason ?? '' })}</p>
                </div>
              </Match>
              <Match when={current()}>
                {(cur) => (
                  <div class="ticket" data-state={cur().state}>
                    <div class="ticket-main">
                      <p class="ticket-number" data-testid="current-number">
                        {cur().number}
                      </p>
                      <div class="ticket-badges">
                        <span class={`pill pill-state-${cur().state}`}>{t(`state_${cur().state as 'called'}`)}</span>
                        <Show when={cur().state === 'called'}>
                          <span class="pill pill-plain">
                            {t('calls')} {cur().recallCount + 1}/{MAX_CALLS}
                          </span>
                        </Show>
                        <Show when={term.priorityLabel(cur().priority)}>
                          {(p) => <span class="pill pill-priority">{p()}</span>}
                        </Show>
                      </div>
                    </div>
                    <dl class="facts">
                      <div class="fact-wide">
                        <dt>{t('service')}</dt>
                        <dd>{term.serviceName(cur().serviceId)}</dd>
                      </div>
                      <div>
                        <dt>{t('source')}</dt>
                        <dd>{t(`source_${cur().source}`)}</dd>
                      </div>
                      <div>
                        <dt>{t('priority')}</dt>
                        <dd>{term.priorityLabel(cur().priority) ?? t('noPriority')}</dd>
                      </div>
                      <div>
                        <dt>{t('waited')}</dt>
                        <dd>{t('minutes', { n: waitedMinutes(cur()) })}</dd>
                      </div>
                      <Show when={cur().state === 'serving'}>
                        <div>
                          <dt>{t('serving')}</dt>
                          <dd>{t('minutes', { n: servingMinutes(cur()) })}</dd>
                        </div>
                      </Show>
                    </dl>
                    <Show when={term.reasons()[cur().id]}>
                      {(why) => (
                        <p class="why">
                          <strong>{t('why')}:</strong> <span data-testid="why">{why()}</span>
                        </p>
                      )}
                    </Show>
                    <BookingPanel appointmentId={cur().appointmentId} source={cur().source} />
                    <div class="ticket-tools">
                      <button
                        type="button"
                        class="btn btn-secondary"
                        disabled={!can().dossier}
                        aria-keyshortcuts={shortcutsOn() ? DOSSIER_KEY : undefined}
                        onClick={() => setDialog({ kind: 'dossier' })}
                      >
                        <Show when={shortcutsOn()}>
                          <kbd>{DOSSIER_KEY}</kbd>{' '}
                        </Show>
                        {t('receiveDossier')}
                      </button>
                      <button
                        type="button"
                        class="btn btn-secondary"
                        disabled={!can().dossier}
                        onClick={() => setDialog({ kind: 'assisted', ticket: cur() })}
                      >
                        {t('assisted')}
                      </button>
                    </div>
                  </div>
                )}
              </Match>
              <Match when={!current()}>
                <div class="ticket-empty">
                  <p class="ticket-number ticket-none" aria-hidden="true">
                    —
                  </p>
                  <p>{t('noCurrent')}</p>
                </div>
              </Match>
            </Switch>
          </section>

          <section class="action-bar" aria-label={t('actions')}>
            <For each={mainActions}>
              {(action) => {
                const label = () => (action === 'pause' && status() === 'paused' ? t('resume') : t(action));
                return (
                  <button
                    type="button"
                    class="action"
                    classList={{ 'action-primary': action === 'callNext', [`action-${action}`]: true }}
                    disabled={!enabled(action)}
                    aria-keyshortcuts={shortcutsOn() ? shortcutKeys[action] : undefined}
                    onClick={() => perform(action)}
                  >
                    <Show when={shortcutsOn()}>
                      <kbd>{shortcutKeys[action]}</kbd>
                    </Show>
                    <span class="action-label">{label()}</span>
                  </button>
                );
              }}
            </For>
          </section>
        </div>

        <aside class="desk-side">
          <section class="today" aria-labelledby="today-title">
            <h2 id="today-title" class="section-title">
              {t('todayTitle')}
            </h2>
            <dl class="today-grid">
              <div>
                <dt>{t('todayCalled')}</dt>
                <dd data-testid="today-called">{term.today()?.called ?? '–'}</dd>
              </div>
              <div>
                <dt>{t('todayServed')}</dt>
                <dd data-testid="today-served">{term.today()?.served ?? '–'}</dd>
              </div>
              <div>
                <dt>{t('todayNoShow')}</dt>
                <dd>{term.today()?.noShow ?? '–'}</dd>
              </div>
              <div>
                <dt>{t('todayTransferred')}</dt>
                <dd data-testid="today-transferred">{term.today()?.transferred ?? '–'}</dd>
              </div>
              <div>
                <dt>{t('todayMean')}</dt>
                <dd>
                  {term.today()?.serviceMinutesMean != null
                    ? t('minutes', {
                        n: term.today()!.serviceMinutesMean!.toLocaleString(term.lang() === 'vi' ? 'vi-VN' : 'en-GB'),
                      })
                    : '–'}
                </dd>
              </div>
            </dl>
          </section>

          <section class="list-section on-hold" aria-labelledby="hold-title">
            <h2 id="hold-title" class="section-title">
              {t('onHoldTitle', { n: snap()?.onHold.length ?? 0 })}
            </h2>
            <Show when={(snap()?.onHold.length ?? 0) > 0} fallback={<p class="empty">{t('onHoldEmpty')}</p>}>
              <ul class="ticket-list">
                <For each={snap()?.onHold}>
                  {(tk) => (
                    <li class="row">
                      <span class="row-number">{tk.number}</span>
                      <span class="row-service">{term.serviceName(tk.serviceId)}</span>
                      <button
                        type="button"
                        class="btn btn-small btn-secondary"
                        disabled={!can().callBack}
                        onClick={() => void term.actions.callTicket(tk.id)}
                      >
                        {t('callBack')}
                        <span class="visually-hidden"> ({tk.number})</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </section>

          <section class="list-section waiting" aria-labelledby="waiting-title">
            <h2 id="waiting-title" class="section-title">
              {t('waitingTitle', { n: snap()?.waiting.length ?? 0 })}
            </h2>
            <Show when={(snap()?.waiting.length ?? 0) > 0} fallback={<p class="empty">{t('waitingEmpty')}</p>}>
              <ol class="ticket-list scroll" data-testid="waiting-list">
                <For each={snap()?.waiting}>
                  {(tk) => (
                    <li class="row" data-number={tk.number}>
                      <span class="row-number">{tk.number}</span>
                      <span class="row-service">
                        {term.serviceName(tk.serviceId)}
                        <Show when={term.priorityLabel(tk.priority)}>
                          {(p) => <span class="pill pill-priority pill-small">{p()}</span>}
                        </Show>
                        <Show when={tk.source === 'booking'}>
                          <span class="pill pill-plain pill-small">{t('source_booking')}</span>
                        </Show>
                      </span>
                      <span class="row-wait">{t('minutes', { n: waitedMinutes(tk) })}</span>
                      <button
                        type="button"
                        class="btn btn-small btn-secondary"
                        disabled={!can().callSpecific}
                        onClick={() => setDialog({ kind: 'specific', ticket: tk })}
                      >
                        {t('callThis')}
                        <span class="visually-hidden"> ({tk.number})</span>
                      </button>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </section>
        </aside>
      </main>

      <Switch>
        <Match when={dialog()?.kind === 'help'}>
          <HelpDialog shortcutsOn={shortcutsOn()} onToggle={toggleShortcuts} onClose={() => setDialog(null)} />
        </Match>
        <Match when={dialog()?.kind === 'dossier' && term.counterId()}>
          {(counterId) => <ReceiveDialog counterId={counterId()} onClose={() => setDialog(null)} />}
        </Match>
        <Match
          when={(() => {
            const d = dialog();
            return d?.kind === 'assisted' && term.officeId() ? d.ticket : null;
          })()}
        >
          {(tk) => (
            <AssistedFilingDialog
              officeId={term.officeId()!}
              ticketId={tk().id}
              number={tk().number}
              onClose={() => setDialog(null)}
            />
          )}
        </Match>
        <Match when={dialog()?.kind === 'pause'}>
          <PauseDialog onClose={() => setDialog(null)} />
        </Match>
        <Match
          when={(() => {
            const d = dialog();
            return d?.kind === 'specific' ? d.ticket : null;
          })()}
        >
          {(tk) => <SpecificCallDialog ticket={tk()} onClose={() => setDialog(null)} />}
        </Match>
        <Match
          when={(() => {
            const d = dialog();
            return d?.kind === 'transfer' ? d.ticket : null;
          })()}
        >
          {(tk) => <TransferDialog ticket={tk()} onClose={() => setDialog(null)} />}
        </Match>
      </Switch>
    </div>
  );
}
