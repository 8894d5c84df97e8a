// /feedback/<token>: the sender follows their feedback: its code, state, where it is handled, the
// due date and, once given, the answer. No name and no phone: the token is all it knows. The
// answer arrives live (the `feedback` push to this token's socket); while the socket is down the
// page asks again every 30 s, and at once when the phone wakes up.
import { createResource, createSignal, onCleanup, onMount, Show } from 'solid-js';
import type { FeedbackPublicView } from '../../server/realtime/contract';
import { lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import '../city/city.css';
import './feedback.css';

async function load(token: string): Promise<FeedbackPublicView | null> {
  const r = await fetch(`/api/feedback/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } });
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as FeedbackPublicView;
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

export default function FeedbackTrackPage(props: { token: string }) {
  const [f, { refetch, mutate }] = createResource(() => props.token, load);
  const [live, setLive] = createSignal<{ connected: () => boolean; close: () => void }>();
  const connected = () => live()?.connected() ?? false;
  document.title = t('trackTitle');
  let disposed = false;
  onMount(async () => {
    // The socket client loads after the page shows: the first paint never waits for it.
    const { createLive } = await import('../../web/live');
    if (disposed) return;
    setLive(
      createLive({
        auth: { feedbackToken: props.token },
        handlers: { feedback: (view) => mutate(view) },
        onResync: () => void refetch(),
      }),
    );
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

  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <Show when={f.state === 'ready' && f() === null}>
          <h1>{t('notFound')}</h1>
        </Show>
        <Show when={f()}>
          {(v) => (
            <>
              <h1>{t('trackTitle')}</h1>
              <p>
                {t('code')}: <strong class="fb-code">{v().code}</strong>
              </p>
              <p class={`fb-state state-${v().state}`} role="status">
                {t(`state_${v().state}`)}
              </p>
              <Show when={v().answer}>
                <section aria-labelledby="fb-the-answer">
                  <h2 id="fb-the-answer">{t('theAnswer')}</h2>
                  <p class="fb-answer">{v().answer}</p>
                  <p class="muted">{t('answeredAt', { date: when(v().answeredAt!) })}</p>
                </section>
              </Show>
              <Show when={!v().answer}>
                <p>{t('keepCode')}</p>
              </Show>
              <dl class="fb-dates">
                <dt>{t('sentTo')}</dt>
                <dd>{v().officeName ?? t('theCity')}</dd>
                <dt>{t('category')}</dt>
                <dd>
                  {t(`kind_${v().kind}`)} · {t(`cat_${v().category}`)}
                </dd>
                <dt>{t('received')}</dt>
                <dd>{when(v().createdAt)}</dd>
                <dt>{t('due')}</dt>
                <dd>
                  {when(v().dueAt)}
                  <Show when={v().late}>
                    {' '}
                    <strong class="fb-late">{t('late')}</strong>
                  </Show>
                </dd>
              </dl>
              <h2>{t('yourText')}</h2>
              <p class="fb-text">{v().text}</p>
              <Show when={v().publish}>
                <p class="muted">{t('willPublish')}</p>
              </Show>
              <p class="fb-live" classList={{ off: !connected() }}>
                <span class="dot" aria-hidden="true" /> {connected() ? t('live') : t('offline')}
              </p>
              <p>
                <a href="/feedback">{t('another')}</a>
              </p>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
