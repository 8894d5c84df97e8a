// /o/<token>: a resident's place at an outreach session: its code and QR (the officer's laptop
// checks it in), the place and time, an .ics file and cancelling. No name, no phone.
import { createResource, createSignal, Show } from 'solid-js';
import { formatDate, formatTime } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { QrCode } from '../common/qr-code';
import { t } from './text';
import '../city/city.css';
import '../feedback/feedback.css';

type Booking = {
  code: string;
  state: 'booked' | 'checked_in' | 'cancelled';
  session: { placeName: string; address: string; officeName: string; startsAt: string; endsAt: string };
};

async function load(token: string): Promise<Booking | null> {
  const r = await fetch(`/api/outreach-bookings/${encodeURIComponent(token)}`, { headers: { accept: 'application/json' } });
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as Booking;
}

export default function OutreachBookingPage(props: { token: string }) {
  const [b, { mutate }] = createResource(() => props.token, load);
  const [busy, setBusy] = createSignal(false);
  document.title = t('yours');
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
              <Show when={v().state === 'booked'}>
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
