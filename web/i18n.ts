// Vietnamese first, English second. A language signal shared by a whole app: it sets <html
// lang>, remembers the choice on the device and can be forced with ?lang=en.
import { createSignal } from 'solid-js';

export type Lang = 'vi' | 'en';
export type Dict = Record<string, { vi: string; en: string }>;

const stored = (): Lang | null => {
  try {
    const q = new URLSearchParams(location.search).get('lang');
    if (q === 'vi' || q === 'en') return q;
    const s = localStorage.getItem('lang');
    return s === 'en' || s === 'vi' ? s : null;
  } catch {
    return null;
  }
};

const [lang, setLangSignal] = createSignal<Lang>(stored() ?? 'vi');
if (typeof document !== 'undefined') document.documentElement.lang = lang();

export { lang };

export function setLang(next: Lang): void {
  setLangSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem('lang', next);
  } catch {
    /* private mode */
  }
}

/** A translator over one app's dictionary: t('key') in the current language, with {name} fills. */
export function createT<D extends Dict>(dict: D) {
  return (key: keyof D, vars: Record<string, string | number> = {}): string => {
    const entry = dict[key];
    let text = entry ? entry[lang()] : String(key);
    for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** Office-local date and time in the current language (Asia/Ho_Chi_Minh by default). */
export function formatTime(iso: string | number, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string | number, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
}
