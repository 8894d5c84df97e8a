// The city's centres for residents (/city): every centre with its hours today, open or closed,
// people waiting and the estimated wait per procedure, live (the city's coalesced queue pushes).
// Choosing a procedure sorts the centres by its estimated wait, or by distance when the resident
// lets the browser tell where they are (computed here; no map service). Booking is one tap away;
// walk-in numbers are taken at the door. `?mode=tv` is the lobby TV's "city" mode: large type, no
// controls, every centre at once.
import { createMemo, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, unwrap } from '../../web/api';
import { lang } from '../../web/i18n';
import { createLive } from '../../web/live';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import './city.css';

type City = Awaited<ReturnType<typeof loadCity>>;
type Centre = City['offices'][number];

const loadCity = () => unwrap(api.city.$get());

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export default function CityPage() {
  const tv = new URLSearchParams(location.search).get('mode') === 'tv';
  const [city, { mutate, refetch }] = createResource(loadCity);
  const [code, setCode] = createSignal(new URLSearchParams(location.search).get('code') ?? '');
  const [sort, setSort] = createSignal<'wait' | 'distance'>('wait');
  const [here, setHere] = createSignal<{ lat: number; lon: number } | null>(null);
  const [locating, setLocating] = createSignal<'idle' | 'busy' | 'failed'>('idle');
  document.title = t('title');

  // Live: a centre's queue snapshot replaces its waits in place.
  const live = createLive({
    auth: { city: true },
    handlers: {
      'city:queue': (e) => {
        const cur = city();
        if (!cur) return;
        mutate({
          offices: cur.offices.map((o) =>
            o.id !== e.officeId
              ? o
              : {
                  ...o,
                  waiting: e.services.reduce((n, s) => n + s.waiting, 0),
                  services: o.services.map((s) => {
                    const fresh = e.services.find((x) => x.serviceId === s.id);
                    return fresh ? { ...s, waiting: fresh.waiting, etaMinutes: fresh.etaMinutes } : s;
                  }),
                },
          ),
        });
      },
    },
    onResync: () => void refetch(),
  });
  onCleanup(() => live.close());
  // Open and closed change with the clock: refetch every minute.
  const minute = setInterval(() => void refetch(), 60_000);
  onCleanup(() => clearInterval(minute));

  const procedures = createMemo(() => {
    const seen = new Map<string, string>();
    for (const o of city()?.offices ?? []) for (const s of o.services) if (!seen.has(s.code)) seen.set(s.code, s.name);
    return [...seen.entries()].map(([c, name]) => ({ code: c, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  });
  const serviceOf = (o: Centre) => (code() ? o.services.find((s) => s.code === code()) : undefined);
  const distanceOf = (o: Centre) => {
    const h = here();
    return h && o.latitude !== null && o.longitude !== null ? distanceKm(h, { lat: o.latitude, lon: o.longitude }) : null;
  };
  const sorted = createMemo(() => {
    const list = [...(city()?.offices ?? [])];
    const wait = (o: Centre) => {
      const s = serviceOf(o);
      if (code() && !s) return Number.POSITIVE_INFINITY;
      // Closed centres after open ones; then the estimate for the procedure (or people waiting).
      return (o.open ? 0 : 1e6) + (s ? s.etaMinutes : o.waiting);
    };
    if (sort() === 'distance' && here()) {
      return list.sort(
        (a, b) =>
          (code() && !serviceOf(a) ? 1 : 0) - (code() && !serviceOf(b) ? 1 : 0) ||
          (distanceOf(a) ?? 1e9) - (distanceOf(b) ?? 1e9),
      );
    }
    return list.sort((a, b) => wait(a) - wait(b) || a.id - b.id);
  });

  const byDistance = () => {
    setSort('distance');
    if (here() || !('geolocation' in navigator)) {
      if (!here()) setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setHere({ lat: p.coords.latitude, lon: p.coords.longitude });
        setLocating('idle');
      },
      () => setLocating('failed'),
      { maximumAge: 300_000, timeout: 10_000 },
    );
  };

  return (
    <div class={`city ${tv ? 'city-tv' : ''}`}>
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <span class={`live-dot ${live.connected() ? 'on' : 'off'}`} role="status">
          {live.connected() ? t('live') : t('offline')}
        </span>
        <Show when={!tv}>
          <LangSwitch />
        </Show>
      </header>
      <main class="page wide">
        <h1>{t('title')}</h1>
        <Show when={!tv}>
          <p>{t('intro')}</p>
          <div class="city-controls">
            <label>
              <span>{t('procedure')}</span>
              <select value={code()} onChange={(e) => setCode(e.currentTarget.value)}>
                <option value="">{t('anyProcedure')}</option>
                <For each={procedures()}>{(p) => <option value={p.code}>{p.name}</option>}</For>
              </select>
            </label>
            <fieldset class="city-sort">
              <legend>{t('sortBy')}</legend>
              <button type="button" class="btn secondary" aria-pressed={sort() === 'wait'} onClick={() => setSort('wait')}>
                {t('sortWait')}
              </button>
              <button type="button" class="btn secondary" aria-pressed={sort() === 'distance'} onClick={byDistance}>
                {t('sortDistance')}
              </button>
            </fieldset>
            <Show when={sort() === 'distance' && locating() !== 'idle'}>
              <p role="status">{locating() === 'busy' ? t('locating') : t('noLocation')}</p>
            </Show>
          </div>
        </Show>
        <p class="city-count">{t('centres', { n: city()?.offices.length ?? 0 })}</p>
        <ol class="centres">
          <For each={sorted()}>
            {(o) => (
              <li class="centre" data-office={o.id}>
                <h2>{o.name}</h2>
                <p class="address">{o.address}</p>
                <p class="when">
                  <strong class={o.open ? 'open' : 'closed'}>
                    {o.open ? t('open') : o.hoursToday.length ? t('closed') : t('closedToday')}
                  </strong>
                  <Show when={o.hoursToday.length}>
                    {' · '}
                    {t('hoursToday')}: {o.hoursToday.map((h) => `${clock(h.opensAt)}–${clock(h.closesAt)}`).join(', ')}
                  </Show>
                  <Show when={distanceOf(o) !== null}>
                    {' · '}
                    {t('distance', {
                      km: (distanceOf(o) ?? 0).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }),
                    })}
                  </Show>
                </p>
                <Show
                  when={code()}
                  fallback={
                    <p class="waiting">
                      {t('waiting')}: <strong>{t('people', { n: o.waiting })}</strong>
                    </p>
                  }
                >
                  <Show when={serviceOf(o)} fallback={<p class="muted">{t('notOffered')}</p>}>
                    {(s) => (
                      <p class="waiting">
                        {t('waiting')}: <strong>{t('people', { n: s().waiting })}</strong> ·{' '}
                        <strong>{t('eta', { n: s().etaMinutes })}</strong>
                      </p>
                    )}
                  </Show>
                </Show>
                <Show when={!tv && (!code() || serviceOf(o)?.bookable)}>
                  <a class="btn primary" href={`/book?office=${o.id}`}>
                    {t('book')}
                  </a>
                </Show>
              </li>
            )}
          </For>
        </ol>
        <Show when={!tv}>
          <p class="muted">{t('walkIn')}</p>
          <p>
            <a href="/open-data">{t('openData')}</a> · <a href="/feedback">{t('feedback')}</a> ·{' '}
            <a href="/outreach">{t('outreach')}</a>
          </p>
        </Show>
      </main>
    </div>
  );
}
