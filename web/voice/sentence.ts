// The announcement of a call: the sentence shown and logged, and the words spoken, which are
// the keys of the recorded clips (web/public/audio/vi/manifest.json) and, joined, what a
// browser voice is given.
import { numberWords, type ReadOptions, ticketWords } from './numbers';

export const INTRO = 'Kính mời công dân có số thứ tự';
export const TO_COUNTER = 'đến quầy số';
/** The chime played before every announcement (a clip key, never spoken). */
export const CHIME = '♪';

export interface Announcement {
  /** "Kính mời công dân có số thứ tự A023 đến quầy số 3" */
  text: string;
  number: string;
  counterNumber: number;
  recall: boolean;
  /** The spoken words in order, without the chime: ["Kính mời…", "a", "hai", "mươi", "ba", "đến quầy số", "ba"]. */
  words: string[];
}

export function announcement(
  call: { number: string; counterNumber: number; recall?: boolean },
  options: ReadOptions = {},
): Announcement {
  return {
    text: `${INTRO} ${call.number} ${TO_COUNTER} ${call.counterNumber}`,
    number: call.number,
    counterNumber: call.counterNumber,
    recall: call.recall ?? false,
    words: [INTRO, ...ticketWords(call.number, options), TO_COUNTER, ...numberWords(call.counterNumber, options)],
  };
}

/** What a speech synthesiser is given: the words with the letter names' hyphens as spaces. */
export function spokenText(a: Announcement): string {
  return a.words.map((w) => w.replaceAll('-', ' ')).join(' ');
}
