// A resident's page that follows one item by its token (a dossier, a feedback item): it reads the
// item, then keeps it live through the socket, whose client loads after the first paint; while
// the socket is down it asks again every 30 s, and at once when the phone wakes up.
import { createResource, createSignal, onCleanup, onMount, type Resource } from 'solid-js';
import { noteAnswer } from '../../web/api';
import { lang } from '../../web/i18n';
import type { createLive } from '../../web/live';

type Live = ReturnType<typeof createLive>;

/** GET of a public item: null when unknown (404). */
export async function loadPublic<T>(url: string): Promise<T | null> {
  const r = noteAnswer(await fetch(url, { headers: { accept: 'application/json' } }));
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as T;
}

/** "Thứ Hai, 14/12/2026 17:00" in the page's language, office time. */
export const longDateTime = (iso: string) =>
  new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/**
 * The item, and whether its socket is up. `subscribe` opens the socket with the live client it is
 * given, calling `apply` with each pushed view and `resync` when it missed some.
 */
export function followLive<T>(
  token: () => string,
  load: (token: string) => Promise<T | null>,
  subscribe: (live: typeof createLive, apply: (view: T) => void, resync: () => void) => Live,
): { item: Resource<T | null>; connected: () => boolean } {
  const [item, { refetch, mutate }] = createResource(token, load);
  const [live, setLive] = createSignal<Live>();
  const connected = () => live()?.connected() ?? false;
  let disposed = false;
  onMount(async () => {
    const { createLive } = await import('../../web/live');
    if (disposed) return;
    setLive(
      subscribe(
        createLive,
        (view) => mutate(() => view),
        () => void refetch(),
      ),
    );
  });
  const timer = setInterval(() => connected() || void refetch(), 30_000);
  const wake = () => document.visibilityState === 'visible' && void refetch();
  document.addEventListener('visibilitychange', wake);
  onCleanup(() => {
    disposed = true;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', wake);
    live()?.close();
  });
  return { item, connected };
}
