// Slot generation in Asia/Ho_Chi_Minh with an injected clock: weekdays, sessions, holidays,
// the booking window and local midnight; the capacity rule; the slots endpoint's inputs.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { holidays, services } from '../../db/schema';
import { vietnamHolidays } from '../../server/booking/holidays';
import {
  checkSlot,
  generateSlots,
  type SlotPlan,
  slotAt,
  slotCapacity,
  slotPlan,
  slotPlanOn,
  slotsOfDay,
} from '../../server/booking/slots';
import { getOffice, getService } from '../../server/offices/store';
import { zonedTime } from '../../server/time';
import { at, isoAt, setCapacity, TZ, testApp } from '../helpers';

const sessions = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opensAt: 450, closesAt: 690 },
    { weekday, opensAt: 810, closesAt: 1020 },
  ]),
  { weekday: 6, opensAt: 450, closesAt: 690 },
];

const plan = (now: number, over: Partial<SlotPlan> = {}): SlotPlan => ({
  timezone: TZ,
  sessions,
  holidays: new Set(['2026-12-02']),
  slotMinutes: 30,
  window: { minNoticeMinutes: 60, maxDaysAhead: 14 },
  now,
  ...over,
});

const localTimes = (list: { start: number }[]) =>
  list.map((s) => new Date(s.start + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' '));

describe('slot generation (pure)', () => {
  it('a weekday has the morning and afternoon sessions, in local time', () => {
    const day = slotsOfDay(plan(0), '2026-12-01');
    expect(day).toHaveLength(8 + 7);
    expect(localTimes(day).slice(0, 2)).toEqual(['2026-12-01 07:30', '2026-12-01 08:00']);
    expect(localTimes(day).slice(7, 9)).toEqual(['2026-12-01 11:00', '2026-12-01 13:30']);
    expect(localTimes(day).at(-1)).toBe('2026-12-01 16:30');
    // 07:30 in Ha Noi is 00:30 UTC; the last slot ends at 17:00 local.
    expect(new Date(day[0]!.start).toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(day.at(-1)!.end).toBe(at('2026-12-01', 17));
  });

  it('Saturday has the morning only, Sunday and holidays nothing', () => {
    expect(localTimes(slotsOfDay(plan(0), '2026-12-05')).at(-1)).toBe('2026-12-05 11:00');
    expect(slotsOfDay(plan(0), '2026-12-05')).toHaveLength(8);
    expect(slotsOfDay(plan(0), '2026-12-06')).toHaveLength(0);
    expect(slotsOfDay(plan(0), '2026-12-02')).toHaveLength(0);
  });

  it('a slot that would run past the session end is not offered', () => {
    const day = slotsOfDay(plan(0, { slotMinutes: 45 }), '2026-12-01');
    // Mornings end 10:30-11:15 (11:15 + 45 > 11:30), afternoons 15:45-16:30 (16:30 + 45 > 17:00).
    expect(localTimes(day)).toEqual([
      '2026-12-01 07:30',
      '2026-12-01 08:15',
      '2026-12-01 09:00',
      '2026-12-01 09:45',
      '2026-12-01 10:30',
      '2026-12-01 13:30',
      '2026-12-01 14:15',
      '2026-12-01 15:00',
      '2026-12-01 15:45',
    ]);
  });

  it('keeps the minimum notice and the maximum days ahead', () => {
    const now = at('2026-11-30', 9, 10); // Monday 09:10
    const slots = generateSlots(plan(now), '2026-11-30', 30);
    expect(localTimes(slots)[0]).toBe('2026-11-30 10:30'); // 10:10 is the earliest start
    const days = [...new Set(slots.map((s) => s.localDay))];
    expect(days.at(-1)).toBe('2026-12-14'); // today + 14
    expect(days).not.toContain('2026-12-02'); // holiday
    expect(days).not.toContain('2026-12-06'); // Sunday
    expect(generateSlots(plan(now), '2026-12-15', 5)).toEqual([]);
    expect(generateSlots(plan(now), '2026-11-20', 3)).toEqual([]);
  });

  it('counts days from local midnight, not UTC', () => {
    // Sunday 29 Nov 23:30 in Ha Noi is still Sunday 16:30 UTC; Monday 00:30 local is Sunday 17:30 UTC.
    const lateSunday = at('2026-11-29', 23, 30);
    expect(new Date(lateSunday).getUTCDate()).toBe(29);
    const first = generateSlots(plan(lateSunday), '2026-11-29', 3);
    expect(localTimes(first)[0]).toBe('2026-11-30 07:30');
    expect([...new Set(generateSlots(plan(lateSunday), '2026-11-29', 30).map((s) => s.localDay))].at(-1)).toBe('2026-12-12');

    const earlyMonday = at('2026-11-30', 0, 30);
    expect(new Date(earlyMonday).getUTCDate()).toBe(29); // the UTC day is still Sunday
    const days = [...new Set(generateSlots(plan(earlyMonday), '2026-11-29', 30).map((s) => s.localDay))];
    expect(days[0]).toBe('2026-11-30');
    expect(days.at(-1)).toBe('2026-12-14'); // Monday + 14, not Sunday + 14
    // The minimum notice runs across midnight too: at 23:00 with 9 h notice, 07:30 is too soon.
    const notice = generateSlots(
      plan(at('2026-11-29', 23), { window: { minNoticeMinutes: 9 * 60, maxDaysAhead: 14 } }),
      '2026-11-30',
      1,
    );
    expect(localTimes(notice)[0]).toBe('2026-11-30 08:00');
  });

  it('checks a start against the slots and the window', () => {
    const now = at('2026-11-30', 9);
    const p = plan(now);
    expect(checkSlot(p, at('2026-11-30', 10))).toMatchObject({ ok: true, slot: { localDay: '2026-11-30' } });
    expect(checkSlot(p, at('2026-11-30', 10, 10))).toEqual({ ok: false, code: 'NOT_A_SLOT' });
    expect(checkSlot(p, at('2026-11-30', 8))).toEqual({ ok: false, code: 'SLOT_IN_PAST' });
    expect(checkSlot(p, at('2026-11-30', 9, 30))).toEqual({ ok: false, code: 'OUTSIDE_WINDOW' });
    expect(checkSlot(p, at('2026-12-15', 8))).toEqual({ ok: false, code: 'OUTSIDE_WINDOW' });
    expect(checkSlot(p, at('2026-12-02', 8))).toEqual({ ok: false, code: 'NOT_A_SLOT' });
    expect(checkSlot(p, at('2026-12-06', 8))).toEqual({ ok: false, code: 'NOT_A_SLOT' });
  });
});

describe('capacity per slot', () => {
  it('counters x slot length / service time, minus the walk-in share, floored', () => {
    const base = { configured: null, counters: 2, slotMinutes: 30, avgServiceMinutes: 10, walkInReserve: 0.3 };
    expect(slotCapacity(base)).toBe(4); // 6 x 0.7 = 4.2
    expect(slotCapacity({ ...base, counters: 5 })).toBe(10); // 15 x 0.7 = 10.5
    expect(slotCapacity({ ...base, avgServiceMinutes: 30, counters: 10 })).toBe(7); // 10 x 0.7, no float slip to 6
    expect(slotCapacity({ ...base, walkInReserve: 0 })).toBe(6);
    expect(slotCapacity({ ...base, walkInReserve: 1 })).toBe(0);
    expect(slotCapacity({ ...base, counters: 0 })).toBe(0);
    expect(slotCapacity({ ...base, configured: 8 })).toBe(8);
  });
});

describe('holidays seed', () => {
  it('has Tết and Giỗ Tổ on their 2026 and 2027 solar dates, and the 2026 break', () => {
    const dates = new Set(vietnamHolidays.map((h) => h.date));
    for (const d of [
      '2026-02-17',
      '2027-02-06',
      '2026-04-27',
      '2027-04-16',
      '2026-04-30',
      '2026-05-01',
      '2026-09-02',
      '2027-09-02',
    ])
      expect(dates).toContain(d);
    for (let d = 14; d <= 22; d++) expect(dates).toContain(`2026-02-${d}`);
    expect(dates).not.toContain('2026-02-13');
    expect(dates).not.toContain('2026-02-23');
  });

  it('is seeded into the demo office and closes those days', async () => {
    const { db, client, clock } = await testApp();
    expect((await db.select().from(holidays).where(eq(holidays.date, '2026-02-17')))[0]?.name).toMatch(/Tết/);
    clock.set(at('2026-02-10', 9));
    const r = await client.get('/api/offices/1/services/1/slots?from=2026-02-13&days=11');
    const days = [
      ...new Set(
        (r.body as { start: string }[]).map((s) => new Date(Date.parse(s.start) + 7 * 3600_000).toISOString().slice(0, 10)),
      ),
    ];
    expect(days).toEqual(['2026-02-13', '2026-02-23']);
  });
});

describe('GET .../slots', () => {
  it('answers ISO instants with capacity and remaining, from today by default', async () => {
    const { client } = await testApp();
    const r = await client.get('/api/offices/1/services/1/slots?days=1');
    expect(r.status).toBe(200);
    expect(r.body[0]).toEqual({ start: isoAt('2026-11-30', 10), end: isoAt('2026-11-30', 10, 30), capacity: 4, remaining: 4 });
    expect(r.body.at(-1).start).toBe(isoAt('2026-11-30', 16, 30));
    const week = await client.get('/api/offices/1/services/1/slots');
    expect(new Set(week.body.map((s: { start: string }) => s.start.slice(0, 10))).size).toBeGreaterThan(4);
  });

  it('uses the configured capacity and the counters serving the service', async () => {
    const { store, client, db } = await testApp();
    await setCapacity(store, 1, 8);
    expect((await client.get('/api/offices/1/services/1/slots?days=1')).body[0].capacity).toBe(8);
    // Service 8 (H: land registration, 20 min) is served by counters 4 and 6: 2 x 30 / 20 x 0.7 = 2.1.
    expect((await client.get('/api/offices/1/services/8/slots?days=1')).body[0].capacity).toBe(2);
  });

  it('refuses malformed dates, day counts, unknown and non-bookable services with a code', async () => {
    const { store, client, db } = await testApp();
    for (const [query, code] of [
      ['from=2026-13-01', 'INVALID_DATE'],
      ['from=2026-02-30', 'INVALID_DATE'],
      ['from=30/11/2026', 'INVALID_DATE'],
      ['from=', 'INVALID_DATE'],
      ['days=0', 'INVALID_DAYS'],
      ['days=32', 'INVALID_DAYS'],
      ['days=abc', 'INVALID_DAYS'],
      ['days=-1', 'INVALID_DAYS'],
    ] as const) {
      const r = await client.get(`/api/offices/1/services/1/slots?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code, query).toBe(code);
    }
    expect((await client.get('/api/offices/1/services/999/slots')).body.error.code).toBe('SERVICE_NOT_FOUND');
    expect((await client.get('/api/offices/1/services/x/slots')).status).toBe(404);
    expect((await client.get('/api/offices/9/services/1/slots')).body.error.code).toBe('OFFICE_NOT_FOUND');
    await store.write((tx) => tx.update(services).set({ bookable: false }).where(eq(services.id, 2)));
    const nb = await client.get('/api/offices/1/services/2/slots');
    expect(nb.status).toBe(400);
    expect(nb.body.error.code).toBe('SERVICE_NOT_BOOKABLE');
  });

  it('follows the injected clock', async () => {
    const { client, clock } = await testApp();
    clock.set(at('2026-11-30', 15, 45));
    const r = await client.get('/api/offices/1/services/1/slots?days=2');
    // The earliest start is 16:45, after the last slot of the day (16:30): tomorrow morning.
    expect(r.body[0].start).toBe(isoAt('2026-12-01', 7, 30));
    clock.set(at('2026-11-30', 15, 30));
    expect((await client.get('/api/offices/1/services/1/slots?days=2')).body[0].start).toBe(isoAt('2026-11-30', 16, 30));
  });
});

describe('slotAt', () => {
  // checkSlot finds a booking's slot directly; it must agree with the day's generated slots for
  // any instant: slot starts, instants between them, odd seconds, and across a clock change
  // (where a skipped wall time is no slot, and overlapping sessions list a slot once).
  it('finds exactly the slot slotsOfDay has at that instant, and nothing else', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'Europe/Berlin', 'Australia/Lord_Howe'];
    const sessions = [
      { weekday: 0, opensAt: 0, closesAt: 240 },
      { weekday: 0, opensAt: 60, closesAt: 300 },
      ...[1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, opensAt: 7 * 60 + 30, closesAt: 11 * 60 + 30 },
        { weekday, opensAt: 13 * 60 + 30, closesAt: 17 * 60 },
      ]),
      { weekday: 6, opensAt: 90, closesAt: 200 },
    ];
    let found = 0;
    for (const timezone of zones) {
      for (const slotMinutes of [15, 20, 30, 45]) {
        // Berlin's 2026 clock changes fall on Sundays (29 March, 25 October); Lord Howe's on 5 April.
        for (const day of ['2026-03-29', '2026-04-05', '2026-10-25', '2026-11-30', '2026-12-05', '2026-12-06']) {
          const p = { timezone, sessions, holidays: new Set(['2026-12-06']), slotMinutes };
          const slots = slotsOfDay(p, day);
          const from = zonedTime(day, 0, timezone) - 3_600_000;
          for (let t = from; t < from + 28 * 3_600_000; t += 5 * 60_000) {
            for (const instant of [t, t + 1000]) {
              const expected = slots.find((s) => s.start === instant);
              const got = slotAt(p, day, instant);
              const where = `${timezone} ${slotMinutes} ${new Date(instant).toISOString()}`;
              expect(got, where).toEqual(expected);
              if (expected) found++;
            }
          }
        }
      }
    }
    expect(found).toBeGreaterThan(500);
  });
});

describe('slotsOfDay across a clock change', () => {
  it('lists no slot for the wall times a spring-forward skips, and each slot once', () => {
    const timezone = 'Europe/Berlin';
    // Sunday 29 March 2026: 02:00 becomes 03:00. Two overlapping sessions 00:00-04:00, 01:00-05:00.
    const p = {
      timezone,
      sessions: [
        { weekday: 0, opensAt: 0, closesAt: 240 },
        { weekday: 0, opensAt: 60, closesAt: 300 },
      ],
      holidays: new Set<string>(),
      slotMinutes: 30,
    };
    const wall = slotsOfDay(p, '2026-03-29').map((s) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit' }).format(s.start),
    );
    expect(wall).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30', '04:00', '04:30']);
  });
});

describe('slotPlanOn', () => {
  // A booking reads only its own day's sessions and whether that day is a holiday; checkSlot
  // must give the same answer as with the office's whole plan, for any instant.
  it('checks every instant of four weeks exactly as the whole plan does', async () => {
    const { store, db, clock } = await testApp();
    const office = (await getOffice(db, 1))!;
    const service = (await getService(db, 1, 1))!;
    await store.write((tx) => tx.insert(holidays).values({ officeId: 1, date: '2026-12-04', name: 'Test' }));
    const now = clock.now();
    const whole = await slotPlan(db, office, service, now);
    const from = zonedTime('2026-11-29', 0, TZ);
    const seen = new Map<string, number>();
    for (let t = from; t < from + 28 * 86_400_000; t += 15 * 60_000) {
      for (const instant of [t, t + 1000]) {
        const expected = checkSlot(whole, instant);
        expect(checkSlot(await slotPlanOn(db, office, service, now, instant), instant), new Date(instant).toISOString()).toEqual(
          expected,
        );
        const key = expected.ok ? 'ok' : expected.code;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    // Every outcome occurred: booked slots, non-slots (nights, weekends, the holiday), the past
    // and outside the window.
    expect([...seen.keys()].sort()).toEqual(['NOT_A_SLOT', 'OUTSIDE_WINDOW', 'SLOT_IN_PAST', 'ok']);
  });
});
