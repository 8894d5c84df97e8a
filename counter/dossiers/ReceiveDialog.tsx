// Receiving a dossier at the counter (key 9 on the desk): for the ticket being served, the
// procedure, the applicant's name and phone (from the booking when there is one), the papers
// received ticked off the procedure's list, then the receipt (form 01) printed on A5 or 80 mm.
// The same form refuses on the spot (form 03, with the reason) or asks for the missing papers
// (form 02). A refusal from the server shows inside the dialog, which stays open.
import { createMemo, createResource, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { DialogActions, Modal } from '../terminal/Modal';
import { dueText, printUrl, t } from './text';
import './receive.css';

type Outcome = 'received' | 'supplement_requested' | 'refused';
const outcomes: Outcome[] = ['received', 'supplement_requested', 'refused'];

interface Done {
  id: number;
  code: string;
  outcome: Outcome;
  dueAt: string;
}

const loadDraft = (counterId: number) =>
  unwrap(api.counters[':counterId']['dossier-draft'].$get({ param: { counterId: String(counterId) } }));

/** Lines typed in the "other papers" box, trimmed, without empties or repeats. */
export function typedPapers(text: string): string[] {
  return [...new Set(text.split('\n').map((s) => s.trim().replace(/\s+/g, ' ')))].filter(Boolean);
}

export function ReceiveDialog(props: {
  counterId: number;
  onClose: () => void;
  onDone?: (message: string) => void;
}): JSX.Element {
  const [draft] = createResource(() => props.counterId, loadDraft);
  const [serviceId, setServiceId] = createSignal<number | null>(null);
  const [name, setName] = createSignal<string | null>(null);
  const [phone, setPhone] = createSignal<string | null>(null);
  const [ticked, setTicked] = createSignal<Set<string>>(new Set());
  const [other, setOther] = createSignal('');
  const [outcome, setOutcome] = createSignal<Outcome>('received');
  const [missing, setMissing] = createSignal<Set<string> | null>(null);
  const [reason, setReason] = createSignal('');
  const [note, setNote] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal<Done | null>(null);

  // The ticket's own procedure, unless it is the result-return line (not offered) or the officer chose another.
  const chosenId = () => serviceId() ?? draft()?.services.find((s) => s.id === draft()?.ticket?.serviceId)?.id ?? null;
  const service = createMemo(() => draft()?.services.find((s) => s.id === chosenId()));
  const nameValue = () => name() ?? draft()?.applicantName ?? '';
  const phoneValue = () => phone() ?? draft()?.phone ?? '';
  // Papers not ticked are what is missing, unless the officer changes that list.
  const missingValue = () => missing() ?? new Set((service()?.papers ?? []).filter((p) => !ticked().has(p)));
  const toggle = (set: Set<string>, paper: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(paper);
    else next.delete(paper);
    return next;
  };

  async function submit(e: Event) {
    e.preventDefault();
    const d = draft();
    if (!d?.ticket) return;
    const applicantName = nameValue().trim();
    const tel = phoneValue().trim();
    if (!applicantName) return setError(t('needName'));
    if (!/^\+?[0-9 .]{8,15}$/.test(tel)) return setError(t('needPhone'));
    if (outcome() !== 'received' && !reason().trim()) return setError(t('needReason'));
    setError(null);
    setBusy(true);
    const papers = [...(service()?.papers ?? []).filter((p) => ticked().has(p)), ...typedPapers(other())];
    try {
      const r = await unwrap(
        api.counters[':counterId'].dossiers.$post({
          param: { counterId: String(props.counterId) },
          json: {
            serviceId: chosenId() ?? undefined,
            applicantName,
            phone: tel,
            papers,
            note: note().trim() || undefined,
            outcome: outcome(),
            ...(outcome() === 'received' ? {} : { reason: reason().trim() }),
            ...(outcome() === 'supplement_requested' ? { missing: [...missingValue()] } : {}),
          },
        }),
      );
      const result = { id: r.id, code: r.code, outcome: outcome(), dueAt: r.dueAt };
      setDone(result);
      props.onDone?.(doneMessage(result));
    } catch (err) {
      setError(err instanceof ApiError ? `${err.message} (${err.code})` : String(err));
    } finally {
      setBusy(false);
    }
  }

  const title = () => (draft()?.ticket ? t('receiveTitle', { number: draft()!.ticket!.number }) : t('receive'));

  return (
    <Modal title={title()} onClose={props.onClose} wide>
      <Switch fallback={<p>{t('loading')}</p>}>
        <Match when={draft.error}>
          <p class="alert alert-inline" role="alert">
            {draft.error instanceof Error ? draft.error.message : String(draft.error)}
          </p>
          <CloseOnly onClose={props.onClose} />
        </Match>
        <Match when={done()}>{(d) => <Printed done={d()} onClose={props.onClose} />}</Match>
        <Match when={draft() && !draft()!.ticket}>
          <p>{t('receiveNoTicket')}</p>
          <CloseOnly onClose={props.onClose} />
        </Match>
        <Match when={draft()}>
          {(d) => (
            <form class="receive-form" onSubmit={submit} novalidate>
              <label for="rc-service">{t('procedure')}</label>
              <select
                id="rc-service"
                value={chosenId() ?? ''}
                onChange={(e) => {
                  setServiceId(Number(e.currentTarget.value));
                  setTicked(new Set<string>());
                  setMissing(null);
                }}
              >
                <For each={d().services}>
                  {(s) => (
                    <option value={s.id}>
                      {s.name} ({s.sectorName})
                    </option>
                  )}
                </For>
              </select>
              <Show when={service()}>
                {(s) => (
                  <p class="hint receive-due" data-testid="receive-due">
                    {s().processingDays === 0
                      ? t('dueSameDay', { date: dueText(s().dueAt) })
                      : t('dueIfNow', { date: dueText(s().dueAt), days: s().processingDays })}
                  </p>
                )}
              </Show>
              <div class="receive-two">
                <div>
                  <label for="rc-name">{t('applicantName')}</label>
                  <input
                    id="rc-name"
                    type="text"
                    autocomplete="off"
                    maxLength={100}
                    required
                    aria-describedby={d().applicantName ? 'rc-from-booking' : undefined}
                    value={nameValue()}
                    onInput={(e) => setName(e.currentTarget.value)}
                    ref={(el) => queueMicrotask(() => el.focus())}
                  />
                </div>
                <div>
                  <label for="rc-phone">{t('phone')}</label>
                  <input
                    id="rc-phone"
                    type="text"
                    inputMode="tel"
                    autocomplete="off"
                    maxLength={15}
                    required
                    value={phoneValue()}
                    onInput={(e) => setPhone(e.currentTarget.value)}
                  />
                </div>
              </div>
              <Show when={d().applicantName}>
                <p id="rc-from-booking" class="hint">
                  {t('fromBooking')}
                </p>
              </Show>

              <fieldset class="receive-papers">
                <legend>{t('papersReceived')}</legend>
                <Show when={(service()?.papers.length ?? 0) > 0} fallback={<p class="hint">{t('papersNone')}</p>}>
                  <For each={service()?.papers}>
                    {(paper) => (
                      <label class="check">
                        <input
                          type="checkbox"
                          checked={ticked().has(paper)}
                          onChange={(e) => {
                            setTicked(toggle(ticked(), paper, e.currentTarget.checked));
                            setMissing(null);
                          }}
                        />
                        {paper}
                      </label>
                    )}
                  </For>
                </Show>
                <label for="rc-other">{t('otherPapers')}</label>
                <textarea
                  id="rc-other"
                  rows="2"
                  maxLength={2000}
                  value={other()}
                  onInput={(e) => setOther(e.currentTarget.value)}
                />
              </fieldset>

              <fieldset class="segmented receive-outcome">
                <legend>{t('outcome')}</legend>
                <For each={outcomes}>
                  {(o) => (
                    <label>
                      <input type="radio" name="rc-outcome" value={o} checked={outcome() === o} onChange={() => setOutcome(o)} />
                      {t(`outcome_${o}`)}
                    </label>
                  )}
                </For>
              </fieldset>

              <Show when={outcome() === 'supplement_requested' && (service()?.papers.length ?? 0) > 0}>
                <fieldset class="receive-papers">
                  <legend>{t('missingPapers')}</legend>
                  <For each={service()?.papers}>
                    {(paper) => (
                      <label class="check">
                        <input
                          type="checkbox"
                          checked={missingValue().has(paper)}
                          onChange={(e) => setMissing(toggle(missingValue(), paper, e.currentTarget.checked))}
                        />
                        {paper}
                      </label>
                    )}
                  </For>
                </fieldset>
              </Show>
              <Show when={outcome() !== 'received'}>
                <label for="rc-reason">{outcome() === 'refused' ? t('reasonRefused') : t('reasonSupplement')}</label>
                <textarea
                  id="rc-reason"
                  rows="3"
                  maxLength={1000}
                  required
                  value={reason()}
                  onInput={(e) => setReason(e.currentTarget.value)}
                />
              </Show>
              <label for="rc-note">{t('note')}</label>
              <input id="rc-note" type="text" maxLength={1000} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />

              <Show when={error()}>
                <p class="alert alert-inline" role="alert">
                  {error()}
                </p>
              </Show>
              <DialogActions cancel={t('cancel')} busy={busy()} onClose={props.onClose}>
                {t(`submit_${outcome()}`)}
              </DialogActions>
            </form>
          )}
        </Match>
      </Switch>
    </Modal>
  );
}

function doneMessage(d: Done): string {
  if (d.outcome === 'refused') return t('doneRefused', { code: d.code });
  if (d.outcome === 'supplement_requested') return t('doneSupplement', { code: d.code });
  return t('doneReceived', { code: d.code });
}

/** After receiving: the code, the promised date and the forms to print. */
function Printed(props: { done: Done; onClose: () => void }): JSX.Element {
  const open = (url: string) => window.open(url, '_blank', 'noopener');
  return (
    <div class="receive-done">
      <p class="receive-code" role="status">
        {doneMessage(props.done)}
      </p>
      <Show when={props.done.outcome === 'received'}>
        <p>{t('promisedOn', { date: dueText(props.done.dueAt) })}</p>
      </Show>
      <div class="receive-prints">
        <Show when={props.done.outcome === 'received'}>
          <button type="button" class="btn btn-primary" onClick={() => open(printUrl(props.done.id, '01', 'a5'))}>
            {t('printA5')}
            <span class="visually-hidden"> {t('opensNewWindow')}</span>
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => open(printUrl(props.done.id, '01', '80mm'))}>
            {t('print80')}
            <span class="visually-hidden"> {t('opensNewWindow')}</span>
          </button>
        </Show>
        <Show when={props.done.outcome === 'supplement_requested'}>
          <button type="button" class="btn btn-primary" onClick={() => open(printUrl(props.done.id, '02', 'a5'))}>
            {t('printForm02')}
            <span class="visually-hidden"> {t('opensNewWindow')}</span>
          </button>
        </Show>
        <Show when={props.done.outcome === 'refused'}>
          <button type="button" class="btn btn-primary" onClick={() => open(printUrl(props.done.id, '03', 'a5'))}>
            {t('printForm03')}
            <span class="visually-hidden"> {t('opensNewWindow')}</span>
          </button>
        </Show>
      </div>
      <CloseOnly onClose={props.onClose} />
    </div>
  );
}

function CloseOnly(props: { onClose: () => void }): JSX.Element {
  return (
    <div class="dialog-actions">
      <button type="button" class="btn btn-secondary" onClick={props.onClose}>
        {t('close')}
      </button>
    </div>
  );
}
