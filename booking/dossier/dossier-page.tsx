// A dossier's page for the resident (/h/<token>, the receipt's QR): its state, the promised date,
// whether it is late and the apology with its new date, the papers asked for, and, once the
// result is ready, how to pick it up. No name and no phone: the token is all it knows. It checks
// again every 15 s and when the phone wakes up.
import { createResource, For, onCleanup, Show } from 'solid-js';
import { lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import '../city/city.css';

interface DossierView {
  code: string;
  serviceName: string;
  state: string;
  receivedAt: string;
  dueAt: string;
  late: boolean;
  resultReadyAt: string | null;
  returnedAt: string | null;
  supplementReason: string | null;
  apologies: { at: string; reason: string; newDueAt: string }[];
}

async function load(token: string): Promise<DossierView | null> {
  const r = await fetch(`/api/dossiers/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } });
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as DossierView;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

export default function DossierPage(props: { token: string }) {
  const [d, { refetch }] = createResource(() => props.token, load);
  document.title = t('title');
  const timer = setInterval(() => void refetch(), 15_000);
  const wake = () => document.visibilityState === 'visible' && void refetch();
  document.addEventListener('visibilitychange', wake);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', wake);
  });
  const lastApology = () => d()?.apologies.at(-1);

  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <Show when={d.state === 'ready' && d() === null}>
          <h1>{t('notFound')}</h1>
        </Show>
        <Show when={d()}>
          {(v) => (
            <>
              <h1>{v().serviceName}</h1>
              <p class="centre">
                {t('code')}: <strong class="dossier-code">{v().code}</strong>
              </p>
              <p class={`dossier-state state-${v().state}`} role="status">
                {t(`state_${v().state}` as 'state_received')}
              </p>
              <Show when={v().state === 'result_ready'}>
                <p class="dossier-ready">{t('readyHow')}</p>
              </Show>
              <Show when={v().state === 'supplement_requested' && v().supplementReason}>
                <div class="dossier-note" role="note">
                  <p>
                    <strong>{t('papersAsked')}</strong> {v().supplementReason}
                  </p>
                  <p>{t('clockStopped')}</p>
                </div>
              </Show>
              <dl class="dossier-dates">
                <dt>{t('received')}</dt>
                <dd>{when(v().receivedAt)}</dd>
                <dt>{t('due')}</dt>
                <dd>
                  {when(v().dueAt)}
                  <Show when={v().late}>
                    {' '}
                    <strong class="dossier-late">{t('late')}</strong>
                  </Show>
                </dd>
                <Show when={lastApology()}>
                  {(a) => (
                    <>
                      <dt>{t('newDue')}</dt>
                      <dd>{when(a().newDueAt)}</dd>
                    </>
                  )}
                </Show>
                <Show when={v().resultReadyAt}>
                  <dt>{t('readyAt')}</dt>
                  <dd>{when(v().resultReadyAt!)}</dd>
                </Show>
              </dl>
              <Show when={v().apologies.length}>
                <section aria-labelledby="apologies">
                  <h2 id="apologies">{t('apologies')}</h2>
                  <For each={v().apologies}>
                    {(a) => (
                      <div class="dossier-note" role="note">
                        <p>{t('apologyText', { date: when(a.newDueAt) })}</p>
                        <p>
                          {t('reason')}: {a.reason}
                        </p>
                      </div>
                    )}
                  </For>
                </section>
              </Show>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
