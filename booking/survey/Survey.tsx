// The phone survey on a finished ticket's live page (/t/<token>): the visit as measured, the
// overall level, the five SIPAS factors on the same scale, the trips this procedure took and an
// optional comment; once answered, the thanks and the office's answer to any feedback. Loaded
// as its own chunk, so the booking pages do not carry it.
import { createEffect, createResource, createSignal, For, type JSX, on, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../web/api';
import { createT, lang } from '../../web/i18n';
import { Face, faceColour, levelLabel, levelsOf } from './faces';
import './survey.css';

const t = createT({
  visit: {
    vi: 'Bạn đã chờ {wait} phút, được phục vụ trong {service} phút tại quầy {counter}.',
    en: 'You waited {wait} min and were served in {service} min at counter {counter}.',
  },
  visitNoCounter: {
    vi: 'Bạn đã chờ {wait} phút, được phục vụ trong {service} phút.',
    en: 'You waited {wait} min and were served in {service} min.',
  },
  title: { vi: 'Đánh giá mức độ hài lòng', en: 'How satisfied are you?' },
  overall: {
    vi: 'Nhìn chung, bạn hài lòng với lần giải quyết thủ tục này thế nào?',
    en: 'Overall, how satisfied are you with this visit?',
  },
  factorsTitle: { vi: 'Đánh giá chi tiết (không bắt buộc)', en: 'In detail (optional)' },
  access: { vi: 'Tiếp cận dịch vụ', en: 'Access to the service' },
  procedure: { vi: 'Thủ tục hành chính', en: 'The procedure' },
  officials: { vi: 'Công chức giải quyết', en: 'The officials' },
  result: { vi: 'Kết quả giải quyết', en: 'The result' },
  feedback: { vi: 'Tiếp nhận và xử lý phản ánh, kiến nghị', en: 'Handling of feedback' },
  trips: {
    vi: 'Bạn đã phải đi lại bao nhiêu lần cho thủ tục này (trước lần này)?',
    en: 'How many earlier trips did this procedure take?',
  },
  trips0: { vi: 'Không lần nào', en: 'None' },
  trips1: { vi: '1 lần', en: 'Once' },
  trips2: { vi: '2 lần trở lên', en: 'Twice or more' },
  comment: { vi: 'Góp ý của bạn (không bắt buộc)', en: 'Your comments (optional)' },
  commentHint: {
    vi: 'Góp ý sẽ được chuyển tới lãnh đạo Trung tâm và được trả lời tại trang này.',
    en: 'Comments go to the centre’s management and are answered on this page.',
  },
  send: { vi: 'Gửi đánh giá', en: 'Send' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  pickLevel: { vi: 'Vui lòng chọn mức hài lòng chung.', en: 'Please choose an overall level.' },
  thanks: { vi: 'Cảm ơn bạn đã đánh giá!', en: 'Thank you for your rating!' },
  yourRating: { vi: 'Bạn đã đánh giá: {label}.', en: 'Your rating: {label}.' },
  yourComment: { vi: 'Góp ý của bạn:', en: 'Your comment:' },
  answer: { vi: 'Trả lời của Trung tâm:', en: 'The centre’s answer:' },
  pending: {
    vi: 'Góp ý của bạn đã được chuyển tới bộ phận phụ trách và sẽ được trả lời tại đây.',
    en: 'Your feedback has been passed on and will be answered here.',
  },
});

const factors = ['access', 'procedure', 'officials', 'result', 'feedback'] as const;
type Factor = (typeof factors)[number];

const load = (token: string) => unwrap(api.tickets[':token'].survey.$get({ param: { token } }));
type View = Awaited<ReturnType<typeof load>>;

/** A row of levels as radio buttons: face + label, most satisfied first. */
function LevelPicker(props: {
  name: string;
  legend: string;
  scale: number;
  value: number | undefined;
  onChange: (level: number) => void;
  compact?: boolean;
}): JSX.Element {
  return (
    <fieldset class="sv-levels" classList={{ compact: props.compact }}>
      <legend>{props.legend}</legend>
      <div class="sv-level-row">
        <For each={levelsOf(props.scale)}>
          {(level) => (
            <label
              class="sv-level"
              classList={{ chosen: props.value === level }}
              style={{ '--c': faceColour(level, props.scale) }}
            >
              <input
                type="radio"
                name={props.name}
                value={level}
                checked={props.value === level}
                onChange={() => props.onChange(level)}
              />
              <Face level={level} scale={props.scale} size={props.compact ? 32 : 44} />
              <span>{levelLabel(level, props.scale, lang())}</span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}

/** `answeredAt` changes when the centre answers this ticket's feedback (a pushed event): read again. */
export default function Survey(props: { token: string; answeredAt?: string }): JSX.Element {
  const [view, { refetch }] = createResource(() => props.token, load);
  createEffect(
    on(
      () => props.answeredAt,
      (at) => {
        if (at) void refetch();
      },
      { defer: true },
    ),
  );
  const [level, setLevel] = createSignal<number>();
  const [scores, setScores] = createSignal<Partial<Record<Factor, number>>>({});
  const [trips, setTrips] = createSignal<0 | 1 | 2>();
  const [comment, setComment] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (level() === undefined) {
      setError(t('pickLevel'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const answers = { factors: scores(), ...(trips() !== undefined ? { trips: trips() } : {}) };
      await unwrap(
        api.tickets[':token'].rating.$post({
          param: { token: props.token },
          json: { level: level()!, answers, comment: comment().trim() || null },
        }),
      );
      await refetch();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ALREADY_RATED') await refetch();
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const visitText = (v: NonNullable<View['visit']>) =>
    v.counterNumber !== null
      ? t('visit', { wait: v.waitMinutes, service: v.serviceMinutes, counter: v.counterNumber })
      : t('visitNoCounter', { wait: v.waitMinutes, service: v.serviceMinutes });

  return (
    <Show when={view()?.visit ? view() : undefined}>
      {(v) => (
        <section class="sv" aria-labelledby="sv-title" lang={lang()}>
          <p class="sv-visit">{visitText(v().visit!)}</p>
          <Show
            when={v().rating}
            fallback={
              <form class="sv-form" onSubmit={submit} novalidate>
                <h2 id="sv-title">{t('title')}</h2>
                <LevelPicker name="sv-overall" legend={t('overall')} scale={v().scale} value={level()} onChange={setLevel} />
                <h3>{t('factorsTitle')}</h3>
                <For each={factors}>
                  {(f) => (
                    <LevelPicker
                      name={`sv-${f}`}
                      legend={t(f)}
                      scale={v().scale}
                      value={scores()[f]}
                      onChange={(n) => setScores({ ...scores(), [f]: n })}
                      compact
                    />
                  )}
                </For>
                <fieldset class="sv-trips">
                  <legend>{t('trips')}</legend>
                  <For each={[0, 1, 2] as const}>
                    {(n) => (
                      <label>
                        <input type="radio" name="sv-trips" value={n} checked={trips() === n} onChange={() => setTrips(n)} />
                        {t(`trips${n}`)}
                      </label>
                    )}
                  </For>
                </fieldset>
                <label class="sv-comment">
                  <span>{t('comment')}</span>
                  <textarea
                    rows={3}
                    maxLength={2000}
                    value={comment()}
                    onInput={(e) => setComment(e.currentTarget.value)}
                    aria-describedby="sv-comment-hint"
                  />
                </label>
                <p id="sv-comment-hint" class="sv-hint">
                  {t('commentHint')}
                </p>
                <Show when={error()}>
                  <p class="sv-error" role="alert">
                    {error()}
                  </p>
                </Show>
                <button type="submit" class="sv-send" disabled={busy()}>
                  {busy() ? t('sending') : t('send')}
                </button>
              </form>
            }
          >
            {(r) => (
              <div class="sv-done" role="status">
                <h2 id="sv-title">{t('thanks')}</h2>
                <p class="sv-mine">
                  <Face level={r().level} scale={r().scale} size={36} />
                  <span>{t('yourRating', { label: levelLabel(r().level, r().scale, lang()) })}</span>
                </p>
                <Show when={r().comment}>
                  <p>
                    <strong>{t('yourComment')}</strong> {r().comment}
                  </p>
                </Show>
                <Show when={r().feedback}>
                  {(f) => (
                    <Show when={f().answer} fallback={<p class="sv-hint">{t('pending')}</p>}>
                      <div class="sv-answer">
                        <strong>{t('answer')}</strong>
                        <p>{f().answer}</p>
                      </div>
                    </Show>
                  )}
                </Show>
              </div>
            )}
          </Show>
        </section>
      )}
    </Show>
  );
}
