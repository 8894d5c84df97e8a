// A ticket's live page on the resident's phone (/t/<token>, from the QR on the printed ticket):
// number, state, people ahead and estimated wait, kept live over Socket.IO; when the ticket is
// called, a full-screen "go to counter N" with a chime and vibration; when done, the survey.
import { createEffect, createResource, createSignal, lazy, onCleanup, Show, Suspense } from 'solid-js';
import { type ApiError, api, unwrap } from '../../web/api';
import { formatTime, lang } from '../../web/i18n';
import { createLive } from '../../web/live';
import { LangSwitch } from '../common/lang-switch';
import { OfflineNote } from '../common/offline';
import { waitWords } from '../common/wait-range';
import { audioReady, chime, unlockAudio, vibrate } from './chime';
import { t } from './text';
import './ticket.css';

const Survey = lazy(() => import('../survey/Survey'));

// One request: the ticket's view names its service (its link is announced with the page's HTML,
// so it is on its way before this script runs).
const loadTicket = (token: string) => unwrap(api.tickets[':token'].$get({ param: { token } }));

type Ticket = Awaited<ReturnType<typeof loadTicket>>;

export default function TicketPage(props: { token: string }) {
  const [resource, { mutate, refetch }] = createResource(() => props.token, loadTicket);
  // Reading an errored resource throws; the page reads it only once loaded.
  const ticket = () => (resource.state === 'ready' || resource.state === 'refreshing' ? resource() : undefined);
  const [dismissed, setDismissed] = createSignal(false);
  const [sound, setSound] = createSignal(false);
  let lastAlert = 0;

  const alert = () => {
    setDismissed(false);
    if (Date.now() - lastAlert < 2000) return;
    lastAlert = Date.now();
    chime();
    vibrate();
  };

  const apply = (view: Partial<Ticket> & { state: Ticket['state'] }) => {
    const before = ticket();
    if (!before) return;
    const next: Ticket = { ...before, ...view };
    if (view.counterNumber === undefined && view.state !== 'called' && view.state !== 'serving') delete next.counterNumber;
    mutate(next);
    if (view.state === 'called' && before.state !== 'called') alert();
  };

  const [live, setLive] = createSignal<ReturnType<typeof createLive>>();
  const [answeredAt, setAnsweredAt] = createSignal<string>();
  createEffect(() => {
    if (ticket() && !live()) setLive(startLive());
  });
  const connected = () => live()?.connected() ?? false;
  const startLive = () =>
    createLive({
      auth: { ticketToken: props.token },
      handlers: {
        ticket: (e) => apply(e),
        'feedback:answered': (e) => setAnsweredAt(e.answeredAt),
        // A recall of this very ticket rings again.
        call: (e) => {
          const me = ticket();
          if (me && e.ticketId === me.id) {
            mutate({ ...me, state: 'called', counterNumber: e.counterNumber, position: 0 });
            alert();
          }
        },
      },
      onResync: () => void refetch(),
    });
  onCleanup(() => live()?.close());

  const enableSound = () => {
    if (unlockAudio()) setTimeout(() => setSound(audioReady()), 100);
  };
  // Any tap on the page unlocks audio too, so the chime works even without the button.
  const onFirstTap = () => {
    unlockAudio();
    setTimeout(() => setSound(audioReady()), 100);
  };
  document.addEventListener('pointerdown', onFirstTap, { once: true });
  onCleanup(() => document.removeEventListener('pointerdown', onFirstTap));

  const stateLabel = (s: string) => t(`state_${s}` as 'state_waiting');

  return (
    <div class="ticket-page">
      <header class="topbar">
        <p class="title">{ticket()?.officeName ?? ''}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <OfflineNote />
        <Show when={resource.state === 'errored'}>
          <h1>{(resource.error as ApiError)?.code === 'TICKET_NOT_FOUND' ? t('notFound') : String(resource.error?.message)}</h1>
        </Show>
        <Show when={ticket()}>
          {(tk) => {
            document.title = t('title', { n: tk().number });
            return (
              <>
                <section class={`tp-card state-${tk().state}`} aria-labelledby="tp-number-label">
                  <p class="tp-service">{tk().serviceName}</p>
                  <h1 class="tp-number-wrap">
                    <span id="tp-number-label" class="tp-label">
                      {t('yourNumber')}
                    </span>
                    <span class="tp-number">{tk().number}</span>
                  </h1>
                  <p class="tp-state" data-state={tk().state} role="status" aria-live="polite">
                    {stateLabel(tk().state)}
                    <Show when={tk().counterNumber !== undefined && ['called', 'serving', 'on_hold'].includes(tk().state)}>
                      {' · '}
                      {t('atCounter', { n: tk().counterNumber ?? '' })}
                    </Show>
                  </p>
                  <Show when={tk().state === 'waiting'}>
                    <dl class="tp-facts">
                      <div>
                        <dt>{t('ahead')}</dt>
                        <dd class="tp-ahead">{Math.max(0, tk().position - 1)}</dd>
                      </div>
                      <div>
                        <dt>{t('eta')}</dt>
                        <dd data-testid="eta">
                          {waitWords(tk(), {
                            range: (low, high) => t('range', { low, high }),
                            under: (high) => t('under', { high }),
                            point: (n) => (n > 0 ? t('minutes', { n }) : t('etaSoon')),
                          })}
                        </dd>
                      </div>
                    </dl>
                  </Show>
                  <Show when={tk().state === 'on_hold'}>
                    <p>{t('onHoldHint')}</p>
                  </Show>
                  <p class="tp-issued muted">{t('issuedAt', { time: formatTime(tk().createdAt) })}</p>
                </section>

                <Show when={['waiting', 'called', 'serving', 'on_hold'].includes(tk().state)}>
                  <p class="tp-live" classList={{ off: !connected() }}>
                    <span class="dot" aria-hidden="true" /> {connected() ? t('live') : t('offline')}
                  </p>
                  <Show when={tk().state === 'waiting'}>
                    <p class="muted">{t('keepOpen')}</p>
                    <button type="button" class="btn secondary" onClick={enableSound} aria-pressed={sound()}>
                      {sound() ? t('soundReady') : t('soundOn')}
                    </button>
                  </Show>
                </Show>

                <Show when={tk().state === 'done'}>
                  <p>{t('thanks')}</p>
                  <Suspense>
                    <Survey token={props.token} answeredAt={answeredAt()} />
                  </Suspense>
                </Show>

                <Show when={!dismissed() && tk().state === 'called'}>
                  <div class="tp-called" role="alertdialog" aria-modal="true" aria-labelledby="tp-called-text" lang={lang()}>
                    <p class="tp-called-number">{tk().number}</p>
                    <p id="tp-called-text" class="tp-called-text">
                      <Show when={tk().counterNumber !== undefined} fallback={t('goNow')}>
                        {t('goTo')} <span class="tp-called-counter">{t('counterN', { n: tk().counterNumber ?? '' })}</span>
                      </Show>
                    </p>
                    <button type="button" class="tp-called-ok" autofocus onClick={() => setDismissed(true)}>
                      {t('gotIt')}
                    </button>
                  </div>
                </Show>
              </>
            );
          }}
        </Show>
      </main>
    </div>
  );
}
