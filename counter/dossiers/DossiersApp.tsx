// The office's dossiers (/counter/dossiers, and the supervisor's "Hồ sơ" tab): late ones first in
// red with their days overdue, then those due within a day in amber (in time to apologise, as the
// rules ask), then the rest by due date; filters by state, late, due this week, unit, sector and
// code. A dossier opens its history and what can be done next: move it, hand it to a unit, record
// the apology letter (form 04), print any of its forms. Live: a change anywhere in the office
// refreshes the list (the staff socket's `dossier:changed`).
import { createResource, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from 'solid-js';
import type { DossierState } from '../../db/schema/enums';
import { MOVES, NEEDS_REASON, SETTLED } from '../../server/dossiers/moves';
import { ApiError, api, unwrap } from '../../web/api';
import { lang } from '../../web/i18n';
import { createLive } from '../../web/live';
import { ScreenHeader } from '../supervisor/header';
import { t } from './board-text';
import { dueText, formDateTime, t as ft, printUrl } from './text';
import '../supervisor/supervisor.css';
import './board.css';
import { whoAmI } from '../signed-in';

const states: DossierState[] = [
  'received',
  'processing',
  'supplement_requested',
  'result_ready',
  'returned',
  'refused',
  'withdrawn',
];

export default function DossiersApp(): JSX.Element {
  const [me] = createResource(whoAmI);
  document.title = t('title');
  return (
    <div class="sup" lang={lang()}>
      <ScreenHeader title={t('title')} back={t('backToCounter')} language={t('language')} />
      <Switch fallback={<main class="sup-main">{t('loading')}</main>}>
        <Match when={me.error}>
          <main class="sup-main">
            <p role="alert">{String(me.error?.message ?? me.error)}</p>
          </main>
        </Match>
        <Match when={me() && !me()!.user}>
          <main class="sup-main sup-gate">
            <p>{t('signInNeeded')}</p>
            <a class="sup-btn" href="/counter">
              {t('signIn')}
            </a>
          </main>
        </Match>
        <Match when={me()?.officeId}>
          {(officeId) => (
            <main class="sup-main">
              <DossierBoard officeId={officeId()} canMove={me()!.user!.role !== 'city'} />
            </main>
          )}
        </Match>
      </Switch>
    </div>
  );
}

interface Filters {
  state: DossierState | '';
  late: boolean;
  dueThisWeek: boolean;
  unitId: string;
  sectorId: string;
  q: string;
}

const loadList = (k: { officeId: number; f: Filters }) =>
  unwrap(
    api.offices[':officeId'].dossiers.$get({
      param: { officeId: String(k.officeId) },
      query: {
        ...(k.f.state ? { state: k.f.state } : {}),
        ...(k.f.late ? { late: 'true' as const } : {}),
        ...(k.f.dueThisWeek ? { dueThisWeek: 'true' as const } : {}),
        ...(k.f.unitId ? { unitId: k.f.unitId } : {}),
        ...(k.f.sectorId ? { sectorId: k.f.sectorId } : {}),
        ...(k.f.q.trim() ? { q: k.f.q.trim() } : {}),
      },
    }),
  );
type Row = Awaited<ReturnType<typeof loadList>>[number];

async function loadChoices(officeId: number) {
  const param = { officeId: String(officeId) };
  const [units, services] = await Promise.all([
    unwrap(api.offices[':officeId'].units.$get({ param })),
    unwrap(api.offices[':officeId'].services.$get({ param })),
  ]);
  const sectors = new Map<number, string>();
  for (const s of services) sectors.set(s.sectorId, s.sectorName);
  return { units: units.filter((u) => u.active), sectors: [...sectors].map(([id, name]) => ({ id, name })) };
}

export function DossierBoard(props: { officeId: number; canMove: boolean }): JSX.Element {
  const initial = new URLSearchParams(location.search);
  const [filters, setFilters] = createSignal<Filters>({
    state: '',
    late: initial.get('late') === 'true',
    dueThisWeek: false,
    unitId: '',
    sectorId: '',
    q: '',
  });
  const [list, { refetch }] = createResource(() => ({ officeId: props.officeId, f: filters() }), loadList);
  const [choices] = createResource(() => props.officeId, loadChoices);
  const [openId, setOpenId] = createSignal<number | null>(null);
  const [changed, setChanged] = createSignal(0);
  const set = (patch: Partial<Filters>) => setFilters({ ...filters(), ...patch });

  let pending: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      void refetch();
      setChanged((n) => n + 1);
    }, 300);
  };
  const live = createLive({ auth: { officeId: props.officeId }, handlers: {}, onResync: soon });
  live.socket.on('dossier:changed', soon);
  // Warnings turn with the clock (a dossier becomes late at its due instant): a fresh look each minute.
  const timer = setInterval(soon, 60_000);
  onCleanup(() => {
    live.close();
    clearInterval(timer);
    clearTimeout(pending);
  });

  const counts = () => {
    const rows = list() ?? [];
    return { late: rows.filter((r) => r.warning === 'late').length, soon: rows.filter((r) => r.warning === 'soon').length };
  };

  return (
    <div class="dz">
      <h2 class="dz-title">{t('title')}</h2>
      <section class="sup-cards" aria-label={t('summary')}>
        <div class="sup-card" classList={{ 'sup-late': counts().late > 0 }}>
          <span class="sup-card-label">{t('lateCount')}</span>
          <span class="sup-card-value" data-testid="late-count">
            {counts().late}
          </span>
        </div>
        <div class="sup-card" classList={{ 'dz-soon-card': counts().soon > 0 }}>
          <span class="sup-card-label">{t('soonCount')}</span>
          <span class="sup-card-value" data-testid="soon-count">
            {counts().soon}
          </span>
        </div>
      </section>

      <form class="dz-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters')}>
        <div>
          <label for="dz-state">{t('state')}</label>
          <select
            id="dz-state"
            value={filters().state}
            onChange={(e) => set({ state: e.currentTarget.value as DossierState | '' })}
          >
            <option value="">{t('allStates')}</option>
            <For each={states}>{(s) => <option value={s}>{ft(`state_${s}`)}</option>}</For>
          </select>
        </div>
        <div>
          <label for="dz-unit">{t('unit')}</label>
          <select id="dz-unit" value={filters().unitId} onChange={(e) => set({ unitId: e.currentTarget.value })}>
            <option value="">{t('allUnits')}</option>
            <For each={choices()?.units}>{(u) => <option value={u.id}>{u.name}</option>}</For>
          </select>
        </div>
        <div>
          <label for="dz-sector">{t('sector')}</label>
          <select id="dz-sector" value={filters().sectorId} onChange={(e) => set({ sectorId: e.currentTarget.value })}>
            <option value="">{t('allSectors')}</option>
            <For each={choices()?.sectors}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          </select>
        </div>
        <div>
          <label for="dz-q">{t('codeSearch')}</label>
          <input id="dz-q" type="search" maxLength={40} value={filters().q} onInput={(e) => set({ q: e.currentTarget.value })} />
        </div>
        <label class="dz-check">
          <input type="checkbox" checked={filters().late} onChange={(e) => set({ late: e.currentTarget.checked })} />
          {t('onlyLate')}
        </label>
        <label class="dz-check">
          <input
            type="checkbox"
            checked={filters().dueThisWeek}
            onChange={(e) => set({ dueThisWeek: e.currentTarget.checked })}
          />
          {t('dueThisWeek')}
        </label>
      </form>

      <Show when={list()} fallback={<p>{t('loading')}</p>}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<p>{t('empty')}</p>}>
            <table class="sup-table dz-table">
              <caption class="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('code')}</th>
                  <th scope="col">{t('procedure')}</th>
                  <th scope="col">{t('applicant')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('due')}</th>
                  <th scope="col">{t('unit')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(r) => (
                    <>
                      <tr class={r.warning ? `dz-${r.warning}` : ''} data-code={r.code}>
                        <th scope="row">
                          <button
                            type="button"
                            class="dz-open"
                            aria-expanded={openId() === r.id}
                            aria-controls={`dz-detail-${r.id}`}
                            onClick={() => setOpenId(openId() === r.id ? null : r.id)}
                          >
                            {r.code}
                          </button>
                        </th>
                        <td>{r.serviceName}</td>
                        <td>{r.applicantName ?? '—'}</td>
                        <td>{ft(`state_${r.state}`)}</td>
                        <td>
                          {dueText(r.dueAt)}
                          <Warning row={r} />
                          <Show when={r.newDueAt}>
                            <span class="dz-newdue">
                              {t('newDue')}: {dueText(r.newDueAt!)}
                            </span>
                          </Show>
                        </td>
                        <td>{r.unitName ?? t('atReception')}</td>
                      </tr>
                      <Show when={openId() === r.id}>
                        <tr class="dz-detail-row">
                          <td colSpan={6} id={`dz-detail-${r.id}`}>
                            <Detail
                              id={r.id}
                              canMove={props.canMove}
                              units={choices()?.units ?? []}
                              changed={changed()}
                              onChange={soon}
                            />
                          </td>
                        </tr>
                      </Show>
                    </>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </div>
  );
}

function Warning(props: { row: Row }): JSX.Element {
  return (
    <Switch>
      <Match when={props.row.warning === 'late'}>
        <span class="dz-badge dz-badge-late">{t('lateDays', { n: props.row.daysLate })}</span>
      </Match>
      <Match when={props.row.warning === 'soon'}>
        <span class="dz-badge dz-badge-soon">{t('dueSoon')}</span>
      </Match>
      <Match when={props.row.late}>
        <span class="dz-badge dz-badge-late">{t('wasLate')}</span>
      </Match>
    </Switch>
  );
}

const loadDetail = (k: { id: number; changed: number }) =>
  unwrap(api.dossiers[':dossierId'].staff.$get({ param: { dossierId: String(k.id) } }));

function Detail(props: {
  id: number;
  canMove: boolean;
  units: { id: number; name: string }[];
  changed: number;
  onChange: () => void;
}): JSX.Element {
  const [d] = createResource(() => ({ id: props.id, changed: props.changed }), loadDetail);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [move, setMove] = createSignal<DossierState | null>(null);
  const [reason, setReason] = createSignal('');
  const [unitId, setUnitId] = createSignal('');
  const [apology, setApology] = createSignal(false);
  const [apReason, setApReason] = createSignal('');
  const [apDate, setApDate] = createSignal('');
  const [apSigner, setApSigner] = createSignal('');
  const [done, setDone] = createSignal('');

  const act = async (fn: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setDone(message);
      setMove(null);
      setReason('');
      setApology(false);
      // The list and this detail read again (once, debounced, as for a change made elsewhere).
      props.onChange();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    } finally {
      setBusy(false);
    }
  };
  const param = () => ({ dossierId: String(props.id) });

  return (
    <Show when={d()} fallback={<p>{t('loading')}</p>}>
      {(v) => (
        <div class="dz-detail">
          <div class="dz-detail-grid">
            <dl class="dz-facts">
              <dt>{t('procedure')}</dt>
              <dd>
                {v().serviceName} ({v().sectorName})
              </dd>
              <dt>{t('applicant')}</dt>
              <dd>{v().applicantName ?? '—'}</dd>
              <dt>{t('received')}</dt>
              <dd>
                {formDateTime(v().receivedAt)}
                <Show when={v().receivedBy}> · {v().receivedBy!.name}</Show>
              </dd>
              <dt>{t('due')}</dt>
              <dd>{formDateTime(v().dueAt)}</dd>
              <Show when={v().newDueAt}>
                <dt>{t('newDue')}</dt>
                <dd>{formDateTime(v().newDueAt!)}</dd>
              </Show>
              <dt>{t('papers')}</dt>
              <dd>{v().papers.join('; ') || '—'}</dd>
            </dl>
            <div>
              <h3 class="dz-sub">{t('history')}</h3>
              <ol class="dz-history">
                <For each={v().history}>
                  {(h) => (
                    <li>
                      <span class="dz-when">{formDateTime(h.at)}</span>{' '}
                      {h.kind === 'handoff'
                        ? ft('handoffTo', { unit: h.unit?.name ?? '' })
                        : h.from
                          ? ft('moveTo', { from: ft(`state_${h.from}`), to: ft(`state_${h.to}`) })
                          : ft(`state_${h.to}`)}
                      <Show when={h.staff}> · {h.staff!.name}</Show>
                      <Show when={h.reason}>: {h.reason}</Show>
                    </li>
                  )}
                </For>
              </ol>
            </div>
          </div>

          <div class="dz-prints">
            <span class="dz-prints-label">{t('print')}:</span>
            <a href={printUrl(v().id, '01', 'a5')} target="_blank" rel="noopener">
              {t('form01')}
            </a>
            <Show when={v().supplements.length}>
              <a href={printUrl(v().id, '02', 'a5')} target="_blank" rel="noopener">
                {t('form02')}
              </a>
            </Show>
            <Show when={v().refusals.length}>
              <a href={printUrl(v().id, '03', 'a5')} target="_blank" rel="noopener">
                {t('form03')}
              </a>
            </Show>
            <Show when={v().apologyLetters.length}>
              <a href={printUrl(v().id, '04', 'a5')} target="_blank" rel="noopener">
                {t('form04')}
              </a>
            </Show>
            <a href={printUrl(v().id, '05', 'a4')} target="_blank" rel="noopener">
              {t('form05')}
            </a>
          </div>

          <p class="sup-done" role="status">
            {done()}
          </p>
          <Show when={error()}>
            <p class="sup-error" role="alert">
              {error()}
            </p>
          </Show>

          <Show when={props.canMove}>
            <div class="dz-actions">
              <For each={MOVES[v().state]}>
                {(to) => (
                  <button
                    type="button"
                    class="sup-btn quiet"
                    aria-pressed={move() === to}
                    disabled={busy()}
                    onClick={() => {
                      if (NEEDS_REASON.includes(to)) setMove(move() === to ? null : to);
                      else
                        void act(
                          () => unwrap(api.dossiers[':dossierId'].transition.$post({ param: param(), json: { to } })),
                          t('moved', { state: ft(`state_${to}`) }),
                        );
                    }}
                  >
                    {t(`to_${to}`)}
                  </button>
                )}
              </For>
              <Show when={!SETTLED.includes(v().state) && v().apologyLetters.length === 0}>
                <button type="button" class="sup-btn quiet" aria-pressed={apology()} onClick={() => setApology(!apology())}>
                  {t('apologise')}
                </button>
              </Show>
            </div>

            <Show when={move()}>
              {(to) => (
                <form
                  class="dz-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!reason().trim()) return setError(t('reasonNeeded'));
                    void act(
                      () =>
                        unwrap(
                          api.dossiers[':dossierId'].transition.$post({
                            param: param(),
                            json: { to: to(), reason: reason().trim() },
                          }),
                        ),
                      t('moved', { state: ft(`state_${to()}`) }),
                    );
                  }}
                >
                  <label for={`dz-reason-${props.id}`}>{to() === 'refused' ? t('refuseReason') : t('supplementReason')}</label>
                  <textarea
                    id={`dz-reason-${props.id}`}
                    rows="2"
                    maxLength={1000}
                    value={reason()}
                    onInput={(e) => setReason(e.currentTarget.value)}
                    ref={(el) => queueMicrotask(() => el.focus())}
                  />
                  <button type="submit" class="sup-btn" disabled={busy()}>
                    {t(`to_${to()}`)}
                  </button>
                </form>
              )}
            </Show>

            <Show when={!SETTLED.includes(v().state) && props.units.length > 0}>
              <form
                class="dz-form dz-inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  const unit = props.units.find((u) => String(u.id) === unitId());
                  if (!unit) return;
                  void act(
                    () => unwrap(api.dossiers[':dossierId'].handoff.$post({ param: param(), json: { unitId: unit.id } })),
                    ft('handoffTo', { unit: unit.name }),
                  );
                }}
              >
                <label for={`dz-unit-${props.id}`}>{t('handOffTo')}</label>
                <select id={`dz-unit-${props.id}`} value={unitId()} onChange={(e) => setUnitId(e.currentTarget.value)}>
                  <option value="">—</option>
                  <For each={props.units.filter((u) => u.id !== v().unit?.id)}>
                    {(u) => <option value={u.id}>{u.name}</option>}
                  </For>
                </select>
                <button type="submit" class="sup-btn quiet" disabled={busy() || !unitId()}>
                  {t('handOff')}
                </button>
              </form>
            </Show>

            <Show when={apology()}>
              <form
                class="dz-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!apReason().trim()) return setError(t('reasonNeeded'));
                  const at = Date.parse(`${apDate()}T17:00:00+07:00`);
                  if (!apDate() || Number.isNaN(at)) return setError(t('dateNeeded'));
                  void act(
                    () =>
                      unwrap(
                        api.dossiers[':dossierId'].apology.$post({
                          param: param(),
                          json: {
                            reason: apReason().trim(),
                            newDueAt: new Date(at).toISOString(),
                            ...(apSigner().trim() ? { signer: apSigner().trim() } : {}),
                          },
                        }),
                      ),
                    t('apologised'),
                  );
                }}
              >
                <h3 class="dz-sub">{t('apologyTitle')}</h3>
                <p class="sup-muted">{t('apologyHint')}</p>
                <label for={`dz-ap-reason-${props.id}`}>{t('apologyReason')}</label>
                <textarea
                  id={`dz-ap-reason-${props.id}`}
                  rows="2"
                  maxLength={1000}
                  value={apReason()}
                  onInput={(e) => setApReason(e.currentTarget.value)}
                />
                <label for={`dz-ap-date-${props.id}`}>{t('apologyDate')}</label>
                <input
                  id={`dz-ap-date-${props.id}`}
                  type="date"
                  value={apDate()}
                  onInput={(e) => setApDate(e.currentTarget.value)}
                />
                <label for={`dz-ap-signer-${props.id}`}>{t('apologySigner')}</label>
                <input
                  id={`dz-ap-signer-${props.id}`}
                  type="text"
                  maxLength={100}
                  value={apSigner()}
                  onInput={(e) => setApSigner(e.currentTarget.value)}
                />
                <button type="submit" class="sup-btn" disabled={busy()}>
                  {t('apologySave')}
                </button>
              </form>
            </Show>
          </Show>
        </div>
      )}
    </Show>
  );
}
