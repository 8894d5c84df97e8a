// The booking's .ics file: UTC times, SUMMARY, LOCATION, UID, DTSTAMP, CRLF, escaped and folded text.
import { describe, expect, it } from 'vitest';
import { escapeText, fold, icsCalendar } from '../../server/booking/ics';
import { isoAt, testApp } from '../helpers';

describe('calendar.ics', () => {
  it('serves the booking as an iCalendar event in UTC', async () => {
    const { client } = await testApp();
    const b = await client.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: isoAt('2026-11-30', 10),
      name: 'A',
      phone: '0912345678',
    });
    const r = await client.get(`/api/appointments/${b.body.token}/calendar.ics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = r.body as string;
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const unfolded = text.replace(/\r\n /g, '');
    const lines = unfolded.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain('DTSTART:20261130T030000Z'); // 10:00 in Ha Noi
    expect(lines).toContain('DTEND:20261130T033000Z');
    expect(lines).toContain('DTSTAMP:20261130T020000Z'); // the test clock: 09:00 local
    expect(lines).toContain('SUMMARY:Đăng ký khai sinh');
    expect(lines).toContain(
      'LOCATION:Trung tâm Phục vụ hành chính công phường Ba Đình\\, Số 10 phố Phan Đình Phùng\\, phường Ba Đình\\, thành phố Hà Nội',
    );
    expect(lines.find((l) => l.startsWith('UID:'))).toMatch(new RegExp(`^UID:appointment-${b.body.id}-${b.body.code}@`));
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain(b.body.code);
    // Reminders: the day before and an hour before, inside the event.
    expect(lines.filter((l) => l.startsWith('TRIGGER:'))).toEqual(['TRIGGER:-PT1440M', 'TRIGGER:-PT60M']);
    expect(lines.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(2);
    expect(lines.indexOf('END:VEVENT')).toBeGreaterThan(lines.lastIndexOf('END:VALARM'));
    expect(lines).toContain('ACTION:DISPLAY');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });

  it('escapes text values and folds long lines on character boundaries', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const long = `SUMMARY:${'Chứng thực hợp đồng, giao dịch '.repeat(6)}`;
    const folded = fold(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    const cal = icsCalendar({ uid: 'u1', stamp: 0, start: 0, end: 60_000, summary: 'S', location: 'L' });
    expect(cal).toContain('DTSTART:19700101T000000Z\r\nDTEND:19700101T000100Z\r\n');
  });
});
