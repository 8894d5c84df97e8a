// /outreach: the upcoming outreach sessions (officers helping residents with online public
// services where they live), soonest first or nearest first (the browser's location, asked only
// when the resident taps), and a place booked like a slot: name and phone, then the booking's
// page (/o/<token>) with its code and QR. `?office=<id>` shows one centre's sessions.
import { createResource, createSignal, For, Show } from 'solid-js';
import { formatDate, formatTime, lang } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import '../city/city.css';
import '../feedback/feedback.css';

type Session = {
  id: number;
  officeName: string;
  placeName: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  startsAt: string;
  endsAt: string;
  remaining: number;
  services: { id: number; name: string }[];
};

const km = (a: { lat: number; lng: number }, s: Session) =>
  s.latitude === null || s.longitude === null
    ? Number.POSITIVE_INFINITY
    : Math.hypot((s.latitude - a.lat) * 111, (s.longitude - a.lng) * 111 * Math.cos((a.lat * Math.PI) / 180));

export default function OutreachPage() {
  const office = new URLSearchParams(location.search).get('office');
  const [sessions] = createResource(async () => {
    const r = await fetch(`/api/outreach${office && /^\d+$/.test(office) ? `?office=${office}` : ''}`);
    return (await r.json()) as Session[];
  });
  const [here, setHere] = createSignal<{ lat: number; lng: number } | null>(null);
  const [open, setOpen] = createSignal<number | null>(null);
  document.title = t('title');
  const sorted = () => {
    const list = [...(sessions() ?? [])];
    const h = here();
    return h ? list.sort((a, b) => km(h, a) - km(h, b)) : list;
  };
  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <Show when={'geolocation' in navigator && (sessions()?.length ?? 0) > 1}>
          <button
            type="button"
            class="btn secondary"
            onClick={() =>
              navigator.geolocation.getCurrentPosition((p) => setHere({ lat: p.coords.latitude, lng: p.coords.longitude }))
            }
          >
            {t('near')}
          </button>
        </Show>
        <Show when={sessions()?.length} fallback={<p>{sessions.state === 'ready' ? t('none') : '…'}</p>}>
          <ul class="fb-answers">
            <For each={sorted()}>
              {(s) => (
                <li class="card">
                  <h2>{s.placeName}</h2>
                  <p class="meta">
                    {s.address} · {s.officeName}
                  </p>
                  <p>
                    <strong>
                      {formatDate(s.startsAt)}, {formatTime(s.startsAt)}–{formatTime(s.endsAt)}
                    </strong>{' '}
                    · {s.remaining > 0 ? t('places', { n: s.remaining }) : t('full')}
                  </p>
                  <p class="meta">
                    {t('offered')}: {s.services.map((x) => x.name).join(', ')}
                  </p>
                  <Show
                    when={open() === s.id}
                    fallback={
                      <button type="button" class="btn" disabled={s.remaining === 0} onClick={() => setOpen(s.id)}>
                        {t('book')}
                      </button>
                    }
                  >
                    <BookForm session={s} />
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </main>
    </div>
  );
}

function BookForm(props: { session: Session }) {
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [serviceId, setServiceId] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const id = (x: string) => `ob-${props.session.id}-${x}`;
  async function send(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const r = await fetch(`/api/outreach/${props.session.id}/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': lang() },
        body: JSON.stringify({ name: name(), phone: phone(), serviceId: serviceId() ? Number(serviceId()) : null }),
      });
      if (r.status === 201) {
        location.assign(`/o/${encodeURIComponent(((await r.json()) as { token: string }).token)}`);
        return;
      }
      if (r.status === 429) setError(t('limited', { n: r.headers.get('retry-after') ?? '60' }));
      else
        setError(((await r.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? t('failed'));
    } catch {
      setError(t('failed'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="fb-form" onSubmit={send} novalidate>
      <label for={id('name')}>{t('name')}</label>
      <input
        id={id('name')}
        type="text"
        autocomplete="name"
        maxLength={100}
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <label for={id('phone')}>{t('phone')}</label>
      <input
        id={id('phone')}
        type="tel"
        inputMode="tel"
        autocomplete="tel"
        maxLength={20}
        value={phone()}
        onInput={(e) => setPhone(e.currentTarget.value)}
      />
      <label for={id('service')}>{t('procedure')}</label>
      <select id={id('service')} value={serviceId()} onChange={(e) => setServiceId(e.currentTarget.value)}>
        <option value="">{t('none2')}</option>
        <For each={props.session.services}>{(s) => <option value={String(s.id)}>{s.name}</option>}</For>
      </select>
      <Show when={error()}>
        <p class="fb-alert" role="alert">
          {error()}
        </p>
      </Show>
      <button type="submit" class="btn" disabled={busy() || !name().trim() || !phone().trim()}>
        {t('send')}
      </button>
    </form>
  );
}
