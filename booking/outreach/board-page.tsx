// /outreach/board?session=<id>: the session's display, on a phone propped on the table or a
// borrowed TV: the booking code called now (the first resident checked in and not helped yet),
// the next ones, and how many were helped. Codes only, no names. It asks again every 5 s (no
// socket: on a weak network a short poll recovers by itself) and says when it could not.
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { formatTime } from '../../web/i18n';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import './board.css';

type Board = { placeName: string; startsAt: string; endsAt: string; waiting: string[]; served: number };

export default function OutreachBoard() {
  const id = new URLSearchParams(location.search).get('session') ?? '';
  const [stale, setStale] = createSignal(false);
  let last: Board | null = null;
  const [board, { refetch }] = createResource(async (): Promise<Board | null> => {
    try {
      const r = await fetch(`/api/outreach/${encodeURIComponent(id)}/board`, { headers: { accept: 'application/json' } });
      if (!r.ok) return null;
      setStale(false);
      last = (await r.json()) as Board;
      return last;
    } catch {
      // Offline: keep showing the last board, and say so.
      setStale(true);
      return last;
    }
  });
  const timer = setInterval(() => void refetch(), 5000);
  onCleanup(() => clearInterval(timer));
  document.title = t('boardTitle');
  return (
    <div class="ob-board">
      <header class="topbar">
        <p class="title">{board()?.placeName ?? t('boardTitle')}</p>
        <LangSwitch />
      </header>
      <main>
        <Show when={board()} fallback={<p>{board.state === 'ready' ? t('notFound') : '…'}</p>}>
          {(b) => (
            <>
              <p class="ob-when">
                {formatTime(b().startsAt)}–{formatTime(b().endsAt)}
              </p>
              <section class="ob-now" aria-live="polite">
                <h1>{t('nowCalling')}</h1>
                <p class="ob-code">{b().waiting[0] ?? '—'}</p>
              </section>
              <Show when={b().waiting.length > 1}>
                <h2>{t('next')}</h2>
                <ol class="ob-next">
                  <For each={b().waiting.slice(1, 6)}>{(c) => <li>{c}</li>}</For>
                </ol>
              </Show>
              <p class="ob-served">{t('helped', { n: b().served })}</p>
              <Show when={stale()}>
                <p class="ob-stale" role="status">
                  {t('boardStale')}
                </p>
              </Show>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
