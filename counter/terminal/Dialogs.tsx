// The desk's dialogs: call a specific ticket (with a logged reason), transfer, pause, shortcuts.
// A refusal from the server is shown inside the dialog, which stays open.
import { createSignal, For, type JSX, onMount, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { DOSSIER_KEY, mainActions, shortcutKeys } from './actions';
import { DialogActions, Modal } from './Modal';
import { type CounterItem, type TicketDetail, useTerminal } from './state';
import { t } from './text';

function DialogError(props: { local?: string | null }): JSX.Element {
  const term = useTerminal();
  return (
    <Show when={props.local || term.error()}>
      <p class="alert alert-inline" role="alert" data-code={term.error()?.code ?? 'LOCAL'}>
        {props.local ??
          `${term.error()!.message} (${term.error()!.status ? `${term.error()!.status} ` : ''}${term.error()!.code})`}
      </p>
    </Show>
  );
}

export function SpecificCallDialog(props: { ticket: TicketDetail; onClose: () => void }): JSX.Element {
  const term = useTerminal();
  const [reason, setReason] = createSignal('');
  const [local, setLocal] = createSignal<string | null>(null);
  term.dismissError();
  return (
    <Modal title={t('specificTitle', { number: props.ticket.number })} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const text = reason().trim();
          if (!text) {
            setLocal(t('reasonNeeded'));
            return;
          }
          setLocal(null);
          if (await term.actions.callTicket(props.ticket.id, text)) props.onClose();
        }}
      >
        <p class="dialog-ticket">
          <span class="row-number">{props.ticket.number}</span> {term.serviceName(props.ticket.serviceId)}
        </p>
        <label for="specific-reason">{t('reason')}</label>
        <textarea
          id="specific-reason"
          rows="3"
          maxLength={300}
          aria-describedby="specific-hint"
          value={reason()}
          onInput={(e) => setReason(e.currentTarget.value)}
          ref={(el) => queueMicrotask(() => el.focus())}
        />
        <p id="specific-hint" class="hint">
          {t('specificHint')}
        </p>
        <DialogError local={local()} />
        <DialogActions cancel={t('cancel')} busy={term.busy()} onClose={props.onClose}>
          {t('specificCall', { number: props.ticket.number })}
        </DialogActions>
      </form>
    </Modal>
  );
}

export function TransferDialog(props: { ticket: TicketDetail; onClose: () => void }): JSX.Element {
  const term = useTerminal();
  const [mode, setMode] = createSignal<'service' | 'counter'>('service');
  const [serviceId, setServiceId] = createSignal<number | null>(null);
  const [counterId, setCounterId] = createSignal<number | null>(null);
  const [openCounters, setOpenCounters] = createSignal<CounterItem[]>([]);
  const [local, setLocal] = createSignal<string | null>(null);
  term.dismissError();
  onMount(async () => {
    try {
      const list = await unwrap(api.offices[':officeId'].counters.$get({ param: { officeId: String(term.officeId()) } }));
      setOpenCounters(list.filter((c) => c.status !== 'closed' && c.id !== term.counterId()));
    } catch {
      setOpenCounters(term.counters().filter((c) => c.status !== 'closed' && c.id !== term.counterId()));
    }
  });
  const otherServices = () => term.services().filter((s) => s.id !== props.ticket.serviceId);
  return (
    <Modal title={t('transferTitle', { number: props.ticket.number })} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const target =
            mode() === 'service'
              ? serviceId() !== null
                ? { serviceId: serviceId()! }
                : null
              : counterId() !== null
                ? { counterId: counterId()! }
                : null;
          if (!target) {
            setLocal(mode() === 'service' ? t('chooseService') : t('chooseCounter'));
            return;
          }
          setLocal(null);
          if (await term.actions.transfer(target)) props.onClose();
        }}
      >
        <fieldset class="segmented">
          <legend>{t('transferTo')}</legend>
          <label>
            <input
              type="radio"
              name="transfer-mode"
              value="service"
              checked={mode() === 'service'}
              onChange={() => setMode('service')}
            />
            {t('toService')}
          </label>
          <label>
            <input
              type="radio"
              name="transfer-mode"
              value="counter"
              checked={mode() === 'counter'}
              onChange={() => setMode('counter')}
            />
            {t('toCounter')}
          </label>
        </fieldset>
        <Show
          when={mode() === 'service'}
          fallback={
            <Show when={openCounters().length > 0} fallback={<p class="hint">{t('noOpenCounter')}</p>}>
              <label for="transfer-counter">{t('chooseCounter')}</label>
              <select
                id="transfer-counter"
                value={counterId() ?? ''}
                onChange={(e) => setCounterId(Number(e.currentTarget.value) || null)}
              >
                <option value="">—</option>
                <For each={openCounters()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
              </select>
            </Show>
          }
        >
          <label for="transfer-service">{t('chooseService')}</label>
          <select
            id="transfer-service"
            value={serviceId() ?? ''}
            onChange={(e) => setServiceId(Number(e.currentTarget.value) || null)}
          >
            <option value="">—</option>
            <For each={otherServices()}>
              {(s) => (
                <option value={s.id}>
                  {s.prefix} · {s.name}
                </option>
              )}
            </For>
          </select>
        </Show>
        <DialogError local={local()} />
        <DialogActions cancel={t('cancel')} busy={term.busy()} onClose={props.onClose}>
          {t('transfer')}
        </DialogActions>
      </form>
    </Modal>
  );
}

export function PauseDialog(props: { onClose: () => void }): JSX.Element {
  const term = useTerminal();
  const [reason, setReason] = createSignal('');
  const [local, setLocal] = createSignal<string | null>(null);
  term.dismissError();
  return (
    <Modal title={t('pauseTitle')} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const text = reason().trim();
          if (!text) {
            setLocal(t('reasonNeeded'));
            return;
          }
          setLocal(null);
          if (await term.actions.pause(text)) props.onClose();
        }}
      >
        <div class="quick-reasons">
          <For each={t('pauseReasons').split('|')}>
            {(r) => (
              <button
                type="button"
                class="btn btn-small btn-secondary"
                aria-pressed={reason() === r}
                onClick={() => setReason(r)}
              >
                {r}
              </button>
            )}
          </For>
        </div>
        <label for="pause-reason">{t('reason')}</label>
        <input
          id="pause-reason"
          maxLength={300}
          value={reason()}
          onInput={(e) => setReason(e.currentTarget.value)}
          ref={(el) => queueMicrotask(() => el.focus())}
        />
        <DialogError local={local()} />
        <DialogActions cancel={t('cancel')} busy={term.busy()} onClose={props.onClose}>
          {t('pause')}
        </DialogActions>
      </form>
    </Modal>
  );
}

export function HelpDialog(props: { shortcutsOn: boolean; onToggle: (on: boolean) => void; onClose: () => void }): JSX.Element {
  const hints = {
    callNext: 'callNextHint',
    recall: 'recallHint',
    start: 'startHint',
    hold: 'holdHint',
    finish: 'finishHint',
    noShow: 'noShowHint',
    transfer: 'transferHint',
    pause: 'pauseHint',
  } as const;
  return (
    <Modal title={t('helpTitle')} onClose={props.onClose} wide>
      <p class="hint">{t('helpIntro')}</p>
      <table class="keys">
        <thead>
          <tr>
            <th scope="col">{t('key')}</th>
            <th scope="col">{t('action')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={mainActions}>
            {(a) => (
              <tr>
                <td>
                  <kbd>{shortcutKeys[a]}</kbd>
                </td>
                <td>
                  <strong>{a === 'pause' ? `${t('pause')} / ${t('resume')}` : t(a)}</strong>: {t(hints[a])}
                </td>
              </tr>
            )}
          </For>
          <tr>
            <td>
              <kbd>{DOSSIER_KEY}</kbd>
            </td>
            <td>
              <strong>{t('receiveDossier')}</strong>: {t('receiveDossierHint')}
            </td>
          </tr>
          <tr>
            <td>
              <kbd>?</kbd>
            </td>
            <td>{t('helpTitle')}</td>
          </tr>
          <tr>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>{t('close')}</td>
          </tr>
        </tbody>
      </table>
      <label class="check">
        <input type="checkbox" checked={props.shortcutsOn} onChange={(e) => props.onToggle(e.currentTarget.checked)} />
        {t('shortcutsOn')}
      </label>
      <div class="dialog-actions">
        <button type="button" class="btn btn-primary" onClick={props.onClose} ref={(el) => queueMicrotask(() => el.focus())}>
          {t('close')}
        </button>
      </div>
    </Modal>
  );
}
