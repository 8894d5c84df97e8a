// A dossier's page for the resident (/h/<token>, the receipt's QR): its state, the promised date,
// whether it is late and the apology with its new date, the papers asked for, and, once the
// result is ready, how to pick it up. No name and no phone: the token is all it knows. A change
// arrives live (the `dossier` push to this token's socket); while the socket is down the page
// asks again every 30 s, and at once when the phone wakes up.
import { createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { DossierPublicView } from '../../server/realtime/contract';
import { noteAnswer } from '../../web/api';
import { lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { OfflineNote } from '../common/offline';
import { t } from './text';
import '../city/city.css';

type DossierView = DossierPublicView;

async function load(token: string): Promise<DossierView | null> {
  const r = noteAnswer(await fetch(`/api/dossiers/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } }));
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
  const [d, { refetch, mutate }] = createResource(() => props.token, load);
  const [live, setLive] = createSignal<{ connected: () => boolean; close: () => void }>();
  const connected = () => live()?.connected() ?? false;
  document.title = t('title');
  // The newest pushed view wins; a push older than one already shown is dropped.
  let newestEvent = -1;
  let disposed = false;
  onMount(async () => {
    // The socket client loads after the page shows: the first paint never waits for it.
    const { createLive } = await import('../../web/live');
    if (disposed) return;
    const socket = createLive({
      auth: { dossierToken: props.token },
      handlers: {
        dossier: ({ eventId, ...view }) => {
          if (eventId < newestEvent) return;
          newestEvent = eventId;
          mutate(view);
        },
      },
      onResync: () => void refetch(),
    });
    setLive(socket);
  });
  const timer = setInterval(() => connected() || void refetch(), 30_000);
  const wake = () => document.visibilityState === 'visible' && void refetch();
  document.addEventListener('visibilitychange', wake);
  onCleanup(() => {
    disposed = true;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', wake);
    live()?.close();
  });
  const lastApology = () => d()?.apologies.at(-1);

  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <OfflineNote />
        <Show when={d.state === 'ready' && d() === null}>
          <h1>{t('notFound')}</h1>
          <p>
            <a href="/h">{t('lookupAgain')}</a>
          </p>
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
              <Show when={v().state === 'supplement_requested'}>
                <div class="dossier-note" role="note">
                  <p>
                    <strong>{t('papersAsked')}</strong> {v().supplementReason}
                  </p>
                  <Show when={v().missingPapers.length}>
                    <ul class="dossier-missing">
                      <For each={v().missingPapers}>{(paper) => <li>{paper}</li>}</For>
                    </ul>
                  </Show>
                  <p>{t('clockStopped')}</p>
                </div>
              </Show>
              <Show when={v().unitName && !['result_ready', 'returned', 'refused', 'withdrawn'].includes(v().state)}>
                <p class="centre">
                  {t('heldBy')}: {v().unitName}
                </p>
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
              <p class="dossier-live" classList={{ off: !connected() }}>
                <span class="dot" aria-hidden="true" /> {connected() ? t('live') : t('offline')}
              </p>
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
