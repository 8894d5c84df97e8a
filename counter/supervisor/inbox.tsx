// The feedback inbox: residents' "not satisfied" answers and comments, newest first; a
// supervisor answers (the resident reads it on the ticket page) and then closes the item.
import { createResource, createSignal, For, type JSX, Show } from 'solid-js';
import { levelLabel } from '../../booking/survey/faces';
import { api, unwrap } from '../../web/api';
import { formatDate, formatTime, lang } from '../../web/i18n';
import { t } from './text';

type Filter = 'open' | 'new' | 'answered' | 'closed' | 'all';
const filters: Filter[] = ['open', 'new', 'answered', 'closed', 'all'];

const load = (q: { officeId: number; state: Filter }) =>
  unwrap(api.offices[':officeId'].feedback.$get({ param: { officeId: String(q.officeId) }, query: { state: q.state } }));
type Item = Awaited<ReturnType<typeof load>>[number];

export default function Inbox(props: { officeId: number }): JSX.Element {
  const [filter, setFilter] = createSignal<Filter>('open');
  const [items, { refetch }] = createResource(() => ({ officeId: props.officeId, state: filter() }), load);
  return (
    <>
      <h2 class="visually-hidden">{t('inbox')}</h2>
      <fieldset class="sup-filter">
        <legend>{t('filter')}</legend>
        <For each={filters}>
          {(f) => (
            <label classList={{ chosen: filter() === f }}>
              <input type="radio" name="inbox-filter" value={f} checked={filter() === f} onChange={() => setFilter(f)} />
              {t(`f_${f}`)}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={items()} fallback={<p>{t('loading')}</p>}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p>{t('emptyInbox')}</p>}>
            <ul class="sup-inbox">
              <For each={list()}>{(item) => <FeedbackItem item={item} onChange={() => void refetch()} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </>
  );
}

function FeedbackItem(props: { item: Item; onChange: () => void }): JSX.Element {
  const [answer, setAnswer] = createSignal(props.item.answer ?? '');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const id = () => `fb-${props.item.id}`;
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await fn();
      props.onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const param = () => ({ feedbackId: String(props.item.id) });
  const i = () => props.item;
  const stateLabel = () =>
    i().state === 'new' ? t('stateNew') : i().state === 'answered' ? t('stateAnswered') : t('stateClosed');
  return (
    <li class={`sup-fb ${i().state}`} aria-labelledby={`${id()}-title`}>
      <div class="sup-fb-head">
        <h3 id={`${id()}-title`}>
          {levelLabel(i().level, i().scale, lang())}{' '}
          <span class="sup-muted">
            ({i().level}/{i().scale})
          </span>
        </h3>
        <span class={`sup-badge ${i().state}`}>{stateLabel()}</span>
      </div>
      <p class="sup-muted">
        {t('visit', {
          number: i().ticketNumber,
          service: i().serviceName,
          counter: i().counterNumber ?? '—',
          wait: i().waitMinutes,
        })}{' '}
        · {t(`channel_${i().channel === 'pad' ? 'pad' : 'phone'}`)} · {formatDate(i().createdAt)} {formatTime(i().createdAt)}
        <Show when={i().officerName}> · {i().officerName}</Show>
      </p>
      <p class="sup-fb-comment">{i().comment ?? t('noComment')}</p>
      <Show when={i().state === 'closed' || (i().state === 'answered' && i().answer)}>
        <p class="sup-fb-answer">
          <strong>{t('answered', { time: i().answeredAt ? formatTime(i().answeredAt!) : '' })}</strong> {i().answer}
        </p>
      </Show>
      <Show when={i().state !== 'closed'}>
        <form
          class="sup-fb-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => unwrap(api.feedback[':feedbackId'].answer.$post({ param: param(), json: { answer: answer() } })));
          }}
        >
          <label for={`${id()}-answer`}>{t('answerLabel')}</label>
          <textarea
            id={`${id()}-answer`}
            rows={2}
            maxLength={2000}
            value={answer()}
            onInput={(e) => setAnswer(e.currentTarget.value)}
          />
          <div class="sup-fb-actions">
            <button type="submit" class="sup-btn" disabled={busy() || !answer().trim()}>
              {t('sendAnswer')}
            </button>
            <Show when={i().state === 'answered'}>
              <button
                type="button"
                class="sup-btn quiet"
                disabled={busy()}
                onClick={() => void act(() => unwrap(api.feedback[':feedbackId'].close.$post({ param: param() })))}
              >
                {t('close')}
              </button>
            </Show>
          </div>
          <Show when={error()}>
            <p role="alert" class="sup-error">
              {error()}
            </p>
          </Show>
        </form>
      </Show>
    </li>
  );
}
