import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberWords, readNumber, ticketWords } from '../../web/voice/numbers';

describe('Vietnamese number reading', () => {
  it.each([
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [9, 'chín'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [19, 'mười chín'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [23, 'hai mươi ba'],
    [24, 'hai mươi bốn'],
    [25, 'hai mươi lăm'],
    [31, 'ba mươi mốt'],
    [55, 'năm mươi lăm'],
    [90, 'chín mươi'],
    [99, 'chín mươi chín'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [111, 'một trăm mười một'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [205, 'hai trăm linh năm'],
    [250, 'hai trăm năm mươi'],
    [999, 'chín trăm chín mươi chín'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm linh một'],
    [1005, 'một nghìn không trăm linh năm'],
    [1010, 'một nghìn không trăm mười'],
    [1015, 'một nghìn không trăm mười lăm'],
    [1021, 'một nghìn không trăm hai mươi mốt'],
    [1100, 'một nghìn một trăm'],
    [2025, 'hai nghìn không trăm hai mươi lăm'],
    [10_000, 'mười nghìn'],
    [15_000, 'mười lăm nghìn'],
    [21_000, 'hai mươi mốt nghìn'],
    [100_000, 'một trăm nghìn'],
    [1_000_000, 'một triệu'],
    [1_000_005, 'một triệu không trăm linh năm'],
    [2_500_000, 'hai triệu năm trăm nghìn'],
    [1_000_000_000, 'một tỷ'],
  ])('%i -> %s', (n, words) => {
    expect(readNumber(n)).toBe(words);
  });

  it('reads 4 after "mươi" as "tư" when asked, never after "mười" or "linh"', () => {
    expect(readNumber(24, { four: 'tư' })).toBe('hai mươi tư');
    expect(readNumber(94, { four: 'tư' })).toBe('chín mươi tư');
    expect(readNumber(14, { four: 'tư' })).toBe('mười bốn');
    expect(readNumber(104, { four: 'tư' })).toBe('một trăm linh bốn');
    expect(readNumber(4, { four: 'tư' })).toBe('bốn');
  });

  it('refuses what it cannot read', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) {
      expect(() => numberWords(bad)).toThrow(RangeError);
    }
  });

  it('never says "mốt" or "lăm" alone, "linh" without hundreds, or "mười" with "mươi"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        const w = numberWords(n);
        w.forEach((word, i) => {
          if (word === 'mốt') expect(w[i - 1]).toBe('mươi');
          if (word === 'lăm') expect(['mươi', 'mười']).toContain(w[i - 1]);
          if (word === 'linh') expect(w[i - 1]).toBe('trăm');
        });
        // Units of 1 and 5 after a tens word always take their special forms.
        if (n % 100 > 20 && n % 10 === 1) expect(w.at(-1) === 'mốt' || ['nghìn', 'triệu', 'tỷ'].includes(w.at(-1)!)).toBe(true);
      }),
    );
  });
});

describe('ticket numbers', () => {
  it.each([
    ['A023', 'a hai mươi ba'],
    ['A001', 'a một'],
    ['B010', 'bê mười'],
    ['C015', 'xê mười lăm'],
    ['D021', 'dê hai mươi mốt'],
    ['E105', 'e một trăm linh năm'],
    ['F100', 'ép một trăm'],
    ['G004', 'giê bốn'],
    ['H999', 'hát chín trăm chín mươi chín'],
    ['K025', 'ca hai mươi lăm'],
    ['L1000', 'e-lờ một nghìn'],
    ['M012', 'em-mờ mười hai'],
    ['N031', 'en-nờ ba mươi mốt'],
    ['P050', 'pê năm mươi'],
    ['R007', 'e-rờ bảy'],
    ['AB012', 'a bê mười hai'],
    ['a023', 'a hai mươi ba'],
    ['042', 'bốn mươi hai'],
  ])('%s -> %s', (ticket, words) => {
    expect(ticketWords(ticket).join(' ')).toBe(words);
  });

  it('drops leading zeros but reads a zero ticket', () => {
    expect(ticketWords('A000')).toEqual(['a', 'không']);
  });
});
