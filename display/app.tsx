// The lobby TV: who is called to which counter (large, for 10 m away), earlier calls, the
// waiting line per service, office name, date and clock, the ticker and the sound controls.
// Components only render the state made in state.ts.
import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import type { CallEvent } from '../server/realtime/contract';
import { formatDate, formatTime } from '../web/i18n';
import type { DisplayState, ServiceRow } from './state';
import { t } from './text';

export function App(props: { state: DisplayState }) {
  const s = props.state;
  return (
    <div class="display" data-live={s.connected() ? 'connected' : 'connecting'}>
      <Header state={s} />
      <main class="board">
        <section class="calling" aria-labelledby="calling-title">
          <h2 id="calling-title" class="section-title">
            {t('nowCalling')}
          </h2>
          <Show when={s.loaded()} fallback={<p class="empty">{s.problem() ? t('officeMissing') : t('loading')}</p>}>
            <Show when={s.current().length > 0} fallback={<p class="empty">{t('noCalls')}</p>}>
              <ol class="current" aria-live="polite">
                <For each={s.current()}>{(c) => <CurrentCall call={c} fresh={s.freshness(c.eventId)} />}</For>
              </ol>
            </Show>
            <Show when={s.earlier().length > 0}>
              <h2 class="section-title small">{t('earlier')}</h2>
              <ol class="earlier">
                <For each={s.earlier()}>{(c) => <EarlierCall call={c} />}</For>
              </ol>
            </Show>
          </Show>
        </section>
        <section class="waiting" aria-labelledby="waiting-title">
          <Waiting services={s.services()} now={s.now()} />
        </section>
      </main>
      <footer class="bottom">
        <p class="ticker">{s.office()?.ticker ?? ''}</p>
        <SoundControls state={s} />
      </footer>
    </div>
  );
}

function Header(props: { state: DisplayState }) {
  const s = props.state;
  return (
    <header class="top">
      <div class="office">
        <h1 class="office-name">{s.office()?.name ?? t('title')}</h1>
        <Show when={s.params.counters}>{(list) => <p class="zone">{t('zone', { list: list().join(', ') })}</p>}</Show>
      </div>
      <Show when={!s.online()}>
        <p class="offline" role="status">
          <span class="dot" aria-hidden="true" />
          {t('offline')}
        </p>
      </Show>
      <div class="when">
        <p class="clock">
          <time dateTime={new Date(s.officeNow()).toISOString()}>{formatTime(s.officeNow(), s.timeZone())}</time>
        </p>
        <p class="date">{formatDate(s.officeNow(), s.timeZone())}</p>
      </div>
    </header>
  );
}

function CurrentCall(props: { call: CallEvent; fresh: 'newest' | 'recent' | null }) {
  return (
    <li
      class="call"
      classList={{ fresh: props.fresh === 'newest', recent: props.fresh === 'recent' }}
      data-number={props.call.number}
    >
      <span class="num">{props.call.number}</span>
      <span class="arrow" aria-hidden="true">
        →
      </span>
      <span class="ctr">
        <span class="ctr-label">{t('counter')}</span> <span class="ctr-num">{props.call.counterNumber}</span>
      </span>
      <Show when={props.call.recall}>
        <span class="recall">{t('recall')}</span>
      </Show>
    </li>
  );
}

function EarlierCall(props: { call: CallEvent }) {
  return (
    <li class="chip" data-number={props.call.number}>
      <span class="chip-num">{props.call.number}</span>
      <span class="chip-ctr">{t('counterN', { n: props.call.counterNumber })}</span>
    </li>
  );
}

/** Seconds each page of the waiting list stays up when the services do not fit at once. */
const PAGE_SECONDS = 8;

/**
 * The waiting line per service, at a size readable from afar: as many rows as fit, and when
 * an office has more services than that, the list turns pages by itself.
 */
function Waiting(props: { services: ServiceRow[]; now: number }) {
  let box!: HTMLDivElement;
  const [perPage, setPerPage] = createSignal(Number.POSITIVE_INFINITY);
  const measure = () => {
    const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const row = box.querySelector('tbody tr')?.getBoundingClientRect().height;
    if (row) setPerPage(Math.max(1, Math.floor((box.clientHeight - head) / row)));
  };
  onMount(() => {
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    onCleanup(() => observer.disconnect());
  });
  // Rows appear after the first load: measure once they are in the page.
  createEffect(
    on(
      () => props.services.length > 0,
      (some) => some && queueMicrotask(measure),
    ),
  );
  const pages = () => (props.services.length === 0 ? 1 : Math.ceil(props.services.length / perPage()));
  const page = () => Math.floor(props.now / (PAGE_SECONDS * 1000)) % pages();
  const rows = () => {
    if (!Number.isFinite(perPage())) return props.services;
    // Pages of even length: 14 services on 11 rows show 7 and 7, not 11 and 3.
    const n = Math.ceil(props.services.length / pages());
    return props.services.slice(page() * n, page() * n + n);
  };
  return (
    <>
      <h2 id="waiting-title" class="section-title">
        {t('waitingTitle')}
        <Show when={pages() > 1}>
          <span class="page-of"> {t('pageOf', { page: page() + 1, pages: pages() })}</span>
        </Show>
      </h2>
      <div class="services-box" ref={box}>
        <table class="services">
          <thead>
            <tr>
              <th scope="col">{t('serviceCol')}</th>
              <th scope="col" class="n">
                {t('waitingCol')}
              </th>
              <th scope="col" class="n">
                {t('etaCol')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(svc) => (
                <tr classList={{ idle: svc.waiting === 0 }}>
                  <th scope="row">
                    <span class="prefix" aria-hidden="true">
                      {svc.prefix}
                    </span>
                    <span class="svc-name">{svc.name}</span>
                  </th>
                  <td class="n count">{t('people', { n: svc.waiting })}</td>
                  <td class="n eta">
                    <Show when={svc.waiting > 0} fallback={<span title={t('noWait')}>—</span>}>
                      {svc.etaLowMinutes !== undefined && svc.etaHighMinutes !== undefined
                        ? t('range', { low: svc.etaLowMinutes, high: svc.etaHighMinutes })
                        : t('minutes', { n: svc.etaMinutes })}
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

function SoundControls(props: { state: DisplayState }) {
  const s = props.state;
  return (
    <div class="sound">
      <Show when={s.audioState() === 'suspended'}>
        <button type="button" class="enable-audio" onClick={() => void s.enableAudio()} title={t('audioBlocked')}>
          <SpeakerIcon muted={false} />
          {t('enableAudio')}
        </button>
      </Show>
      <button
        type="button"
        class="mute"
        aria-pressed={s.muted()}
        aria-label={s.muted() ? t('unmute') : t('mute')}
        onClick={() => s.setMuted(!s.muted())}
      >
        <SpeakerIcon muted={s.muted()} />
      </button>
      <input
        type="range"
        class="volume"
        min="0"
        max="100"
        step="5"
        aria-label={t('volume')}
        value={Math.round(s.volume() * 100)}
        onInput={(e) => s.setVolume(Number(e.currentTarget.value) / 100)}
      />
    </div>
  );
}

function SpeakerIcon(props: { muted: boolean }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
      <Show
        when={props.muted}
        fallback={<path d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" />}
      >
        <path d="M16 9l6 6M22 9l-6 6" stroke="currentColor" stroke-width="2" />
      </Show>
    </svg>
  );
}
