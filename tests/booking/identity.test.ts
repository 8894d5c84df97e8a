// What residents type: codes without look-alikes, and the kiosk's reading of a code or QR URL.
import { describe, expect, it } from 'vitest';
import { parseCheckInInput } from '../../server/booking/check-in';
import { CODE_ALPHABET, isCode, newCode } from '../../server/booking/identity';

describe('booking codes', () => {
  it('are 6 characters from an alphabet without 0/O and 1/I', () => {
    expect(CODE_ALPHABET).not.toMatch(/[0O1I]/);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newCode();
      expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(1990);
    expect(isCode('ABC234')).toBe(true);
    expect(isCode('ABC0O1')).toBe(false);
  });

  it('the kiosk reads a typed code, a scanned URL or a bare token', () => {
    expect(parseCheckInInput(' abc-234 ')).toEqual({ code: 'ABC234' });
    expect(parseCheckInInput('https://hcc.example.vn/a/Abc_def-1234567890xyz')).toEqual({ token: 'Abc_def-1234567890xyz' });
    expect(parseCheckInInput('http://localhost:3000/a/Abc_def-1234567890xyz?lang=en')).toEqual({
      token: 'Abc_def-1234567890xyz',
    });
    expect(parseCheckInInput('/a/Abc_def-1234567890xyz')).toEqual({ token: 'Abc_def-1234567890xyz' });
    expect(parseCheckInInput('Abc_def-1234567890xyz')).toEqual({ token: 'Abc_def-1234567890xyz' });
    expect(parseCheckInInput('ABC0O1')).toBeNull();
    expect(parseCheckInInput('')).toBeNull();
    expect(parseCheckInInput('https://evil.example/b/Abc_def-1234567890xyz extra words')).toBeNull();
  });
});
