// Working-day arithmetic for dossiers: weekends, the seeded holidays (Tết, 30/4-1/5, 2/9),
// the afternoon cut-off, the supplement pause; and the properties that the due date is never a
// day off and never fewer than `processingDays` working days after the start.
import { describe, expect, it } from 'vitest';
import { vietnamHolidays } from '../../server/booking/holidays';
import {
  addWorkingDays,
  dueAt,
  isWorkingDay,
  type OfficeCalendar,
  resumedDueAt,
  startDay,
  workingDaysBetween,
} from '../../server/dossiers/working-days';
import { addDays, localDay, zonedTime } from '../../server/time';

const TZ = 'Asia/Ho_Chi_Minh';
const cal: OfficeCalendar = {
  timezone: TZ,
  holidays: new Set(vietnamHolidays.map((h) => h.date)),
  closesAt: new Map([1, 2, 3, 4, 5].map((d) => [d, 17 * 60] as [number, number]).concat([[6, 11 * 60 + 30]])),
};
const at = (day: string, h: number, m = 0) => zonedTime(day, h * 60 + m, TZ);
const dueDay = (received: number, n: number) => localDay(dueAt(received, n, cal), TZ);

describe('due dates in working days', () => {
  it.each<[string, number, number, string, string]>([
    // [received day, hour, processing days, due day, why]
    ['2026-12-07', 9, 0, '2026-12-07', 'same-day procedure: due the same day'],
    ['2026-12-07', 9, 1, '2026-12-08', 'one working day: the next day'],
    ['2026-12-11', 9, 1, '2026-12-14', 'Friday + 1: Monday, over the weekend'],
    ['2026-12-11', 15, 0, '2026-12-14', 'Friday at 15:00: counts from Monday'],
    ['2026-12-10', 14, 2, '2026-12-14', 'Thursday 14:59 and before: counts from Thursday'],
    ['2026-12-10', 16, 2, '2026-12-15', 'Thursday afternoon after 15:00: counts from Friday'],
    ['2026-12-12', 9, 0, '2026-12-14', 'received on Saturday morning: Monday'],
    ['2026-12-30', 9, 2, '2027-01-04', 'over New Year (1/1 off) and the weekend'],
    ['2026-04-29', 9, 1, '2026-05-04', '30/4 and 1/5 off, then the weekend'],
    ['2026-08-31', 9, 1, '2026-09-03', '1/9 and 2/9 off'],
    ['2026-02-13', 9, 1, '2026-02-23', 'Tết 2026 (14/2 to 22/2)'],
    ['2026-12-07', 9, 10, '2026-12-21', 'land change registration, about 10 working days'],
    ['2027-02-04', 9, 1, '2027-02-12', 'Tết 2027 (5/2 to 11/2)'],
    ['2027-04-29', 9, 1, '2027-05-04', '30/4 (Friday) and the 1/5 Saturday taken on Monday 3/5'],
    ['2027-09-01', 9, 1, '2027-09-06', '2/9 and 3/9 off, then the weekend'],
    ['2027-04-15', 16, 0, '2027-04-19', 'Thursday after 15:00, Giỗ Tổ on Friday 16/4: Monday'],
  ])('%s %s:00 + %i days -> %s (%s)', (day, hour, n, due) => {
    expect(dueDay(at(day, hour), n)).toBe(due);
    // Due at the end of the office's day.
    expect(dueAt(at(day, hour), n, cal)).toBe(at(due, 17));
  });

  it('the cut-off is 15:00 exactly', () => {
    expect(startDay(at('2026-12-07', 14, 59), cal)).toBe('2026-12-07');
    expect(startDay(at('2026-12-07', 15, 0), cal)).toBe('2026-12-08');
  });

  it('a request for papers stops the clock: the due day moves on by the working days waited', () => {
    const received = at('2026-12-07', 9);
    const due = dueAt(received, 5, cal); // Monday 14/12
    expect(localDay(due, TZ)).toBe('2026-12-14');
    // Asked Tuesday 8/12, papers back Friday 11/12: three working days (Wed, Thu, Fri).
    const moved = resumedDueAt(due, at('2026-12-08', 10), at('2026-12-11', 9), cal);
    expect(localDay(moved, TZ)).toBe('2026-12-17');
    // Asked and returned the same day: nothing moves.
    expect(resumedDueAt(due, at('2026-12-08', 10), at('2026-12-08', 16), cal)).toBe(due);
    // Over a weekend: asked Friday, back Monday: one working day.
    expect(workingDaysBetween('2026-12-11', '2026-12-14', cal)).toBe(1);
    // Asked twice: each pause counts once, never the time before the first request.
    const twice = resumedDueAt(
      resumedDueAt(due, at('2026-12-08', 10), at('2026-12-09', 9), cal),
      at('2026-12-10', 9),
      at('2026-12-10', 11),
      cal,
    );
    expect(localDay(twice, TZ)).toBe('2026-12-15');
  });

  it('property: the due day is a working day, at least processingDays working days after the start', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const day = addDays('2026-01-01', Math.floor(rnd() * 700));
      const received = at(day, Math.floor(rnd() * 24), Math.floor(rnd() * 60));
      const n = Math.floor(rnd() * 30);
      const due = dueDay(received, n);
      const start = startDay(received, cal);
      expect(isWorkingDay(due, cal), `${day} +${n}`).toBe(true);
      expect(isWorkingDay(start, cal)).toBe(true);
      expect(due >= localDay(received, TZ)).toBe(true);
      expect(workingDaysBetween(start, due, cal), `${day} +${n}`).toBe(n);
      expect(addWorkingDays(start, n, cal)).toBe(due);
    }
  });
});
