// /feedback/<token>: the sender follows their feedback: its code, state, where it is handled, the
// due date and, once given, the answer. No name and no phone: the token is all it knows. The
// answer arrives live (the `feedback` push to this token's socket); while the socket is down the
// page asks again every 30 s, and at once when the phone wakes up.
import { Show } from 'solid-js';
import type { FeedbackPublicView } from '../../server/realtime/contract';
import { followLive, loadPublic, longDateTime } from '../common/follow';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import '../city/city.css';
import './feedback.css';

const load = (token: string) => loadPublic<FeedbackPublicView>(`/api/feedback/${encodeURIComponent(token)}`);

export default function FeedbackTrackPage(props: { token: string }) {
  const { item: f, connected } = followLive(
    () => props.token,
    load,
    (createLive, apply, resync) =>
      createLive({ auth: { feedbackToken: props.token }, handlers: { feedback: apply }, onResync: resync }),
  );
  document.title = t('trackTitle');

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
                  <p class="muted">{t('answeredAt', { date: longDateTime(v().answeredAt!) })}</p>
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
                <dd>{longDateTime(v().createdAt)}</dd>
                <dt>{t('due')}</dt>
                <dd>
                  {longDateTime(v().dueAt)}
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
