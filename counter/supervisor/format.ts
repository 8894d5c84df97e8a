// Figures as the supervisor's tabs print them: in the screen's language, a dash where there is
// no data.
import { lang } from '../../web/i18n';

export const fmt = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? '—' : x.toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${fmt(x * 100, 1)} %`);
