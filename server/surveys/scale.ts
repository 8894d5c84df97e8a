// The satisfaction scale, as pure rules: which levels exist, which count as "not satisfied"
// (and so open a feedback item) and which count towards the satisfaction index.

export type Scale = 3 | 5;

/** The SIPAS factors asked on the phone survey, in the national survey's order. */
export const sipasFactors = ['access', 'procedure', 'officials', 'result', 'feedback'] as const;
export type SipasFactor = (typeof sipasFactors)[number];

export function inScale(level: number, scale: number): boolean {
  return Number.isInteger(level) && level >= 1 && level <= scale;
}

/** Bottom two levels on the five-level scale, the bottom one on three. */
export function isNotSatisfied(level: number, scale: number): boolean {
  return level <= (scale >= 5 ? 2 : 1);
}

/** The contract's index counts the top two levels of the scale as satisfied. */
export function isSatisfied(level: number, scale: number): boolean {
  return level >= scale - 1;
}

/** Does this answer need a supervisor: a "not satisfied" level or any comment. */
export function opensFeedback(level: number, scale: number, comment: string | null): boolean {
  return isNotSatisfied(level, scale) || (comment !== null && comment.trim() !== '');
}
