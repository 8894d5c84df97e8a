// The rating pad (/counter/pad?counter=N): a tablet facing the resident at one counter. Idle it
// shows the office's name; when its counter finishes a ticket it shows the number and the
// office's scale, thanks the resident after a tap, and goes back to idle (unrated after a
// minute).
//
// How it learns of a finish: it polls GET /api/pad/current every 2 s. A socket would not do
// better here: "finish" publishes no event a non-staff socket receives (the `counter` event is
// for staff sessions only, and the `queue` snapshot does not change on a finish), and the
// server is the one judge of "just finished here, not rated, within a minute" anyway. One
// indexed query every 2 s per pad is nothing for the server.
import { createSignal, For, type JSX, onCleanup, onMount, Show } from 'solid-js';
import { Face, faceColour, levelLabel, levelsOf } from '../../booking/survey/faces';
import { ApiError, api, unwrap } from '../../web/api';
import { createT, lang, setLang } from '../../web/i18n';
import './pad.css';

const t = createT({
  title: { vi: 'Đánh giá mức độ hài lòng', en: 'Rate our service' },
  welcome: { vi: 'Xin kính chào quý khách', en: 'Welcome' },
  counter: { vi: 'Quầy {n}', en: 'Counter {n}' },
  idleHint: {
    vi: 'Sau khi được phục vụ, quý khách vui lòng đánh giá tại đây.',
    en: 'After your service, please rate it here.',
  },
  ticket: { vi: 'Số {number}', en: 'Number {number}' },
  question: { vi: 'Quý khách hài lòng với việc phục vụ như thế nào?', en: 'How satisfied are you with the service?' },
  thanks: { vi: 'Cảm ơn quý khách!', en: 'Thank you!' },
  thanksHint: { vi: 'Ý kiến của quý khách giúp chúng tôi phục vụ tốt hơn.', en: 'Your opinion helps us serve you better.' },
  unpaired: { vi: 'Thiết bị chưa được ghép nối với quầy', en: 'This tablet is not paired with a counter' },
  unpairedHint: {
    vi: 'Mở liên kết ghép nối do quản trị viên cấp trên thiết bị này.',
    en: 'Open the pairing link from the administrator on this tablet.',
  },
  offline: { vi: 'Mất kết nối tới máy chủ, đang thử lại…', en: 'No connection to the server, retrying…' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  languageLabel: { vi: 'Chuyển sang tiếng Anh', en: 'Switch to Vietnamese' },
});

const POLL_MS = 2000;
const THANKS_MS = 4000;
/** The pad gives up on an unrated ticket after this long, whatever the server says. */
const SHOW_MAX_MS = 60_000;

const fetchState = () => unwrap(api.pad.current.$get());
type PadState = Awaited<ReturnType<typeof fetchState>>;

export default function PadApp(): JSX.Element {
  const [state, setState] = createSignal<PadState>();
  const [problem, setProblem] = createSignal<'unpaired' | 'offline' | null>(null);
  const [thanked, setThanked] = createSignal(false);
  const [sending, setSending] = createSignal(false);
  /** Tickets the pad is done with (rated, or shown for a minute): never shown again. */
  const done = new Set<number>();
  const firstSeen = new Map<number, number>();
  let thanksTimer: ReturnType<typeof setTimeout> | undefined;

  const current = () => {
    const tk = state()?.ticket;
    return tk && !done.has(tk.id) && !thanked() ? tk : null;
  };

  const poll = async () => {
    try {
      const s = await fetchState();
      setProblem(null);
      const tk = s.ticket;
      if (tk) {
        const seen = firstSeen.get(tk.id) ?? Date.now();
        firstSeen.set(tk.id, seen);
        if (Date.now() - seen > SHOW_MAX_MS) done.add(tk.id);
      }
      setState(s);
    } catch (e) {
      setProblem(e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'unpaired' : 'offline');
    }
  };

  const rate = async (level: number) => {
    const tk = current();
    if (!tk || sending()) return;
    setSending(true);
    try {
      await unwrap(api.pad.rating.$post({ json: { ticketId: tk.id, level } }));
    } catch {
      // Already rated, or the minute has passed: either way, nothing more to ask.
    } finally {
      setSending(false);
    }
    done.add(tk.id);
    setThanked(true);
    clearTimeout(thanksTimer);
    thanksTimer = setTimeout(() => setThanked(false), THANKS_MS);
  };

  onMount(() => {
    document.title = t('title');
    void poll();
    const timer = setInterval(poll, POLL_MS);
    onCleanup(() => {
      clearInterval(timer);
      clearTimeout(thanksTimer);
    });
  });

  return (
    <main class="pad" lang={lang()}>
      <button
        type="button"
        class="pad-lang"
        lang={lang() === 'vi' ? 'en' : 'vi'}
        onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
      >
        {t('language')}
      </button>
      <Show when={problem() === 'unpaired'}>
        <section class="pad-idle">
          <h1>{t('unpaired')}</h1>
          <p>{t('unpairedHint')}</p>
        </section>
      </Show>
      <Show when={problem() === 'offline'}>
        <p class="pad-offline" role="status">
          {t('offline')}
        </p>
      </Show>
      <Show when={problem() !== 'unpaired' && state()}>
        {(s) => (
          <Show
            when={!thanked()}
            fallback={
              <section class="pad-thanks" role="status">
                <h1>{t('thanks')}</h1>
                <p>{t('thanksHint')}</p>
              </section>
            }
          >
            <Show
              when={current()}
              fallback={
                <section class="pad-idle">
                  <p class="pad-welcome">{t('welcome')}</p>
                  <h1>{s().office.name}</h1>
                  <p class="pad-counter">{t('counter', { n: s().counter.number })}</p>
                  <p class="pad-hint">{t('idleHint')}</p>
                </section>
              }
            >
              {(tk) => (
                <section class="pad-ask" aria-labelledby="pad-question">
                  <p class="pad-number">{t('ticket', { number: tk().number })}</p>
                  <h1 id="pad-question">{t('question')}</h1>
                  <div class="pad-faces" style={{ '--n': s().scale }}>
                    <For each={levelsOf(s().scale)}>
                      {(level) => (
                        <button
                          type="button"
                          class="pad-face"
                          style={{ '--c': faceColour(level, s().scale) }}
                          disabled={sending()}
                          onClick={() => rate(level)}
                        >
                          <Face level={level} scale={s().scale} size={96} />
                          <span>{levelLabel(level, s().scale, lang())}</span>
                        </button>
                      )}
                    </For>
                  </div>
                </section>
              )}
            </Show>
          </Show>
        )}
      </Show>
    </main>
  );
}
