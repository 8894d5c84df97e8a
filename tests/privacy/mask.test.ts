import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '../../server/privacy/mask';

describe('masking for staff screens', () => {
  it('masks the middle of a phone number', () => {
    expect(maskPhone('0912345678')).toBe('091****678');
    expect(maskPhone('0912 345 678')).toBe('091****678');
    expect(maskPhone('+84912345678')).toBe('+84******678');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
  });
  it('never shows the digits it hides', () => {
    const masked = maskPhone('0987654321');
    expect(masked).not.toContain('7654');
    expect(masked).toHaveLength(10);
  });
  it('keeps a family name and initials', () => {
    expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V. A.');
    expect(maskName('Ánh')).toBe('Á.');
    expect(maskName('  ')).toBe('');
  });
});
