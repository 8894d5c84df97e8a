// /feedback: anyone sends feedback or a proposal to a centre or the city (kênh tiếp nhận phản ánh,
// kiến nghị), then lands on its tracking page (/feedback/<token>). Below the form, the answers
// the centre chosen (or the city) has published, with the senders' consent and without their
// name or phone. `?office=<id>` chooses the centre. Plain fetch: nothing heavy on a phone.
import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate, lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import '../city/city.css';
import './feedback.css';

const categories = ['waiting', 'attitude', 'procedures', 'facilities', 'online', 'other'] as const;
type Office = { id: number; name: string };
type Answer = {
  code: string;
  category: string;
  kind: string;
  question: string;
  answer: string;
  createdAt: string;
  answeredAt: string;
};

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url, { headers: { accept: 'application/json' } });
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as T;
}

export default function FeedbackPage() {
  const initial = new URLSearchParams(location.search).get('office') ?? '';
  const [office, setOffice] = createSignal(/^\d+$/.test(initial) ? initial : '');
  const [kind, setKind] = createSignal<'feedback' | 'proposal'>('feedback');
  const [category, setCategory] = createSignal<(typeof categories)[number]>('waiting');
  const [text, setText] = createSignal('');
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [publish, setPublish] = createSignal(false);
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [offices] = createResource(() => json<Office[]>('/api/offices'));
  const [answers] = createResource(office, (o) => json<Answer[]>(`/api/feedback-answers${o ? `?office=${o}` : ''}`));
  document.title = t('title');
  const officeName = () => offices()?.find((o) => String(o.id) === office())?.name ?? t('theCity');

  async function send(e: SubmitEvent) {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      const r = await fetch('/api/feedback', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': lang() },
        body: JSON.stringify({
          officeId: office() ? Number(office()) : null,
          kind: kind(),
          category: category(),
          text: text(),
          name: name(),
          phone: phone(),
          publish: publish(),
        }),
      });
      if (r.status === 201) {
        const { token } = (await r.json()) as { token: string };
        location.assign(`/feedback/${encodeURIComponent(token)}`);
        return;
      }
      if (r.status === 429) setError(t('limited', { n: r.headers.get('retry-after') ?? '60' }));
      else {
        const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? t('failed'));
      }
    } catch {
      setError(t('failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <form class="fb-form" onSubmit={send} novalidate>
          <label for="fb-office">{t('where')}</label>
          <select id="fb-office" value={office()} onChange={(e) => setOffice(e.currentTarget.value)}>
            <option value="" selected={office() === ''}>
              {t('theCity')}
            </option>
            {/* `selected` on each option: the list arrives after the select is drawn. */}
            <For each={offices() ?? []}>
              {(o) => (
                <option value={String(o.id)} selected={office() === String(o.id)}>
                  {o.name}
                </option>
              )}
            </For>
          </select>
          <fieldset>
            <legend>{t('kind')}</legend>
            <For each={['feedback', 'proposal'] as const}>
              {(k) => (
                <label class="choice">
                  <input type="radio" name="kind" value={k} checked={kind() === k} onChange={() => setKind(k)} />
                  {t(`kind_${k}`)}
                </label>
              )}
            </For>
          </fieldset>
          <label for="fb-category">{t('category')}</label>
          <select
            id="fb-category"
            value={category()}
            onChange={(e) => setCategory(e.currentTarget.value as (typeof categories)[number])}
          >
            <For each={categories}>{(c) => <option value={c}>{t(`cat_${c}`)}</option>}</For>
          </select>
          <label for="fb-text">{t('text')}</label>
          <textarea
            id="fb-text"
            rows={6}
            maxLength={4000}
            required
            aria-describedby="fb-text-hint"
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <p id="fb-text-hint" class="hint">
            {t('textHint')}
          </p>
          <label for="fb-name">{t('name')}</label>
          <input
            id="fb-name"
            type="text"
            autocomplete="name"
            maxLength={100}
            aria-describedby="fb-contact-hint"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <label for="fb-phone">{t('phone')}</label>
          <input
            id="fb-phone"
            type="tel"
            inputMode="tel"
            autocomplete="tel"
            maxLength={20}
            aria-describedby="fb-contact-hint"
            value={phone()}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
          <p id="fb-contact-hint" class="hint">
            {t('contactHint')}
          </p>
          <label class="choice">
            <input type="checkbox" checked={publish()} onChange={(e) => setPublish(e.currentTarget.checked)} />
            {t('publish')}
          </label>
          <Show when={error()}>
            <p class="fb-alert" role="alert">
              {error()}
            </p>
          </Show>
          <button type="submit" class="btn" disabled={busy() || !text().trim()}>
            {busy() ? t('sending') : t('send')}
          </button>
        </form>
        <section aria-labelledby="fb-answers">
          <h2 id="fb-answers">{t('answers')}</h2>
          <p class="muted">{t('answersOf', { name: officeName() })}</p>
          <Show when={answers()?.length} fallback={<p>{t('noAnswers')}</p>}>
            <ul class="fb-answers">
              <For each={answers()}>
                {(a) => (
                  <li class="card">
                    <h3>
                      {t(`cat_${a.category}` as 'cat_other')} · {a.code}
                    </h3>
                    <p class="meta">
                      {t('sentOn', { date: formatDate(a.createdAt) })}, {t('answeredOn', { date: formatDate(a.answeredAt) })}
                    </p>
                    <p class="fb-text">
                      <strong>{t('question')}:</strong> {a.question}
                    </p>
                    <p class="fb-answer">
                      <strong>{t('answer')}:</strong> {a.answer}
                    </p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </main>
    </div>
  );
}
