// The lobby display's state, created once: it loads the office, its services and the latest
// calls, then stays live over web/live.ts, announces each new call and recall through the
// voice queue, and keeps everything bounded so the TV can run all day.
import { batch, createMemo, createSignal, onCleanup } from 'solid-js';
import type { CallEvent, QueueEvent } from '../server/realtime/contract';
import { ApiError, api, unwrap } from '../web/api';
import { createLive } from '../web/live';
import { screenOffice } from '../web/office';
import { createVoice } from '../web/voice/player';
import { type Announcer, createAnnouncer } from '../web/voice/queue';
import { announcement } from '../web/voice/sentence';
import { addCall, currentCalls, earlierCalls, inZone, KEPT_CALLS, todays, worthAnnouncing } from './calls';

/** How long a new call stays highlighted. */
export const HIGHLIGHT_MS = 10_000;
const RETRY_MS = 3_000;
/** How long after connecting the page waits for the server's replay to end. */
const CATCH_UP_MS = 2_000;

export interface DisplayParams {
  counters: number[] | null;
}

export interface ServiceRow {
  id: number;
  name: string;
  prefix: string;
  waiting: number;
  etaMinutes: number;
  /** The range the estimate is shown as ("khoảng 15–25 phút"), when the server gives one. */
  etaLowMinutes?: number;
  etaHighMinutes?: number;
}

export interface OfficeInfo {
  id: number;
  name: string;
  ticker: string;
  timezone: string;
}

declare global {
  interface Window {
    /** Test hook: the announcement log (see web/voice/queue.ts). */
    __announcer?: { log: Announcer['log']; pending: () => number };
  }
}

const stored = (key: string, fallback: string): string => {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
};
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode */
  }
};

export function createDisplay(params: DisplayParams) {
  const [office, setOffice] = createSignal<OfficeInfo | null>(null);
  const [problem, setProblem] = createSignal<'office_missing' | null>(null);
  const [calls, setCalls] = createSignal<CallEvent[]>([]);
  const [services, setServices] = createSignal<ServiceRow[]>([]);
  const [highlight, setHighlight] = createSignal<ReadonlyMap<number, number>>(new Map());
  const [now, setNow] = createSignal(Date.now());
  // Lost once a connection attempt failed or dropped; not while the page is first connecting.
  const [lost, setLost] = createSignal(false);
  const [connected, setConnected] = createSignal(false);
  const [loadFailed, setLoadFailed] = createSignal(false);
  const [volume, setVolumeSignal] = createSignal(Math.min(1, Math.max(0, Number(stored('display.volume', '1')) || 0)));
  const [muted, setMutedSignal] = createSignal(stored('display.muted', '0') === '1');
  const [audioState, setAudioState] = createSignal<AudioContextState | 'unavailable'>('running');

  const voice = createVoice({
    settings: () => ({ volume: volume(), muted: muted() }),
    onState: setAudioState,
  });
  const announcer = createAnnouncer({ player: voice });
  window.__announcer = { log: announcer.log, pending: announcer.pending };
  let warmed = false;

  let disposed = false;
  let live: ReturnType<typeof createLive> | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let zoneServices: Set<number> | null = null;

  const timeZone = () => office()?.timezone ?? 'Asia/Ho_Chi_Minh';
  // The server's clock as seen through its calls (calledAt minus arrival): "today" is the
  // server's day, so a TV whose clock is off still shows the calls of the day.
  const [skew, setSkew] = createSignal(0);
  const shownCalls = createMemo(() => todays(calls(), now() + skew(), timeZone()));
  const current = createMemo(() => currentCalls(shownCalls()));
  const earlier = createMemo(() => earlierCalls(shownCalls(), current()));
  const online = () => !loadFailed() && !lost();

  // One timer for the clock and for ending highlights.
  const tick = setInterval(() => {
    const t = Date.now();
    setNow(t);
    const h = highlight();
    if ([...h.values()].some((until) => until <= t)) setHighlight(new Map([...h].filter(([, until]) => until > t)));
  }, 1000);

  async function loadServices(officeId: number): Promise<void> {
    const list = await unwrap(api.offices[':officeId'].services.$get({ param: { officeId: String(officeId) } }));
    const rows = list
      .filter((s) => zoneServices === null || zoneServices.has(s.id))
      .map(({ id, name, prefix, waiting, etaMinutes, etaLowMinutes, etaHighMinutes }) => ({
        id,
        name,
        prefix,
        waiting,
        etaMinutes,
        etaLowMinutes,
        etaHighMinutes,
      }));
    setServices(rows);
  }

  function applyQueue(e: QueueEvent): void {
    const byId = new Map(e.services.map((s) => [s.serviceId, s]));
    setServices((rows) =>
      rows.map((r) => {
        const s = byId.get(r.id);
        return s &&
          (s.waiting !== r.waiting ||
            s.etaMinutes !== r.etaMinutes ||
            s.etaLowMinutes !== r.etaLowMinutes ||
            s.etaHighMinutes !== r.etaHighMinutes)
          ? {
              ...r,
              waiting: s.waiting,
              etaMinutes: s.etaMinutes,
              etaLowMinutes: s.etaLowMinutes,
              etaHighMinutes: s.etaHighMinutes,
            }
          : r;
      }),
    );
  }

  function onCall(e: CallEvent): void {
    setSkew(Date.parse(e.calledAt) - Date.now());
    if (!inZone(e, params.counters)) return;
    const until = Date.now() + HIGHLIGHT_MS;
    batch(() => {
      setCalls((list) => addCall(list, e, KEPT_CALLS));
      setHighlight((h) => new Map([...h, [e.eventId, until]]));
    });
    if (catchingUp) missed.push(e);
    else announcer.enqueue(announcement(e));
  }

  // After a (re)connection the server first replays the calls this page missed, then sends a
  // queue snapshot. The replayed calls are all shown, but only the recent ones are announced:
  // a TV back after a long outage must not read out a backlog of stale numbers.
  let catchingUp = false;
  let missed: CallEvent[] = [];
  let catchUpTimer: ReturnType<typeof setTimeout> | undefined;
  function beginCatchUp(): void {
    catchingUp = true;
    clearTimeout(catchUpTimer);
    // A recovered connection gets no snapshot: do not wait for one for long.
    catchUpTimer = setTimeout(endCatchUp, CATCH_UP_MS);
  }
  function endCatchUp(): void {
    if (!catchingUp) return;
    catchingUp = false;
    clearTimeout(catchUpTimer);
    for (const c of worthAnnouncing(missed)) announcer.enqueue(announcement(c));
    missed = [];
  }

  type PublicSettings = Awaited<ReturnType<typeof loadSettings>>;
  const loadSettings = (id: string) => unwrap(api.offices[':officeId'].settings.public.$get({ param: { officeId: id } }));
  /** The office shown, and the server's clock (a TV's own clock is often wrong). */
  function applySettings(s: PublicSettings): void {
    setSkew(Date.parse(s.serverTime) - Date.now());
    setOffice({ id: s.id, name: s.name, ticker: s.ticker, timezone: s.timezone });
  }

  async function reloadOffice(id: string): Promise<void> {
    try {
      const s = await loadSettings(id);
      if (!disposed) applySettings(s);
    } catch {
      /* keep what is shown; the next change or reconnect tries again */
    }
  }

  async function start(): Promise<void> {
    try {
      const officeId = await screenOffice();
      const id = String(officeId);
      const settings = await loadSettings(id);
      if (params.counters) {
        const counters = await unwrap(api.offices[':officeId'].counters.$get({ param: { officeId: id } }));
        zoneServices = new Set(counters.filter((c) => params.counters!.includes(c.number)).flatMap((c) => c.serviceIds));
      }
      await loadServices(officeId);
      const recent = await unwrap(
        api.offices[':officeId'].calls.$get({ param: { officeId: id }, query: { limit: String(KEPT_CALLS) } }),
      );
      if (disposed) return;
      batch(() => {
        applySettings(settings);
        setCalls(recent.filter((c) => inZone(c, params.counters)).slice(0, KEPT_CALLS));
        setLoadFailed(false);
        setProblem(null);
      });
      // From the newest call on, the server replays what this page has not seen; with no call
      // yet, from the start of the log (so a call made while connecting is not lost).
      live = createLive({
        auth: { officeId },
        lastEventId: recent[0]?.eventId ?? 0,
        handlers: {
          call: onCall,
          queue: (e) => {
            endCatchUp();
            applyQueue(e);
          },
          // An admin changed the office (name, ticker...): show it without a reload.
          'office:changed': () => {
            void reloadOffice(id);
            void loadServices(officeId).catch(() => undefined);
          },
        },
        onResync: () => {
          void loadServices(officeId).catch(() => undefined);
          void reloadOffice(id);
        },
      });
      live.socket.on('connect', () => {
        batch(() => {
          setLost(false);
          setConnected(true);
        });
        beginCatchUp();
      });
      const drop = () => {
        batch(() => {
          setLost(true);
          setConnected(false);
        });
      };
      live.socket.on('disconnect', drop);
      live.socket.on('connect_error', drop);
      if (!warmed) {
        warmed = true;
        void voice.warm().catch(() => undefined);
      }
    } catch (e) {
      if (disposed) return;
      setLoadFailed(true);
      if (e instanceof ApiError && e.code === 'OFFICE_NOT_FOUND') setProblem('office_missing');
      retry = setTimeout(() => void start(), RETRY_MS);
    }
  }

  function setMuted(m: boolean): void {
    setMutedSignal(m);
    store('display.muted', m ? '1' : '0');
  }

  function setVolume(v: number): void {
    const value = Math.min(1, Math.max(0, v));
    setVolumeSignal(value);
    store('display.volume', String(value));
    if (value > 0 && muted()) setMuted(false);
  }

  // A click or key press anywhere lets a browser that blocked autoplay start the sound.
  const unlock = () => void voice.unlock();
  document.addEventListener('pointerdown', unlock);
  document.addEventListener('keydown', unlock);

  void start();

  onCleanup(() => {
    disposed = true;
    clearInterval(tick);
    clearTimeout(retry);
    clearTimeout(catchUpTimer);
    document.removeEventListener('pointerdown', unlock);
    document.removeEventListener('keydown', unlock);
    live?.close();
    announcer.dispose();
    voice.close();
  });

  return {
    params,
    office,
    problem,
    loaded: () => office() !== null,
    online,
    /** The live connection is up (for the page's data-live attribute, used by tests). */
    connected,
    now,
    /** The office's time by the server's clock (see skew): what the wall clock shows. */
    officeNow: () => now() + skew(),
    timeZone,
    current,
    earlier,
    services,
    /** 'newest' for the latest call still highlighted, 'recent' for other highlighted ones. */
    freshness(eventId: number): 'newest' | 'recent' | null {
      const live = [...highlight()].filter(([, until]) => until > now()).map(([id]) => id);
      if (!live.includes(eventId)) return null;
      return eventId === Math.max(...live) ? 'newest' : 'recent';
    },
    volume,
    muted,
    audioState,
    setVolume,
    setMuted,
    enableAudio: () => voice.unlock(),
  };
}

export type DisplayState = ReturnType<typeof createDisplay>;
