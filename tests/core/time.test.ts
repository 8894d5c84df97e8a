// The office's wall clock (server/time.ts) keeps each zone's offset per UTC hour instead of
// asking Intl every time: it must still read exactly what Intl reads, across daylight-saving
// transitions, half-hour zones and a zone whose clocks move by 30 minutes.
import { describe, expect, it } from 'vitest';
import { localDay, localParts, zonedTime } from '../../server/time';

const zones = [
  'Asia/Ho_Chi_Minh',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];

function intl(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!),
  };
}

/** mulberry32, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('office wall clock', () => {
  it('reads what Intl reads at random instants from 1990 to 2040', () => {
    const rnd = prng(20261202);
    const from = Date.UTC(1990, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (const zone of zones) {
      for (let i = 0; i < 2000; i++) {
        const instant = from + Math.floor(rnd() * (to - from));
        expect(localParts(instant, zone), `${zone} ${new Date(instant).toISOString()}`).toEqual(intl(instant, zone));
      }
    }
  });

  it('reads what Intl reads every minute around the 2026 transitions', () => {
    const around = [
      ['Europe/Berlin', Date.UTC(2026, 2, 29, 1)],
      ['Europe/Berlin', Date.UTC(2026, 9, 25, 1)],
      ['America/New_York', Date.UTC(2026, 2, 8, 7)],
      ['America/New_York', Date.UTC(2026, 10, 1, 6)],
      ['America/St_Johns', Date.UTC(2026, 2, 8, 5, 30)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)],
      ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 30)],
      ['Pacific/Chatham', Date.UTC(2026, 3, 4, 14)],
    ] as const;
    for (const [zone, transition] of around) {
      // Changing offsets somewhere in these three hours, checked minute by minute and at odd seconds.
      for (let t = transition - 90 * 60_000; t <= transition + 90 * 60_000; t += 60_000 + 7_000) {
        expect(localParts(t, zone), `${zone} ${new Date(t).toISOString()}`).toEqual(intl(t, zone));
      }
    }
  });

  it('turns a local day and time into the instant and back', () => {
    expect(new Date(zonedTime('2026-12-02', 7 * 60 + 30, 'Asia/Ho_Chi_Minh')).toISOString()).toBe('2026-12-02T00:30:00.000Z');
    // 02:30 does not exist in Berlin on 29 March 2026; 10:00 is after the change (UTC+2).
    expect(new Date(zonedTime('2026-03-29', 10 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(new Date(zonedTime('2026-03-28', 10 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-28T09:00:00.000Z');
    // Local midnight belongs to the new day.
    expect(localDay(Date.UTC(2026, 11, 1, 17, 0), 'Asia/Ho_Chi_Minh')).toBe('2026-12-02');
    expect(localDay(Date.UTC(2026, 11, 1, 16, 59, 59), 'Asia/Ho_Chi_Minh')).toBe('2026-12-01');
  });
});
