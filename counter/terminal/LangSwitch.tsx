import type { JSX } from 'solid-js';
import { lang, setLang } from '../../web/i18n';
import { t } from './text';

export function LangSwitch(): JSX.Element {
  return (
    <button
      type="button"
      class="btn btn-quiet"
      lang={lang() === 'vi' ? 'en' : 'vi'}
      aria-label={t('languageLabel')}
      onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
    >
      {t('language')}
    </button>
  );
}
