// Office-local calendar arithmetic. Instants are UTC epoch ms; days are 'YYYY-MM-DD' strings in
// the office's IANA time zone (Asia/Ho_Chi_Minh by default).

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
}

export function localParts(instant: number, timeZone: string): LocalParts {
  const t = new Date(Math.floor(instant / 1000) * 1000 + offsetMs(instant, timeZone));
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    weekday: t.getUTCDay(),
  };
}

/** The wall clock of an instant read from Intl: exact, and slow (a few microseconds). */
function intlParts(instant: number, timeZone: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: weekdays[out.weekday ?? 'Sun'] ?? 0,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The office-local day of an instant, as YYYY-MM-DD. */
export function localDay(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes since local midnight. */
export function localMinuteOfDay(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return p.hour * 60 + p.minute;
}

/** The UTC instant of a local wall-clock time (day + minutes after midnight) in a time zone. */
export function zonedTime(day: string, minutes: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, 0, minutes);
  // Offset at the guess, then correct once more in case the guess crossed a transition.
  let instant = asUtc - offsetMs(asUtc, timeZone);
  instant = asUtc - offsetMs(instant, timeZone);
  return instant;
}

/** The zone's offset from UTC at an instant, exactly as Intl reads it. */
function intlOffsetMs(instant: number, timeZone: string): number {
  const p = intlParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const HOUR = 3_600_000;
/** Per zone and UTC hour: the offset when it holds for the whole hour, null when it changes. */
const offsets = new Map<string, number | null>();

/**
 * The zone's offset at an instant. Slots, days and timings ask for it thousands of times a
 * second, and Intl is slow, so the answer is kept per UTC hour: an hour whose first and last
 * second have the same offset has no transition inside (transitions are months apart), so that
 * offset holds for all of it. An hour with a transition is asked of Intl every time.
 */
function offsetMs(instant: number, timeZone: string): number {
  const hour = Math.floor(instant / HOUR);
  const key = `${timeZone}|${hour}`;
  let known = offsets.get(key);
  if (known === undefined) {
    const first = intlOffsetMs(hour * HOUR, timeZone);
    known = first === intlOffsetMs(hour * HOUR + HOUR - 1000, timeZone) ? first : null;
    if (offsets.size >= 20_000) offsets.clear();
    offsets.set(key, known);
  }
  return known ?? intlOffsetMs(instant, timeZone);
}

/** Adds days to a YYYY-MM-DD day (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Weekday (0 = Sunday) of a YYYY-MM-DD day. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isValidDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  return addDays(day, 0) === day;
}
