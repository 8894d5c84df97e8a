// The red header of the supervisor's and the city leaders' screens: the title, the way back to
// the counter screen, and the language switch (labelled in the language it switches to).
import type { JSX } from 'solid-js';
import { lang, setLang } from '../../web/i18n';

export function ScreenHeader(props: { title: string; back: string; language: string }): JSX.Element {
  return (
    <header class="sup-head">
      <h1>{props.title}</h1>
      <nav class="sup-tools" aria-label={props.title}>
        <a href="/counter" class="sup-link">
          {props.back}
        </a>
        <button
          type="button"
          class="sup-btn quiet"
          lang={lang() === 'vi' ? 'en' : 'vi'}
          onClick={() => setLang(lang() === 'vi' ? 'en' : 'vi')}
        >
          {props.language}
        </button>
      </nav>
    </header>
  );
}
