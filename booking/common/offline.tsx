// Opening the resident's pages without a network: the service worker (web/public/sw.js) is
// registered after the page has loaded, then told what the page used so the next visit finds it;
// while answers come from that saved copy (or the phone says it is offline) a note says so, with
// the time the copy was saved.
import { createSignal, onCleanup, Show } from 'solid-js';
import { offlineCopy } from '../../web/api';
import { formatDate, formatTime } from '../../web/i18n';
import { t } from './offline-text';

export function keepForOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = async () => {
    try {
      const registration = await navigator.serviceWorker.register('/sw.js');
      const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
      const save = () =>
        worker?.postMessage({
          save: [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)],
        });
      save();
      // What the page fetched after its first screen (its data, lazy chunks).
      setTimeout(save, 3000);
    } catch {
      /* no service worker (private mode, an old browser): the pages work online as before */
    }
  };
  if (document.readyState === 'complete') void register();
  else addEventListener('load', () => void register(), { once: true });
}

export function OfflineNote() {
  const [online, setOnline] = createSignal(navigator.onLine);
  const up = () => setOnline(true);
  const down = () => setOnline(false);
  addEventListener('online', up);
  addEventListener('offline', down);
  onCleanup(() => {
    removeEventListener('online', up);
    removeEventListener('offline', down);
  });
  const saved = () => offlineCopy();
  return (
    <Show when={saved() !== null || !online()}>
      <p class="offline-note" role="status" data-testid="offline-note">
        <strong>{t('offline')}</strong>{' '}
        {saved() ? t('savedAt', { time: formatTime(saved()!), date: formatDate(saved()!) }) : t('noCopy')}
      </p>
    </Show>
  );
}
