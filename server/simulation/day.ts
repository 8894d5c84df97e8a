// A simulated day of a ward centre (the yardstick for the estimate and the staffing planner),
// pure and seeded: walk-in arrivals by hour (a non-homogeneous Poisson process with the morning
// peak and the after-lunch bump, drawn by thinning), a priority share, bookings with their own
// no-shows and early or late arrivals, services with skewed (log-normal) service times of their
// own means, counters serving overlapping services at their own speeds, a pause or two,
// transfers and a counter closing early. The plan is only what happens to the office; how the
// queue then runs is the engine's (./office.ts in memory, ./store-driver.ts through the store).
import type { FairnessRule } from '../calling/policy';
import { logNormalOf, normal, type Rng, rng } from './random';

export interface SimService {
  id: number;
  prefix: string;
  name: string;
  /** Mean service time in minutes and its coefficient of variation (log-normal). */
  meanMinutes: number;
  cv: number;
  /** Share of walk-in arrivals. */
  share: number;
}

export interface SimCounter {
  id: number;
  number: number;
  serviceIds: number[];
  /** The officer's pace: service times are multiplied by it. */
  speed: number;
}

export interface OfficeModel {
  services: SimService[];
  counters: SimCounter[];
  rule: FairnessRule;
  /** Minutes of the local day: sessions [from, to). */
  sessions: [number, number][];
  /** Relative walk-in arrival rate per local hour (index = hour). */
  hourShape: number[];
}

export interface DayOptions {
  walkIns: number;
  bookings: number;
  priorityShare: number;
  bookingNoShow: number;
  /** Called residents who do not come to the counter. */
  callNoShow: number;
  transferShare: number;
  pauses: number;
  /** A counter (by index) closing early, at a minute of the day. */
  closeEarly: { counter: number; at: number } | null;
  /** Check-in window around the slot, minutes (late beyond it: a walk-in). */
  earlyMinutes: number;
  lateMinutes: number;
}

export interface Arrival {
  /** Minutes since local midnight, fractional. */
  at: number;
  serviceId: number;
  priority: boolean;
  /** For a booking checked in on time: its slot start (minutes). */
  slotStart: number | null;
  booking: boolean;
  /** The draw of its service time (standard normal) and its fate at the counter. */
  z: number;
  noShow: boolean;
  transferTo: number | null;
  walkSeconds: number;
}

export interface DayPlan {
  arrivals: Arrival[];
  /** Counter index, from and to (minutes). */
  pauses: { counter: number; from: number; to: number }[];
  closeEarly: { counter: number; at: number } | null;
  bookedNoShows: number;
}

/** A ward centre like the demo office: six counters over eight services, overlapping. */
export const WARD_CENTRE: OfficeModel = {
  services: [
    { id: 1, prefix: 'A', name: 'Đăng ký khai sinh', meanMinutes: 8, cv: 0.5, share: 0.16 },
    { id: 2, prefix: 'B', name: 'Chứng thực bản sao', meanMinutes: 4, cv: 0.6, share: 0.22 },
    { id: 3, prefix: 'C', name: 'Đăng ký kết hôn', meanMinutes: 12, cv: 0.5, share: 0.08 },
    { id: 4, prefix: 'D', name: 'Hộ tịch khác', meanMinutes: 10, cv: 0.6, share: 0.1 },
    { id: 5, prefix: 'E', name: 'Đất đai', meanMinutes: 18, cv: 0.7, share: 0.12 },
    { id: 6, prefix: 'F', name: 'Xây dựng', meanMinutes: 15, cv: 0.6, share: 0.07 },
    { id: 7, prefix: 'G', name: 'Đăng ký kinh doanh', meanMinutes: 12, cv: 0.5, share: 0.1 },
    { id: 8, prefix: 'H', name: 'Chính sách xã hội', meanMinutes: 9, cv: 0.6, share: 0.15 },
  ],
  counters: [
    { id: 1, number: 1, serviceIds: [1, 3, 4], speed: 1.0 },
    { id: 2, number: 2, serviceIds: [1, 2], speed: 0.9 },
    { id: 3, number: 3, serviceIds: [2, 8], speed: 1.1 },
    { id: 4, number: 4, serviceIds: [5, 6], speed: 1.0 },
    { id: 5, number: 5, serviceIds: [5, 7, 6], speed: 1.2 },
    { id: 6, number: 6, serviceIds: [7, 8, 2, 4], speed: 0.95 },
  ],
  rule: { maxPriorityInRow: 2, maxWaitMinutes: 45, bookingLeadMinutes: 2 },
  sessions: [
    [7 * 60 + 30, 11 * 60 + 30],
    [13 * 60 + 30, 17 * 60],
  ],
  //          0  1  2  3  4  5  6  7    8    9    10   11   12 13   14   15   16
  hourShape: [0, 0, 0, 0, 0, 0, 0, 0.7, 1.6, 1.4, 1.0, 0.5, 0, 0.9, 1.2, 0.8, 0.5],
};

export const BUSY_DAY: DayOptions = {
  walkIns: 250,
  bookings: 30,
  priorityShare: 0.12,
  bookingNoShow: 0.15,
  callNoShow: 0.04,
  transferShare: 0.04,
  pauses: 2,
  closeEarly: { counter: 1, at: 15 * 60 + 30 },
  earlyMinutes: 30,
  lateMinutes: 10,
};

/** Walk-ins stop this long before a session ends. */
const LAST_CALL_MINUTES = 30;

/** The walk-in arrival rate (per minute) at a minute of the day. */
export function rateAt(office: OfficeModel, minute: number, perMinuteAtShapeOne: number): number {
  const open = office.sessions.some(([from, to]) => minute >= from && minute < to - LAST_CALL_MINUTES);
  return open ? (office.hourShape[Math.floor(minute / 60)] ?? 0) * perMinuteAtShapeOne : 0;
}

/** Minutes of the day during which walk-ins arrive, weighted by the shape (for scaling). */
function shapeMass(office: OfficeModel): number {
  let mass = 0;
  for (let m = 0; m < 24 * 60; m++) mass += rateAt(office, m + 0.5, 1);
  return mass;
}

function pickService(r: Rng, services: readonly SimService[]): SimService {
  const total = services.reduce((s, x) => s + x.share, 0);
  let u = r() * total;
  for (const s of services) {
    u -= s.share;
    if (u <= 0) return s;
  }
  return services.at(-1)!;
}

/** A seeded plan of one day. */
export function planDay(office: OfficeModel, options: DayOptions, seed: number): DayPlan {
  const r = rng(seed);
  const arrivals: Arrival[] = [];
  const fate = (serviceId: number) => {
    const transfer = r() < options.transferShare;
    const others = office.services.filter((s) => s.id !== serviceId);
    return {
      z: normal(r),
      noShow: r() < options.callNoShow,
      transferTo: transfer ? others[Math.floor(r() * others.length)]!.id : null,
      walkSeconds: 20 + r() * 50,
    };
  };
  // Walk-ins: thinning of a homogeneous process at the peak rate.
  const perMinute = options.walkIns / shapeMass(office);
  const peak = Math.max(...office.hourShape) * perMinute;
  const [dayStart] = office.sessions[0]!;
  const dayEnd = office.sessions.at(-1)![1];
  for (let t = dayStart; ; ) {
    t += -Math.log(1 - r()) / peak;
    if (t >= dayEnd) break;
    if (r() * peak > rateAt(office, t, perMinute)) continue;
    const s = pickService(r, office.services);
    arrivals.push({
      at: t,
      serviceId: s.id,
      priority: r() < options.priorityShare,
      slotStart: null,
      booking: false,
      ...fate(s.id),
    });
  }
  // Bookings: a slot on the half hour inside a session; most come a little early.
  let bookedNoShows = 0;
  const slots: number[] = [];
  for (const [from, to] of office.sessions) for (let m = from; m + 30 <= to; m += 30) slots.push(m);
  for (let i = 0; i < options.bookings; i++) {
    const slot = slots[Math.floor(r() * slots.length)]!;
    const s = pickService(r, office.services);
    if (r() < options.bookingNoShow) {
      bookedNoShows++;
      continue;
    }
    const offset = -10 + 8 * normal(r);
    const at = slot + Math.max(-options.earlyMinutes, offset);
    const onTime = offset <= options.lateMinutes;
    arrivals.push({ at, serviceId: s.id, priority: false, slotStart: onTime ? slot : null, booking: true, ...fate(s.id) });
  }
  arrivals.sort((a, b) => a.at - b.at);
  // Pauses of 10 to 20 minutes at random counters, mid-session.
  const pauses: DayPlan['pauses'] = [];
  for (let i = 0; i < options.pauses; i++) {
    const [from, to] = office.sessions[i % office.sessions.length]!;
    const start = from + 45 + r() * (to - from - 120);
    pauses.push({ counter: Math.floor(r() * office.counters.length), from: start, to: start + 10 + r() * 10 });
  }
  return { arrivals, pauses, closeEarly: options.closeEarly, bookedNoShows };
}

/** A service time in ms for a ticket's draw at a counter. */
export function serviceMs(s: SimService, z: number, speed: number): number {
  const { mu, sigma } = logNormalOf(s.meanMinutes * 60_000, s.cv);
  return Math.exp(mu + sigma * z) * speed;
}
