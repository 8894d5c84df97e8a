// Vietnamese number reading, as a caller in a public office says it: 21 "hai mươi mốt",
// 15 "mười lăm", 105 "một trăm linh năm", 1005 "một nghìn không trăm linh năm". Pure, so the
// lobby display and the resident's phone read numbers the same way.

export interface ReadOptions {
  /** 4 after "mươi": "bốn" (default, the standard reading) or "tư" (common in speech: "hai mươi tư"). */
  four?: 'bốn' | 'tư';
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const SCALES = ['', 'nghìn', 'triệu', 'tỷ'] as const;
export const MAX_READABLE = 999_999_999_999;

/** The words for 0 <= n <= 999 999 999 999, e.g. 21 -> ["hai", "mươi", "mốt"]. */
export function numberWords(n: number, options: ReadOptions = {}): string[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_READABLE) throw new RangeError(`cannot read ${n}`);
  if (n === 0) return ['không'];
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    // Below a higher group, a group is read in full: 1005 "một nghìn không trăm linh năm".
    words.push(...groupWords(g, i < groups.length - 1, options));
    if (SCALES[i]) words.push(SCALES[i]!);
  }
  return words;
}

/** The reading as one string: 105 -> "một trăm linh năm". */
export function readNumber(n: number, options: ReadOptions = {}): string {
  return numberWords(n, options).join(' ');
}

function groupWords(g: number, full: boolean, options: ReadOptions): string[] {
  const h = Math.floor(g / 100);
  const t = Math.floor(g / 10) % 10;
  const u = g % 10;
  const words: string[] = [];
  const hasHundreds = h > 0 || full;
  if (hasHundreds) words.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0) {
      if (hasHundreds) words.push('linh');
      words.push(DIGITS[u]!);
    }
  } else if (t === 1) {
    words.push('mười');
    if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u]!);
  } else {
    words.push(DIGITS[t]!, 'mươi');
    if (u === 1) words.push('mốt');
    else if (u === 4) words.push(options.four ?? 'bốn');
    else if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u]!);
  }
  return words;
}

/** Vietnamese names of the Latin letters, as read aloud in a queue ("A" "a", "L" "e-lờ"). */
export const LETTER_NAMES: Record<string, string> = {
  A: 'a',
  B: 'bê',
  C: 'xê',
  D: 'dê',
  Đ: 'đê',
  E: 'e',
  F: 'ép',
  G: 'giê',
  H: 'hát',
  I: 'i',
  J: 'gi',
  K: 'ca',
  L: 'e-lờ',
  M: 'em-mờ',
  N: 'en-nờ',
  O: 'o',
  P: 'pê',
  Q: 'quy',
  R: 'e-rờ',
  S: 'ét-sì',
  T: 'tê',
  U: 'u',
  V: 'vê',
  W: 'vê-kép',
  X: 'ích-xì',
  Y: 'i-dài',
  Z: 'dét',
};

/**
 * A ticket number as words: its letters by name, then the number without its leading zeros.
 * "A023" -> ["a", "hai", "mươi", "ba"]; "L1000" -> ["e-lờ", "một", "nghìn"].
 */
export function ticketWords(ticket: string, options: ReadOptions = {}): string[] {
  const words: string[] = [];
  for (const part of ticket
    .trim()
    .toUpperCase()
    .match(/\d+|\D/g) ?? []) {
    if (/^\d+$/.test(part)) {
      const n = Number(part);
      // A run of digits too long to read as a number is read digit by digit.
      if (part.length > 12) words.push(...[...part].map((d) => DIGITS[Number(d)]!));
      else words.push(...numberWords(n, options));
    } else if (LETTER_NAMES[part]) {
      words.push(LETTER_NAMES[part]!);
    }
    // Anything else (a dash, a space) is not read.
  }
  return words;
}
