// Dates and times of slots, in the office's time zone and the current language.
import { lang } from '../../web/i18n';

const locale = () => (lang() === 'vi' ? 'vi-VN' : 'en-GB');

/** YYYY-MM-DD of an instant in a time zone. */
export function dayOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export function hm(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function longDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(new Date(iso));
}

export function shortDay(iso: string, timeZone: string): { weekday: string; date: string } {
  return {
    weekday: new Intl.DateTimeFormat(locale(), { timeZone, weekday: 'long' }).format(new Date(iso)),
    date: dayOf(iso, timeZone).slice(5).split('-').reverse().join('/'),
  };
}
