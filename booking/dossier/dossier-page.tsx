// A dossier's page for the resident (/h/<token>, the receipt's QR): its state, the promised date,
// whether it is late and the apology with its new date, the papers asked for, and, once the
// result is ready, how to pick it up. No name and no phone: the token is all it knows. A change
// arrives live (the `dossier` push to this token's socket); while the socket is down the page
// asks again every 30 s, and at once when the phone wakes up.
import { For, Show } from 'solid-js';
import type { DossierPublicView } from '../../server/realtime/contract';
import { followLive, loadPublic, longDateTime } from '../common/follow';
import { LangSwitch } from '../common/lang-switch';
import { OfflineNote } from '../common/offline';
import { t } from './text';
import '../city/city.css';

const load = (token: string) => loadPublic<DossierPublicView>(`/api/dossiers/${encodeURIComponent(token)}`);

export default function DossierPage(props: { token: string }) {
  // The newest pushed view wins; a push older than one already shown is dropped.
  let newestEvent = -1;
  const { item: d, connected } = followLive(
    () => props.token,
    load,
    (createLive, apply, resync) =>
      createLive({
        auth: { dossierToken: props.token },
        handlers: {
          dossier: ({ eventId, ...view }) => {
            if (eventId < newestEvent) return;
            newestEvent = eventId;
            apply(view);
          },
        },
        onResync: resync,
      }),
  );
  document.title = t('title');
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
                <dd>{longDateTime(v().receivedAt)}</dd>
                <dt>{t('due')}</dt>
                <dd>
                  {longDateTime(v().dueAt)}
                  <Show when={v().late}>
                    {' '}
                    <strong class="dossier-late">{t('late')}</strong>
                  </Show>
                </dd>
                <Show when={lastApology()}>
                  {(a) => (
                    <>
                      <dt>{t('newDue')}</dt>
                      <dd>{longDateTime(a().newDueAt)}</dd>
                    </>
                  )}
                </Show>
                <Show when={v().resultReadyAt}>
                  <dt>{t('readyAt')}</dt>
                  <dd>{longDateTime(v().resultReadyAt!)}</dd>
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
                        <p>{t('apologyText', { date: longDateTime(a.newDueAt) })}</p>
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
