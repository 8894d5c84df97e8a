// The announcement queue: calls are announced one after another, each only after the previous
// one has ended, never cutting one off. A failing or stuck player never blocks the queue, and
// a flood (a display catching up after a long outage) is bounded: the oldest waiting
// announcements are dropped, never the one playing. Pure logic over an injected player.
import type { Announcement } from './sentence';

/** How an announcement ended: played, or skipped because sound is off or blocked by the browser. */
export type PlayOutcome = 'played' | 'muted' | 'blocked';

export interface Player {
  /** Resolves when the announcement has finished (or was skipped); rejects on failure. */
  play(a: Announcement): Promise<PlayOutcome | undefined>;
  /** Silences whatever is playing (used when an announcement overruns its time limit). */
  stop?(): void;
}

export interface LogEntry {
  text: string;
  number: string;
  counterNumber: number;
  recall: boolean;
  queuedAt: number;
  /** When it began to play; null while queued (and for a dropped one). */
  startedAt: number | null;
  endedAt: number | null;
  outcome: PlayOutcome | 'queued' | 'playing' | 'error' | 'timeout' | 'dropped';
  error?: string;
}

export interface AnnouncerOptions {
  player: Player;
  now?: () => number;
  /** At most this many announcements wait; older ones are dropped. */
  maxPending?: number;
  /** The log keeps this many entries (it is shown to tests and must not grow all day). */
  maxLog?: number;
  /** An announcement that has not ended after this long is stopped and the queue moves on. */
  timeoutMs?: number;
}

export function createAnnouncer(options: AnnouncerOptions) {
  const { player, now = Date.now, maxPending = 6, maxLog = 50, timeoutMs = 30_000 } = options;
  const log: LogEntry[] = [];
  const pending: { a: Announcement; entry: LogEntry }[] = [];
  let playing = false;
  let disposed = false;
  let idleWaiters: (() => void)[] = [];

  function enqueue(a: Announcement): LogEntry {
    const entry: LogEntry = {
      text: a.text,
      number: a.number,
      counterNumber: a.counterNumber,
      recall: a.recall,
      queuedAt: now(),
      startedAt: null,
      endedAt: null,
      outcome: 'queued',
    };
    if (disposed) return { ...entry, outcome: 'dropped' };
    log.push(entry);
    if (log.length > maxLog) log.splice(0, log.length - maxLog);
    pending.push({ a, entry });
    while (pending.length > maxPending) pending.shift()!.entry.outcome = 'dropped';
    void pump();
    return entry;
  }

  async function pump(): Promise<void> {
    if (playing) return;
    playing = true;
    while (pending.length > 0 && !disposed) {
      const { a, entry } = pending.shift()!;
      entry.startedAt = now();
      entry.outcome = 'playing';
      try {
        entry.outcome = (await withTimeout(player.play(a))) ?? 'played';
      } catch (e) {
        if (e instanceof Timeout) {
          player.stop?.();
          entry.outcome = 'timeout';
        } else {
          entry.outcome = 'error';
          entry.error = e instanceof Error ? e.message : String(e);
        }
      }
      entry.endedAt = now();
    }
    playing = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function withTimeout<T>(p: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout()), timeoutMs);
    });
    return Promise.race([p, limit]).finally(() => clearTimeout(timer));
  }

  return {
    enqueue,
    /** The latest entries, oldest first (the same array, updated in place). */
    log,
    /** How many announcements wait behind the one playing. */
    pending: () => pending.length,
    busy: () => playing,
    /** Resolves once nothing plays and nothing waits. */
    idle(): Promise<void> {
      if (!playing && pending.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    dispose(): void {
      disposed = true;
      for (const p of pending.splice(0)) p.entry.outcome = 'dropped';
      player.stop?.();
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;

class Timeout extends Error {
  constructor() {
    super('announcement timed out');
  }
}
