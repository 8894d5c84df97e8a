// Plays an announcement in the browser: a chime, then the sentence. Offline first: the words
// are recorded clips (web/public/audio/vi/, made by scripts/make-voice-clips.sh) chained with
// the Web Audio API, sample-accurate and without gaps from network or decoding; where the
// browser has its own Vietnamese voice (speechSynthesis, lang vi), that voice says the sentence.
import type { Player, PlayOutcome } from './queue';
import { type Announcement, CHIME, INTRO, spokenText, TO_COUNTER } from './sentence';

export interface ClipManifest {
  voice: string;
  formats: string[];
  clips: Record<string, { file: string; duration: number }>;
}

export interface VoiceOptions {
  /** Where manifest.json and the clips are served. */
  baseUrl?: string;
  /** Read at each announcement: 0..1 and mute. */
  settings: () => { volume: number; muted: boolean };
  /** Called whenever the audio context's state changes ('suspended' = blocked by autoplay rules). */
  onState?: (state: AudioContextState | 'unavailable') => void;
  /** Use the browser's Vietnamese voice when there is one (default true). */
  preferBrowserVoice?: boolean;
}

export interface Voice extends Player {
  /** Loads and decodes every clip ahead of the first call. */
  warm(): Promise<void>;
  /** Resumes a suspended audio context (call from a click or key press). */
  unlock(): Promise<AudioContextState | 'unavailable'>;
  state(): AudioContextState | 'unavailable';
  close(): void;
}

type AudioContextCtor = typeof AudioContext;

// Pauses between the scheduled clips, in seconds: words of one number run together, phrases
// breathe, and the chime leaves room before the voice.
const GAP_AFTER_CHIME = 0.25;
const GAP_AROUND_PHRASE = 0.14;
const GAP_BETWEEN_WORDS = 0.03;

export function findVietnameseVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  return speechSynthesis.getVoices().find((v) => /^vi([-_]|$)/i.test(v.lang)) ?? null;
}

export function createVoice(options: VoiceOptions): Voice {
  const baseUrl = (options.baseUrl ?? '/audio/vi/').replace(/\/?$/, '/');
  const Ctor: AudioContextCtor | undefined =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext);
  const context: AudioContext | null = Ctor ? new Ctor() : null;
  const gain = context ? context.createGain() : null;
  if (context && gain) gain.connect(context.destination);
  const state = () => context?.state ?? 'unavailable';
  if (context) context.onstatechange = () => options.onState?.(context.state);
  options.onState?.(state());

  let manifest: Promise<ClipManifest> | null = null;
  const buffers = new Map<string, Promise<AudioBuffer>>();
  let active: AudioBufferSourceNode[] = [];
  let finishActive: (() => void) | null = null;

  const format = (() => {
    try {
      return new Audio().canPlayType('audio/ogg; codecs="vorbis"') ? 'ogg' : 'wav';
    } catch {
      return 'wav';
    }
  })();

  function loadManifest(): Promise<ClipManifest> {
    if (!manifest) {
      manifest = fetch(`${baseUrl}manifest.json`).then((r) => {
        if (!r.ok) throw new Error(`voice manifest: HTTP ${r.status}`);
        return r.json() as Promise<ClipManifest>;
      });
      // A failed load (server restarting) is tried again at the next announcement.
      manifest.catch(() => {
        manifest = null;
      });
    }
    return manifest;
  }

  function clip(m: ClipManifest, key: string): Promise<AudioBuffer> {
    let b = buffers.get(key);
    if (!b) {
      const entry = m.clips[key]!;
      b = fetch(`${baseUrl}${entry.file}.${format}`)
        .then((r) => {
          if (!r.ok) throw new Error(`voice clip ${entry.file}: HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        // The callback form also works on older TV browsers without the promise form.
        .then((data) => new Promise<AudioBuffer>((resolve, reject) => context!.decodeAudioData(data, resolve, reject)));
      b.catch(() => buffers.delete(key));
      buffers.set(key, b);
    }
    return b;
  }

  async function playClips(keys: string[]): Promise<void> {
    if (!context || !gain) throw new Error('no Web Audio');
    const m = await loadManifest();
    const known = keys.filter((k) => m.clips[k]);
    const list = await Promise.all(known.map((k) => clip(m, k)));
    let t = context.currentTime + 0.05;
    const sources: AudioBufferSourceNode[] = [];
    list.forEach((buffer, i) => {
      const key = known[i]!;
      const next = known[i + 1];
      const src = context.createBufferSource();
      src.buffer = buffer;
      src.connect(gain);
      src.start(t);
      sources.push(src);
      t += buffer.duration;
      if (key === CHIME) t += GAP_AFTER_CHIME;
      else if (key === INTRO || key === TO_COUNTER || next === TO_COUNTER) t += GAP_AROUND_PHRASE;
      else t += GAP_BETWEEN_WORDS;
    });
    const last = sources[sources.length - 1];
    if (!last) return;
    active = sources;
    const lengthMs = (t - context.currentTime) * 1000;
    await new Promise<void>((resolve) => {
      // `ended` is the signal; the timer only guards against a context that stopped running
      // (a TV whose audio device went away), so the queue can never hang on it.
      const guard = setTimeout(done, lengthMs + 1500);
      function done() {
        clearTimeout(guard);
        last!.onended = null;
        finishActive = null;
        resolve();
      }
      finishActive = done;
      last.onended = done;
    });
    for (const s of sources) s.disconnect();
    active = [];
  }

  function speak(text: string, voice: SpeechSynthesisVoice, volume: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      u.volume = volume;
      // Some engines never fire `end`: bound the wait by a generous estimate.
      const guard = setTimeout(finish, 4000 + text.length * 150);
      function finish() {
        clearTimeout(guard);
        resolve();
      }
      u.onend = finish;
      u.onerror = (e) => {
        clearTimeout(guard);
        if (e.error === 'interrupted' || e.error === 'canceled') resolve();
        else reject(new Error(`speech: ${e.error}`));
      };
      speechSynthesis.speak(u);
    });
  }

  async function ensureRunning(): Promise<boolean> {
    if (!context) return false;
    if (context.state === 'running') return true;
    // Without a user gesture resume() stays pending: give it a moment, then report "blocked".
    void context.resume().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150));
    return (context.state as AudioContextState) === 'running';
  }

  function stop(): void {
    for (const s of active) {
      try {
        s.stop();
      } catch {
        /* not started yet */
      }
    }
    finishActive?.();
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  }

  return {
    async play(a: Announcement): Promise<PlayOutcome> {
      const { volume, muted } = options.settings();
      if (muted || volume <= 0) return 'muted';
      const browserVoice = options.preferBrowserVoice === false ? null : findVietnameseVoice();
      const running = await ensureRunning();
      if (gain) gain.gain.value = volume;
      if (browserVoice) {
        if (running) await playClips([CHIME]);
        await speak(spokenText(a), browserVoice, volume);
        return 'played';
      }
      if (!running) return 'blocked';
      await playClips([CHIME, ...a.words]);
      return 'played';
    },
    stop,
    async warm(): Promise<void> {
      if (!context) return;
      const m = await loadManifest();
      // Two at a time, so the clips never hold up the page's own API requests.
      const keys = Object.keys(m.clips);
      const worker = async () => {
        for (let k = keys.shift(); k !== undefined; k = keys.shift()) await clip(m, k).catch(() => undefined);
      };
      await Promise.all([worker(), worker()]);
    },
    async unlock() {
      if (context && context.state !== 'running') await context.resume().catch(() => undefined);
      return state();
    },
    state,
    close(): void {
      stop();
      if (context) {
        context.onstatechange = null;
        void context.close().catch(() => undefined);
      }
    },
  };
}
