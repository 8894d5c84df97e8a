// The outreach laptop's queue of actions: each action taken on site (a check-in, a visit) gets a
// key made here when the officer takes it, is kept in the browser's storage until the server has
// it, and is sent again, in order, until it is: after a network drop the queue empties by itself.
// The server applies each key once (server/outreach/store.ts), so sending again after a lost
// answer is safe. A refusal by the server (a real 4xx) drops the action and says why.
import { createSignal } from 'solid-js';

export interface QueuedAction {
  key: string;
  kind: 'check-in' | 'visit';
  /** What the officer entered, as the API takes it (the visit's key and doneAt included). */
  body: Record<string, unknown>;
  /** When the officer took it (ISO). */
  at: string;
}

/** A key no other device makes: 128 random bits, URL-safe. */
export function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `k${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export type Send = (a: QueuedAction) => Promise<void>;
/** Thrown by Send when the server answered and refused the action (it will never succeed). */
export class Refused extends Error {}

export function createQueue(storageKey: string, send: Send) {
  const read = (): QueuedAction[] => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '[]') as QueuedAction[];
    } catch {
      return [];
    }
  };
  const [pending, setPending] = createSignal<QueuedAction[]>(read());
  const [refusals, setRefusals] = createSignal<string[]>([]);
  const [online, setOnline] = createSignal(navigator.onLine);
  const save = (list: QueuedAction[]) => {
    localStorage.setItem(storageKey, JSON.stringify(list));
    setPending(list);
  };
  let flushing: Promise<void> | null = null;

  /** Sends what is queued, oldest first; stops at the first network failure. */
  async function run(): Promise<void> {
    for (let next = read()[0]; next; next = read()[0]) {
      try {
        await send(next);
        setOnline(true);
      } catch (e) {
        if (!(e instanceof Refused)) {
          setOnline(false);
          return;
        }
        setRefusals((r) => [...r, e.message]);
      }
      save(read().filter((a) => a.key !== next.key));
    }
  }

  /** One run at a time; `.finally` clears it after the assignment, even when nothing was queued. */
  function flush(): Promise<void> {
    if (!flushing) flushing = run().finally(() => (flushing = null));
    return flushing;
  }

  function add(kind: QueuedAction['kind'], body: Record<string, unknown>): QueuedAction {
    const key = typeof body.key === 'string' ? body.key : newKey();
    const action = { key, kind, body, at: new Date().toISOString() };
    save([...read(), action]);
    void flush();
    return action;
  }

  const wake = () => {
    setOnline(navigator.onLine);
    if (navigator.onLine) void flush();
  };
  window.addEventListener('online', wake);
  window.addEventListener('offline', wake);
  // Between events (a captive portal, a dead Wi-Fi that says it is up), try again now and then.
  const timer = setInterval(() => pending().length && void flush(), 5000);
  void flush();

  return {
    pending,
    refusals,
    online,
    add,
    flush,
    close() {
      clearInterval(timer);
      window.removeEventListener('online', wake);
      window.removeEventListener('offline', wake);
    },
  };
}
