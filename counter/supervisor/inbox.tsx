// The feedback inbox, one for everything residents say: what they send through /feedback and the
// "not satisfied" ratings with their comments. Late first, then newest. A supervisor takes an
// item, answers it (the sender reads the answer on their tracking page or ticket page) and closes
// it; an item meant for another centre is handed there. The city's inbox (a city leader) holds
// the items sent to no centre and every centre's late ones. New items arrive live.
import { createResource, createSignal, For, type JSX, onCleanup, onMount, Show } from 'solid-js';
import { levelLabel } from '../../booking/survey/faces';
import { api, unwrap } from '../../web/api';
import { formatDate, formatTime, lang } from '../../web/i18n';
import { t } from './text';

type Filter = 'open' | 'new' | 'assigned' | 'answered' | 'closed' | 'all';
const filters: Filter[] = ['open', 'new', 'assigned', 'answered', 'closed', 'all'];

/** A centre's inbox, or the city's (officeId null). */
const load = (q: { officeId: number | null; state: Filter }) =>
  q.officeId === null
    ? unwrap(api.city.feedback.$get({ query: { state: q.state } }))
    : unwrap(api.offices[':officeId'].feedback.$get({ param: { officeId: String(q.officeId) }, query: { state: q.state } }));
type Item = Awaited<ReturnType<typeof load>>[number];
type Office = { id: number; name: string };

export default function Inbox(props: { officeId: number | null }): JSX.Element {
  const [filter, setFilter] = createSignal<Filter>('open');
  const [items, { refetch }] = createResource(() => ({ officeId: props.officeId, state: filter() }), load);
  const [offices] = createResource(() => unwrap(api.offices.$get()) as Promise<Office[]>);
  // New items and changes arrive as `feedback:changed` on the centre's staff socket; the city's
  // inbox reads again every minute.
  onMount(async () => {
    if (props.officeId === null) {
      const timer = setInterval(() => void refetch(), 60_000);
      onCleanup(() => clearInterval(timer));
      return;
    }
    const { createLive } = await import('../../web/live');
    const live = createLive({
      auth: { officeId: props.officeId },
      handlers: { 'feedback:changed': () => void refetch() },
      onResync: () => void refetch(),
    });
    onCleanup(() => live.close());
  });
  return (
    <>
      <h2 class="visually-hidden">{props.officeId === null ? t('cityInbox') : t('inbox')}</h2>
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
              <For each={list()}>
                {(item) => <FeedbackItem item={item} offices={offices() ?? []} onChange={() => void refetch()} />}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </>
  );
}

function FeedbackItem(props: { item: Item; offices: Office[]; onChange: () => void }): JSX.Element {
  const [answer, setAnswer] = createSignal(props.item.answer ?? '');
  const [moveTo, setMoveTo] = createSignal('');
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
  const open = () => i().state === 'new' || i().state === 'assigned';
  const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso)}`;
  return (
    <li class={`sup-fb ${i().state}`} classList={{ late: i().late }} aria-labelledby={`${id()}-title`}>
      <div class="sup-fb-head">
        <h3 id={`${id()}-title`}>
          <Show
            when={i().source === 'rating' && i().level !== null}
            fallback={
              <>
                {t(`cat_${i().category}`)} <span class="sup-muted">· {i().code}</span>
              </>
            }
          >
            {levelLabel(i().level!, i().scale!, lang())}{' '}
            <span class="sup-muted">
              ({i().level}/{i().scale})
            </span>
          </Show>
        </h3>
        <span class={`sup-badge ${i().state}`}>{t(`state_${i().state}`)}</span>
        <Show when={i().late}>
          <span class="sup-badge late">{t('late')}</span>
        </Show>
        <Show when={i().escalatedAt}>
          <span class="sup-badge escalated">{t('escalated')}</span>
        </Show>
      </div>
      <p class="sup-muted">
        <Show
          when={i().source === 'rating'}
          fallback={
            <>
              {i().kind === 'proposal' ? t('proposal') : t('feedbackKind')} · {i().officeName ?? t('theCity')}
              <Show when={i().senderName}> · {i().senderName}</Show>
              <Show when={i().senderPhone}> · {i().senderPhone}</Show>
              <Show when={i().publish}> · {t('mayPublish')}</Show>
            </>
          }
        >
          {t('visit', {
            number: i().ticketNumber ?? '—',
            service: i().serviceName ?? '—',
            counter: i().counterNumber ?? '—',
            wait: i().waitMinutes ?? 0,
          })}{' '}
          · {t(`channel_${i().channel === 'pad' ? 'pad' : 'phone'}`)}
          <Show when={i().officerName}> · {i().officerName}</Show>
        </Show>{' '}
        · {when(i().createdAt)}
        <Show when={i().dueAt}> · {t('dueBy', { time: when(i().dueAt!) })}</Show>
        <Show when={i().assignedTo}> · {t('handledBy', { name: i().assignedTo!.name })}</Show>
      </p>
      <p class="sup-fb-comment">{i().text ?? t('noComment')}</p>
      <Show when={i().answer}>
        <p class="sup-fb-answer">
          <strong>{t('answered', { time: i().answeredAt ? when(i().answeredAt!) : '' })}</strong> {i().answer}
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
            <Show when={i().state === 'new'}>
              <button
                type="button"
                class="sup-btn quiet"
                disabled={busy()}
                onClick={() => void act(() => unwrap(api.feedback[':feedbackId'].assign.$post({ param: param(), json: {} })))}
              >
                {t('take')}
              </button>
            </Show>
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
          <Show when={open() && i().source === 'channel'}>
            <div class="sup-fb-actions">
              <label for={`${id()}-move`}>{t('moveTo')}</label>
              <select id={`${id()}-move`} value={moveTo()} onChange={(e) => setMoveTo(e.currentTarget.value)}>
                <option value="">—</option>
                <For each={props.offices.filter((o) => o.id !== i().officeId)}>
                  {(o) => <option value={String(o.id)}>{o.name}</option>}
                </For>
                <Show when={i().officeId !== null}>
                  <option value="city">{t('theCity')}</option>
                </Show>
              </select>
              <button
                type="button"
                class="sup-btn quiet"
                disabled={busy() || !moveTo()}
                onClick={() =>
                  void act(() =>
                    unwrap(
                      api.feedback[':feedbackId'].reassign.$post({
                        param: param(),
                        json: { officeId: moveTo() === 'city' ? null : Number(moveTo()) },
                      }),
                    ),
                  )
                }
              >
                {t('move')}
              </button>
            </div>
          </Show>
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
