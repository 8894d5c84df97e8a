// The satisfaction scale as residents see it: a label per level (as in the national SIPAS
// survey) and a drawn face, used by the phone survey and the counter's rating pad. Faces are
// inline SVG so they look the same on every device, emoji font or not.
import type { JSX } from 'solid-js';
import type { Lang } from '../../web/i18n';

const five: Record<number, { vi: string; en: string }> = {
  5: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  4: { vi: 'Hài lòng', en: 'Satisfied' },
  3: { vi: 'Bình thường', en: 'Neutral' },
  2: { vi: 'Không hài lòng', en: 'Dissatisfied' },
  1: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
};
const three: Record<number, { vi: string; en: string }> = {
  3: { vi: 'Hài lòng', en: 'Satisfied' },
  2: { vi: 'Bình thường', en: 'Neutral' },
  1: { vi: 'Không hài lòng', en: 'Dissatisfied' },
};

export function levelLabel(level: number, scale: number, lang: Lang): string {
  return (scale === 3 ? three : five)[level]?.[lang] ?? String(level);
}

/** The levels of a scale, most satisfied first (the order of the national survey form). */
export function levelsOf(scale: number): number[] {
  return Array.from({ length: scale }, (_, i) => scale - i);
}

/** 0 (least satisfied) .. 1 (most), whatever the scale. */
const mood = (level: number, scale: number) => (scale <= 1 ? 1 : (level - 1) / (scale - 1));

const colours = ['#b00020', '#c2410c', '#6b5a00', '#2f7d32', '#1b6e3a'];

export function faceColour(level: number, scale: number): string {
  return colours[Math.round(mood(level, scale) * 4)]!;
}

export function Face(props: { level: number; scale: number; size?: number }): JSX.Element {
  const m = () => mood(props.level, props.scale);
  // Mouth: a curve from a frown (m = 0) through a straight line to a smile (m = 1).
  const mouth = () => {
    const bend = (m() - 0.5) * 24;
    return `M 18 ${44 - bend / 3} Q 32 ${44 + bend} 46 ${44 - bend / 3}`;
  };
  return (
    <svg viewBox="0 0 64 64" width={props.size ?? 56} height={props.size ?? 56} aria-hidden="true">
      <circle cx="32" cy="32" r="29" fill={faceColour(props.level, props.scale)} />
      <circle cx="22" cy="25" r="4" fill="#fff" />
      <circle cx="42" cy="25" r="4" fill="#fff" />
      <path d={mouth()} stroke="#fff" stroke-width="4.5" stroke-linecap="round" fill="none" />
    </svg>
  );
}
