// The officer terminal: sign in, choose a counter, then the desk.
import { createEffect, type JSX, Match, onCleanup, onMount, Switch } from 'solid-js';
import { navigate, path } from '../navigation';
import { ChooseCounter } from './ChooseCounter';
import { Desk } from './Desk';
import { Login } from './Login';
import { createTerminal, TerminalProvider } from './state';
import { t } from './text';
import './terminal.css';

export function TerminalApp(): JSX.Element {
  const terminal = createTerminal();
  onMount(() => void terminal.init());
  onCleanup(() => terminal.dispose());

  // /counter/login while signed out, /counter once signed in.
  createEffect(() => {
    const me = terminal.me();
    if (me === undefined) return;
    if (me === null && path() !== '/counter/login') navigate('/counter/login', { replace: true });
    if (me && path() === '/counter/login') {
      // The supervisor and admin screens send people here with ?next=/counter/<screen>.
      const params = new URLSearchParams(location.search);
      const next = params.get('next');
      if (next && /^\/counter\/[a-z]+$/.test(next)) {
        location.assign(next);
        return;
      }
      params.delete('next');
      history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
      navigate('/counter', { replace: true });
    }
  });
  createEffect(() => {
    document.title = `${t('appTitle')} – ${terminal.office()?.name ?? ''}`.replace(/ – $/, '');
  });

  return (
    <TerminalProvider value={terminal}>
      <Switch fallback={<p class="route-loading">{t('loading')}</p>}>
        <Match when={terminal.me() === null}>
          <Login />
        </Match>
        <Match when={terminal.me() && terminal.ready() && terminal.counterId() === null}>
          <ChooseCounter />
        </Match>
        <Match when={terminal.me() && terminal.counterId() !== null}>
          <Desk />
        </Match>
      </Switch>
    </TerminalProvider>
  );
}
