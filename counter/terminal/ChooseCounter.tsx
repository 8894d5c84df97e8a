// Which counter this officer works at; the computer remembers it (localStorage) and lists it first.
import { For, type JSX, Show } from 'solid-js';
import { LangSwitch } from './LangSwitch';
import { Messages } from './Messages';
import { useTerminal } from './state';
import { t } from './text';

export function ChooseCounter(): JSX.Element {
  const term = useTerminal();
  const mine = () => {
    try {
      return Number(localStorage.getItem(`counter-terminal:office-${term.officeId()}:counter`)) || null;
    } catch {
      return null;
    }
  };
  const ordered = () => {
    const id = mine();
    return [...term.counters()].sort((a, b) => Number(b.id === id) - Number(a.id === id) || a.number - b.number);
  };
  return (
    <div class="center-page">
      <main class="card chooser">
        <div class="card-head">
          <div>
            <p class="eyebrow">{term.office()?.name}</p>
            <h1>{t('chooseTitle')}</h1>
          </div>
          <div class="head-tools">
            <a class="btn btn-quiet" href="/counter/dossiers">
              {t('dossiersScreen')}
            </a>
            <Show when={term.me()?.role === 'supervisor' || term.me()?.role === 'admin'}>
              <a class="btn btn-quiet" href="/counter/supervisor">
                {t('supervisorScreen')}
              </a>
            </Show>
            <Show when={term.me()?.role === 'admin'}>
              <a class="btn btn-quiet" href="/counter/admin">
                {t('adminScreen')}
              </a>
            </Show>
            <LangSwitch />
            <button type="button" class="btn btn-quiet" onClick={() => void term.logout()}>
              {t('signOut')}
            </button>
          </div>
        </div>
        <p class="hint">
          {term.me()?.displayName} · {t('chooseHint')}
        </p>
        <Messages />
        <ul class="counter-grid">
          <For each={ordered()}>
            {(c) => (
              <li>
                <button
                  type="button"
                  class="counter-choice"
                  classList={{ remembered: c.id === mine() }}
                  disabled={term.busy()}
                  onClick={() => void term.openCounter(c.id)}
                >
                  <span class="choice-number">{t('counterN', { n: c.number })}</span>
                  <span class="choice-name">{c.name.replace(/^Quầy \d+\s*–\s*/, '')}</span>
                  <span class="choice-services">{c.serviceIds.map((id) => term.serviceName(id)).join(' · ')}</span>
                  <span class={`pill pill-${c.status}`}>{t(`status_${c.status}`)}</span>
                  <Show when={c.id === mine()}>
                    <span class="pill pill-mine">{t('thisMachine')}</span>
                  </Show>
                </button>
              </li>
            )}
          </For>
        </ul>
      </main>
    </div>
  );
}
