// /o/<token>: a resident's place at an outreach session: its code and QR (the officer's laptop
// checks it in), the place and time, an .ics file, moving to another session and cancelling. No
// name, no phone.
import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate, formatTime, lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { QrCode } from '../common/qr-code';
import { t } from './text';
import '../city/city.css';
import '../feedback/feedback.css';

type Booking = {
  code: string;
  state: 'booked' | 'checked_in' | 'cancelled';
  session: {
    id: number;
    placeName: string;
    address: string;
    officeName: string;
    startsAt: string;
    endsAt: string;
    cancelled: boolean;
  };
};
type Session = { id: number; placeName: string; startsAt: string; remaining: number };

async function load(token: string): Promise<Booking | null> {
  const r = await fetch(`/api/outreach-bookings/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } });
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as Booking;
}

export default function OutreachBookingPage(props: { token: string }) {
  const [b, { mutate }] = createResource(() => props.token, load);
  const [busy, setBusy] = createSignal(false);
  const [moveTo, setMoveTo] = createSignal('');
  const [error, setError] = createSignal('');
  const [others] = createResource(async () => (await (await fetch('/api/outreach')).json()) as Session[]);
  document.title = t('yours');
  const move = async () => {
    setBusy(true);
    setError('');
    const r = await fetch(`/api/outreach-bookings/${encodeURIComponent(props.token)}/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': lang() },
      body: JSON.stringify({ sessionId: Number(moveTo()) }),
    });
    const body = await r.json().catch(() => null);
    if (r.ok) {
      mutate(body as Booking);
      setMoveTo('');
    } else setError((body as { error?: { message?: string } } | null)?.error?.message ?? t('failed'));
    setBusy(false);
  };
  const cancel = async () => {
    setBusy(true);
    const r = await fetch(`/api/outreach-bookings/${encodeURIComponent(props.token)}`, { method: 'DELETE' });
    if (r.ok) mutate((await r.json()) as Booking);
    setBusy(false);
  };
  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <Show when={b.state === 'ready' && b() === null}>
          <h1>{t('notFound')}</h1>
        </Show>
        <Show when={b()}>
          {(v) => (
            <>
              <h1>{t('yours')}</h1>
              <p>
                {t('code')}: <strong class="fb-code">{v().code}</strong>
              </p>
              <p class={`fb-state state-${v().state === 'checked_in' ? 'answered' : v().state}`} role="status">
                {t(`state_${v().state}`)}
              </p>
              <Show when={v().session.cancelled}>
                <p class="fb-alert" role="alert">
                  {t('sessionCancelled')}
                </p>
              </Show>
              <Show when={v().state === 'booked' && !v().session.cancelled}>
                <QrCode text={v().code} label={t('qr', { code: v().code })} />
                <p>{t('showQr')}</p>
              </Show>
              <dl class="fb-dates">
                <dt>{t('where')}</dt>
                <dd>
                  {v().session.placeName}, {v().session.address}
                </dd>
                <dt>{t('when')}</dt>
                <dd>
                  {formatDate(v().session.startsAt)}, {formatTime(v().session.startsAt)}–{formatTime(v().session.endsAt)}
                </dd>
                <dt>{t('by')}</dt>
                <dd>{v().session.officeName}</dd>
              </dl>
              <Show when={v().state === 'booked'}>
                <p>
                  <a href={`/api/outreach-bookings/${encodeURIComponent(props.token)}/calendar.ics`}>{t('ics')}</a>
                </p>
                <Show when={(others() ?? []).some((o) => o.id !== v().session.id && o.remaining > 0)}>
                  <form
                    class="fb-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void move();
                    }}
                  >
                    <label for="ob-move">{t('moveTo')}</label>
                    <select id="ob-move" value={moveTo()} onChange={(e) => setMoveTo(e.currentTarget.value)}>
                      <option value="">—</option>
                      <For each={(others() ?? []).filter((o) => o.id !== v().session.id && o.remaining > 0)}>
                        {(o) => (
                          <option value={String(o.id)}>
                            {o.placeName} · {formatDate(o.startsAt)} {formatTime(o.startsAt)}
                          </option>
                        )}
                      </For>
                    </select>
                    <Show when={error()}>
                      <p class="fb-alert" role="alert">
                        {error()}
                      </p>
                    </Show>
                    <button type="submit" class="btn secondary" disabled={busy() || !moveTo()}>
                      {t('move')}
                    </button>
                  </form>
                </Show>
                <button type="button" class="btn danger" disabled={busy()} onClick={() => void cancel()}>
                  {t('cancel')}
                </button>
              </Show>
              <p>
                <a href="/outreach">{t('back')}</a>
              </p>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
