import { lang, setLang } from '../../web/i18n';

/** Switches Vietnamese <-> English; labelled in the language it switches to. */
export function LangSwitch(props: { class?: string }) {
  return (
    <button
      type="button"
      class={`lang-switch ${props.class ?? ''}`}
      onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
      lang={lang() === 'vi' ? 'en' : 'vi'}
    >
      {lang() === 'vi' ? 'English' : 'Tiếng Việt'}
    </button>
  );
}
