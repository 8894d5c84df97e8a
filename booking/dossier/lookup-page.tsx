// Finding a dossier again without its receipt (/h): the dossier code and the last four digits of
// the phone given at the counter open its page (/h/<token>). The server limits the tries per
// address, so the form says how long to wait when it answers 429.
import { createSignal, Show } from 'solid-js';
import { LangSwitch } from '../common/lang-switch';
import { t } from './text';
import '../city/city.css';

export default function DossierLookup() {
  const [code, setCode] = createSignal(new URLSearchParams(location.search).get('code') ?? '');
  const [phone4, setPhone4] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  document.title = t('lookupTitle');

  async function find(e: SubmitEvent) {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      const q = new URLSearchParams({ code: code().trim().toUpperCase(), phone4: phone4().trim() });
      const r = await fetch(`/api/dossiers/lookup?${q}`, { headers: { accept: 'application/json' } });
      if (r.ok) {
        const { token } = (await r.json()) as { token: string };
        location.assign(`/h/${encodeURIComponent(token)}${location.search.includes('lang=') ? location.search : ''}`);
        return;
      }
      if (r.status === 429) setError(t('lookupLimited', { n: r.headers.get('retry-after') ?? '60' }));
      else if (r.status === 404 || r.status === 400) setError(t('lookupNotFound'));
      else setError(t('lookupFailed'));
    } catch {
      setError(t('lookupFailed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="city">
      <header class="topbar">
        <p class="title">{t('title')}</p>
        <LangSwitch />
      </header>
      <main class="page narrow">
        <h1>{t('lookupTitle')}</h1>
        <p>{t('lookupIntro')}</p>
        <form class="dossier-lookup" onSubmit={find} novalidate>
          <label for="lookup-code">{t('lookupCode')}</label>
          <input
            id="lookup-code"
            name="code"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            required
            maxLength={40}
            aria-describedby="lookup-code-hint"
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <p id="lookup-code-hint" class="hint">
            {t('lookupCodeHint')}
          </p>
          <label for="lookup-phone">{t('lookupPhone')}</label>
          <input
            id="lookup-phone"
            name="phone4"
            inputMode="numeric"
            autocomplete="off"
            pattern="[0-9]{4}"
            maxLength={4}
            required
            value={phone4()}
            onInput={(e) => setPhone4(e.currentTarget.value.replace(/\D/g, ''))}
          />
          <Show when={error()}>
            <p class="dossier-note" role="alert">
              {error()}
            </p>
          </Show>
          <button type="submit" class="btn" disabled={busy() || !code().trim() || phone4().length !== 4}>
            {t('lookupGo')}
          </button>
        </form>
      </main>
    </div>
  );
}
