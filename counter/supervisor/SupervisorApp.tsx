// Supervisor screens (/counter/supervisor): the office live, reports for a range of days with
// charts and exports, and the feedback inbox. Staff sign in on /counter (the session cookie is
// shared); without a supervisor or admin session this screen only links there.
import { createResource, createSignal, For, type JSX, lazy, Match, onCleanup, Show, Suspense, Switch } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { formatTime, lang } from '../../web/i18n';
import { createLive } from '../../web/live';
import { fmt } from './format';
import { ScreenHeader } from './header';
import { t } from './text';
import './supervisor.css';
import { whoAmI } from '../signed-in';

const Reports = lazy(() => import('./reports'));
const Inbox = lazy(() => import('./inbox'));
const Outreach = lazy(() => import('./outreach'));
const Planner = lazy(() => import('./planner'));
const Dossiers = lazy(() => import('../dossiers/DossiersApp').then((m) => ({ default: m.DossierBoard })));

type Tab = 'live' | 'dossiers' | 'reports' | 'planner' | 'inbox' | 'outreach';
const tabs: Tab[] = ['live', 'dossiers', 'reports', 'planner', 'inbox', 'outreach'];

/** Who is signed in, and the office this screen shows them. */
export default function SupervisorApp(): JSX.Element {
  const [me] = createResource(whoAmI);
  const params = new URLSearchParams(location.search);
  const initial = params.get('tab');
  const [tab, setTab] = createSignal<Tab>(tabs.includes(initial as Tab) ? (initial as Tab) : 'live');
  document.title = t('title');

  // A city leader reads any centre's live view and reports; their inbox is the city's feedback.
  const allowed = () => {
    const role = me()?.user?.role;
    return role === 'supervisor' || role === 'admin' || role === 'city';
  };
  const shownTabs = () => tabs;
  const isCity = () => me()?.user?.role === 'city';

  const onTabKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab());
    const next =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i + tabs.length - 1) % tabs.length]
          : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    document.getElementById(`sv-tab-${next}`)?.focus();
  };

  return (
    <div class="sup" lang={lang()}>
      <ScreenHeader title={t('title')} back={t('backToCounter')} language={t('language')} />
      <Switch
        fallback={
          <main class="sup-main">
            <p>{t('loading')}</p>
          </main>
        }
      >
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
        <Match when={me() && !allowed()}>
          <main class="sup-main sup-gate">
            <p>{t('notAllowed')}</p>
            <a class="sup-btn" href="/counter">
              {t('backToCounter')}
            </a>
          </main>
        </Match>
        <Match when={allowed() && me()?.officeId}>
          {(officeId) => (
            <>
              <div role="tablist" aria-label={t('tabs')} class="sup-tabs" onKeyDown={onTabKey}>
                <For each={shownTabs()}>
                  {(name) => (
                    <button
                      type="button"
                      role="tab"
                      id={`sv-tab-${name}`}
                      aria-selected={tab() === name}
                      aria-controls={`sv-panel-${name}`}
                      tabIndex={tab() === name ? 0 : -1}
                      onClick={() => setTab(name)}
                    >
                      {t(name)}
                    </button>
                  )}
                </For>
              </div>
              <main class="sup-main" id={`sv-panel-${tab()}`} role="tabpanel" aria-labelledby={`sv-tab-${tab()}`}>
                <Suspense fallback={<p>{t('loading')}</p>}>
                  <Switch>
                    <Match when={tab() === 'live'}>
                      <LiveOffice officeId={officeId()} />
                    </Match>
                    <Match when={tab() === 'dossiers'}>
                      <Dossiers officeId={officeId()} canMove={me()?.user?.role !== 'city'} />
                    </Match>
                    <Match when={tab() === 'reports'}>
                      <Reports officeId={officeId()} from={params.get('from')} to={params.get('to')} />
                    </Match>
                    <Match when={tab() === 'planner'}>
                      <Planner officeId={officeId()} />
                    </Match>
                    <Match when={tab() === 'inbox'}>
                      <Inbox officeId={isCity() ? null : officeId()} />
                    </Match>
                    <Match when={tab() === 'outreach'}>
                      <Outreach officeId={officeId()} />
                    </Match>
                  </Switch>
                </Suspense>
              </main>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}

/**
 * Closing a counter its officer left open (gone home, account disabled): asks for the reason,
 * then the server returns what the counter held to the line.
 */
function ForceClose(props: { counterId: number; number: number; onDone: (text: string) => void }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let opener: HTMLButtonElement | undefined;
  let input: HTMLInputElement | undefined;
  const close = () => {
    setOpen(false);
    setError(null);
    opener?.focus();
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(
        api.counters[':counterId']['force-close'].$post({
          param: { counterId: String(props.counterId) },
          json: { reason: reason() },
        }),
      );
      const numbers = r.released.map((x) => x.number).join(', ') || t('none');
      props.onDone(t('forceClosed', { n: props.number, numbers }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      input?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="sup-force">
      <Show
        when={open()}
        fallback={
          <button
            ref={opener}
            type="button"
            class="sup-btn quiet sup-small"
            aria-label={t('forceCloseNamed', { n: props.number })}
            onClick={() => {
              setOpen(true);
              input?.focus();
            }}
          >
            {t('forceClose')}
          </button>
        }
      >
        <form class="sup-force-form" onSubmit={submit}>
          <label for={`force-${props.counterId}`}>{t('forceCloseReason', { n: props.number })}</label>
          <p class="sup-force-hint" id={`force-hint-${props.counterId}`}>
            {t('forceCloseHint')}
          </p>
          <input
            ref={(el) => {
              input = el;
              queueMicrotask(() => el.focus());
            }}
            id={`force-${props.counterId}`}
            aria-describedby={`force-hint-${props.counterId}`}
            maxLength={300}
            required
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') close();
            }}
          />
          <Show when={error()}>
            <p class="sup-error" role="alert">
              {error()}
            </p>
          </Show>
          <div class="sup-force-actions">
            <button type="submit" class="sup-btn sup-small" disabled={busy()}>
              {t('forceCloseConfirm')}
            </button>
            <button type="button" class="sup-btn quiet sup-small" onClick={close}>
              {t('cancel')}
            </button>
          </div>
        </form>
      </Show>
    </div>
  );
}

/** The office now: refetched on every pushed change (debounced) and every 15 s (waits grow). */
function LiveOffice(props: { officeId: number }): JSX.Element {
  const load = (officeId: number) => unwrap(api.offices[':officeId'].live.$get({ param: { officeId: String(officeId) } }));
  const [live, { refetch }] = createResource(() => props.officeId, load);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      void refetch();
    }, 300);
  };
  const socket = createLive({
    auth: { officeId: props.officeId },
    handlers: { call: soon, queue: soon, counter: soon },
    onResync: soon,
  });
  const timer = setInterval(soon, 15_000);
  onCleanup(() => {
    socket.close();
    clearInterval(timer);
    clearTimeout(pending);
  });
  const serviceName = (id: number) => live()?.services.find((s) => s.id === id)?.name ?? '';
  const [done, setDone] = createSignal<string | null>(null);

  return (
    <Show when={live()} fallback={<p>{t('loading')}</p>}>
      {(l) => (
        <>
          <h2 class="visually-hidden">{t('live')}</h2>
          <section class="sup-cards" aria-label={t('live')}>
            <div class="sup-card">
              <span class="sup-card-label">{t('waitingTotal')}</span>
              <span class="sup-card-value">{l().services.reduce((s, x) => s + x.waiting, 0)}</span>
            </div>
            <div class="sup-card" classList={{ 'sup-late': (l().longestWait?.minutes ?? 0) > l().targetWaitMinutes }}>
              <span class="sup-card-label">{t('longestWait')}</span>
              <span class="sup-card-value">
                {l().longestWait ? t('minutes', { n: fmt(l().longestWait!.minutes, 0) }) : t('none')}
              </span>
              <Show when={l().longestWait}>{(w) => <span class="sup-card-sub">{w().number}</span>}</Show>
            </div>
            <div class="sup-card" classList={{ 'sup-late': l().alerts.length > 0 }}>
              <span class="sup-card-label">{t('alerts', { n: l().targetWaitMinutes })}</span>
              <span class="sup-card-value">{l().alerts.length}</span>
            </div>
          </section>

          <Show when={l().alerts.length > 0}>
            <section class="sup-alerts" role="status" aria-labelledby="sup-alerts-title">
              <h3 id="sup-alerts-title">{t('alerts', { n: l().targetWaitMinutes })}</h3>
              <ul>
                <For each={l().alerts.slice(0, 12)}>
                  {(a) => (
                    <li>
                      <strong>{a.number}</strong> · {serviceName(a.serviceId)} · {t('minutes', { n: fmt(a.waitMinutes, 0) })}
                    </li>
                  )}
                </For>
              </ul>
            </section>
          </Show>

          <div class="sup-two">
            <section aria-labelledby="sup-counters">
              <h3 id="sup-counters">{t('counters')}</h3>
              <p class="sup-done" role="status">
                {done()}
              </p>
              <ul class="sup-counters">
                <For each={l().counters}>
                  {(c) => (
                    <li class={`sup-counter ${c.status}`}>
                      <span class="sup-counter-n">{t('counterN', { n: c.number })}</span>
                      <span class={`sup-badge ${c.status}`}>{t(`status_${c.status}`)}</span>
                      <span class="sup-counter-now">
                        {c.current ? (
                          <>
                            <strong>{c.current.number}</strong>{' '}
                            {t(`state_${c.current.state === 'serving' ? 'serving' : 'called'}`)} ·{' '}
                            {t('minutes', { n: fmt(c.current.sinceMinutes, 0) })}
                          </>
                        ) : c.status === 'closed' ? (
                          ''
                        ) : (
                          t('idle')
                        )}
                      </span>
                      <Show when={c.officerName}>
                        <span class="sup-counter-officer">{c.officerName}</span>
                      </Show>
                      <Show when={c.pauseReason}>
                        <span class="sup-counter-officer">{c.pauseReason}</span>
                      </Show>
                      <Show when={c.status !== 'closed'}>
                        <ForceClose
                          counterId={c.id}
                          number={c.number}
                          onDone={(text) => {
                            setDone(text);
                            void refetch();
                          }}
                        />
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </section>
            <section aria-labelledby="sup-services">
              <h3 id="sup-services">{t('services')}</h3>
              <table class="sup-table">
                <thead>
                  <tr>
                    <th scope="col">{t('service')}</th>
                    <th scope="col" class="num">
                      {t('waiting')}
                    </th>
                    <th scope="col" class="num">
                      {t('longestWait')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={l().services}>
                    {(s) => (
                      <tr classList={{ 'sup-late': (s.longestWaitMinutes ?? 0) > l().targetWaitMinutes }}>
                        <th scope="row">
                          <span class="sup-prefix">{s.prefix}</span> {s.name}
                        </th>
                        <td class="num">{s.waiting}</td>
                        <td class="num">
                          {s.longestWaitMinutes === null ? '—' : t('minutes', { n: fmt(s.longestWaitMinutes, 0) })}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
          </div>
          <p class="sup-muted">{t('updated', { time: formatTime(l().at) })}</p>
        </>
      )}
    </Show>
  );
}
