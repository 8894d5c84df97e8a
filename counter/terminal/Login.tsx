import { createSignal, type JSX } from 'solid-js';
import { LangSwitch } from './LangSwitch';
import { Messages } from './Messages';
import { useTerminal } from './state';
import { t } from './text';

export function Login(): JSX.Element {
  const term = useTerminal();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  return (
    <div class="center-page">
      <main class="card login">
        <div class="card-head">
          <div>
            <p class="eyebrow">{t('appTitle')}</p>
            <h1>{t('loginTitle')}</h1>
          </div>
          <LangSwitch />
        </div>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (await term.login(username().trim(), password())) setPassword('');
          }}
        >
          <label for="login-username">{t('username')}</label>
          <input
            id="login-username"
            name="username"
            autocomplete="username"
            required
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
          <label for="login-password">{t('password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <button type="submit" class="btn btn-primary btn-block" disabled={term.busy()}>
            {t('signIn')}
          </button>
        </form>
        <Messages />
      </main>
    </div>
  );
}
