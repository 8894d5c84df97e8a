// The staffing planner (DESIGN.md capability 17), pure: from a day's expected arrivals per hour
// and service, the fewest counters on duty per hour (only counters that serve what is asked)
// that keep the 90th percentile wait of each hour's arrivals at or under the office's target,
// found with the same simulated day the estimate is proved on (server/simulation/office.ts, the
// real call policy), over a few seeded days that every candidate plan shares. Beside it, the
// Erlang-C figure per hour, so a supervisor sees where the one-line formula misleads (the
// priority mix, counters with overlapping skills). Advice only: nothing here changes the office.
import type { Arrival, DayPlan, OfficeModel } from '../simulation/day';
import { runDay } from '../simulation/office';
import { normal, quantile, type Rng, rng } from '../simulation/random';

/** Expected arrivals in one local hour: walk-ins and priority walk-ins per service, bookings checked in. */
export interface HourDemand {
  hour: number;
  /** serviceId -> expected walk-ins (priority included). */
  walkIns: Record<number, number>;
  /** serviceId -> expected booked residents arriving for a slot in this hour. */
  bookings: Record<number, number>;
}

export interface Demand {
  hours: HourDemand[];
  priorityShare: number;
}

export interface WhatIf {
  /** A counter (by id) off duty from this hour on. */
  closeCounter?: { counterId: number; fromHour: number };
  /** Arrivals multiplied (1.2 = +20%). */
  arrivalFactor?: number;
  /** A service's mean service time, in minutes. */
  serviceMinutes?: { serviceId: number; minutes: number };
}

export interface PlanHour {
  hour: number;
  arrivals: number;
  /** Counters on duty (by id) and how many. */
  counterIds: number[];
  counters: number;
  /** Simulated 90th percentile wait of this hour's arrivals, minutes; null without arrivals. */
  p90Minutes: number | null;
  /** Share of the on-duty time no resident was served. */
  idleShare: number | null;
  erlang: { counters: number; p90Minutes: number | null; neededCounters: number | null };
}

export interface StaffingPlan {
  targetMinutes: number;
  hours: PlanHour[];
  /** Hours whose target no number of counters met (more counters than the office has). */
  unmet: number[];
  seeds: number;
}

/** The model and demand a what-if describes. */
export function applyWhatIf(office: OfficeModel, demand: Demand, w: WhatIf): { office: OfficeModel; demand: Demand } {
  const f = w.arrivalFactor ?? 1;
  const scale = (r: Record<number, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v * f]));
  return {
    office: {
      ...office,
      services: office.services.map((s) =>
        w.serviceMinutes && w.serviceMinutes.serviceId === s.id ? { ...s, meanMinutes: w.serviceMinutes.minutes } : s,
      ),
    },
    demand: { ...demand, hours: demand.hours.map((h) => ({ ...h, walkIns: scale(h.walkIns), bookings: scale(h.bookings) })) },
  };
}

function poisson(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** One seeded day of arrivals drawn from the demand (Poisson counts, uniform within the hour). */
export function planFromDemand(office: OfficeModel, demand: Demand, seed: number): DayPlan {
  const r = rng(seed);
  const arrivals: Arrival[] = [];
  const fate = () => ({ z: normal(r), noShow: r() < 0.04, transferTo: null, walkSeconds: 20 + r() * 50 });
  for (const h of demand.hours) {
    for (const s of office.services) {
      for (let i = poisson(r, h.walkIns[s.id] ?? 0); i > 0; i--) {
        arrivals.push({
          at: h.hour * 60 + r() * 60,
          serviceId: s.id,
          priority: r() < demand.priorityShare,
          slotStart: null,
          booking: false,
          ...fate(),
        });
      }
      for (let i = poisson(r, h.bookings[s.id] ?? 0); i > 0; i--) {
        const slot = h.hour * 60 + (r() < 0.5 ? 0 : 30);
        arrivals.push({
          at: Math.max(0, slot - 10 + 5 * normal(r)),
          serviceId: s.id,
          priority: false,
          slotStart: slot,
          booking: true,
          ...fate(),
        });
      }
    }
  }
  // Only inside the office's sessions.
  const open = (m: number) => office.sessions.some(([from, to]) => m >= from && m < to);
  return {
    arrivals: arrivals.filter((a) => open(a.at)).sort((a, b) => a.at - b.at),
    pauses: [],
    closeEarly: null,
    bookedNoShows: 0,
  };
}

/** Hours of the office's sessions. */
export function sessionHours(office: OfficeModel): number[] {
  const hours = new Set<number>();
  for (const [from, to] of office.sessions) for (let h = Math.floor(from / 60); h * 60 < to; h++) hours.add(h);
  return [...hours].sort((a, b) => a - b);
}

interface Evaluation {
  p90: Map<number, number | null>;
  idle: Map<number, number | null>;
  arrivals: Map<number, number>;
}

/** The plans' days simulated with `onDuty`: p90 wait and idle share per hour of arrival. */
function evaluate(office: OfficeModel, plans: DayPlan[], onDuty: (counter: number, minute: number) => boolean): Evaluation {
  const waits = new Map<number, number[]>();
  const duty = new Map<number, number>();
  const busy = new Map<number, number>();
  const arrivals = new Map<number, number>();
  for (const plan of plans) {
    const r = runDay(office, plan, { estimate: false, onDuty });
    for (const t of r.tickets) {
      const h = Math.floor(t.issuedAt / 3_600_000);
      arrivals.set(h, (arrivals.get(h) ?? 0) + 1 / plans.length);
      // Not called by the day's end: counted as waiting until then (a wait over any target).
      const w = t.waitMs ?? 24 * 3_600_000;
      const list = waits.get(h);
      if (list) list.push(w);
      else waits.set(h, [w]);
    }
    for (let h = 0; h < 24; h++) {
      duty.set(h, (duty.get(h) ?? 0) + r.dutyByHour[h]!);
      busy.set(h, (busy.get(h) ?? 0) + r.busyByHour[h]!);
    }
  }
  const p90 = new Map<number, number | null>();
  const idle = new Map<number, number | null>();
  for (let h = 0; h < 24; h++) {
    const xs = waits.get(h);
    p90.set(
      h,
      xs?.length
        ? quantile(
            [...xs].sort((a, b) => a - b),
            0.9,
          ) / 60_000
        : null,
    );
    const d = duty.get(h)!;
    idle.set(h, d > 0 ? Math.max(0, 1 - busy.get(h)! / d) : null);
  }
  return { p90, idle, arrivals };
}

/**
 * The counters on duty in an hour when `n` are: the counters in order of how much of that
 * hour's demand they can serve, each service asked for covered first.
 */
export function dutyOrder(office: OfficeModel, demand: HourDemand | undefined, closed: Set<number>): number[] {
  const load = (serviceId: number) => (demand?.walkIns[serviceId] ?? 0) + (demand?.bookings[serviceId] ?? 0);
  const serviceMean = new Map(office.services.map((s) => [s.id, s.meanMinutes]));
  const weight = (ci: number) => office.counters[ci]!.serviceIds.reduce((s, id) => s + load(id) * (serviceMean.get(id) ?? 10), 0);
  const available = office.counters.map((_, i) => i).filter((i) => !closed.has(office.counters[i]!.id));
  const order: number[] = [];
  const uncovered = new Set(office.services.filter((s) => load(s.id) > 0).map((s) => s.id));
  // Cover every service asked for, heaviest counters first; then the rest by weight.
  while (uncovered.size) {
    const best = available
      .filter((i) => !order.includes(i))
      .map((i) => ({ i, covers: office.counters[i]!.serviceIds.filter((s) => uncovered.has(s)).length, w: weight(i) }))
      .filter((x) => x.covers > 0)
      .sort((a, b) => b.covers - a.covers || b.w - a.w || a.i - b.i)[0];
    if (!best) break;
    order.push(best.i);
    for (const s of office.counters[best.i]!.serviceIds) uncovered.delete(s);
  }
  for (const i of available.filter((i) => !order.includes(i)).sort((a, b) => weight(b) - weight(a) || a - b)) order.push(i);
  return order;
}

/** Erlang C: the probability an arrival waits, with c servers, offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  if (c <= 0) return 1;
  if (a >= c) return 1;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c;
  const top = last * (c / (c - a));
  return top / (sum + top);
}

/** Erlang C's 90th percentile wait in minutes (M/M/c: P(W > t) = C e^{-(cμ-λ)t}); null when unstable. */
export function erlangP90(c: number, perHour: number, meanMinutes: number): number | null {
  if (c <= 0) return null;
  const mu = 1 / meanMinutes;
  const lambda = perHour / 60;
  if (lambda >= c * mu) return null;
  const C = erlangC(c, lambda / mu);
  return C <= 0.1 ? 0 : Math.log(C / 0.1) / (c * mu - lambda);
}

/** The staffing plan for a day's demand. */
export function planStaffing(
  baseOffice: OfficeModel,
  baseDemand: Demand,
  options: { targetMinutes: number; whatIf?: WhatIf; seeds?: number; seed?: number },
): StaffingPlan {
  const { office, demand } = applyWhatIf(baseOffice, baseDemand, options.whatIf ?? {});
  const seeds = options.seeds ?? 6;
  const plans = Array.from({ length: seeds }, (_, i) => planFromDemand(office, demand, (options.seed ?? 1) * 1000 + i));
  const hours = sessionHours(office);
  const closedFrom = options.whatIf?.closeCounter;
  const closedAt = (h: number) => new Set(closedFrom && h >= closedFrom.fromHour ? [closedFrom.counterId] : []);
  const demandOf = new Map(demand.hours.map((d) => [d.hour, d]));
  const orders = new Map(hours.map((h) => [h, dutyOrder(office, demandOf.get(h), closedAt(h))]));
  const count = new Map(hours.map((h) => [h, orders.get(h)!.length]));
  const dutyOf = (counts: Map<number, number>) => {
    const onDuty = new Map(hours.map((h) => [h, new Set(orders.get(h)!.slice(0, counts.get(h)))]));
    return (ci: number, minute: number) => onDuty.get(Math.floor(minute / 60))?.has(ci) ?? false;
  };
  const meets = (e: Evaluation, h: number) => {
    const p = e.p90.get(h);
    return p === null || p === undefined || p <= options.targetMinutes;
  };
  // Hours already over the target with every counter stay fully staffed; the others must stay
  // within it. A counter less in one hour leaves a backlog for the next, so every hour is
  // checked after each cut, and the passes repeat until no hour can lose one more.
  let current = evaluate(office, plans, dutyOf(count));
  const kept = hours.filter((h) => meets(current, h));
  for (let changed = true; changed; ) {
    changed = false;
    for (const h of kept) {
      while (count.get(h)! > 1) {
        const trial = new Map(count);
        trial.set(h, count.get(h)! - 1);
        const e = evaluate(office, plans, dutyOf(trial));
        if (!kept.every((k) => meets(e, k))) break;
        count.set(h, trial.get(h)!);
        current = e;
        changed = true;
      }
    }
  }
  const meanMinutesOf = (d: HourDemand | undefined) => {
    let n = 0;
    let sum = 0;
    for (const s of office.services) {
      const k = (d?.walkIns[s.id] ?? 0) + (d?.bookings[s.id] ?? 0);
      n += k;
      sum += k * s.meanMinutes;
    }
    return n > 0 ? sum / n : 10;
  };
  const planHours: PlanHour[] = hours.map((h) => {
    const d = demandOf.get(h);
    const perHour = d
      ? Object.values(d.walkIns).reduce((a, b) => a + b, 0) + Object.values(d.bookings).reduce((a, b) => a + b, 0)
      : 0;
    const c = count.get(h)!;
    const mean = meanMinutesOf(d);
    // Erlang C reads a steady rate: the hour's arrivals over the minutes it is open.
    const openMinutes = office.sessions.reduce(
      (m, [from, to]) => m + Math.max(0, Math.min(to, (h + 1) * 60) - Math.max(from, h * 60)),
      0,
    );
    const rate = openMinutes > 0 ? (perHour * 60) / openMinutes : perHour;
    let needed: number | null = null;
    for (let k = 1; k <= 50 && perHour > 0; k++) {
      const p = erlangP90(k, rate, mean);
      if (p !== null && p <= options.targetMinutes) {
        needed = k;
        break;
      }
    }
    return {
      hour: h,
      arrivals: Math.round((current.arrivals.get(h) ?? 0) * 10) / 10,
      counterIds: orders
        .get(h)!
        .slice(0, c)
        .map((i) => office.counters[i]!.id),
      counters: c,
      p90Minutes: current.p90.get(h) ?? null,
      idleShare: current.idle.get(h) ?? null,
      erlang: { counters: c, p90Minutes: perHour > 0 ? erlangP90(c, rate, mean) : 0, neededCounters: needed },
    };
  });
  return {
    targetMinutes: options.targetMinutes,
    hours: planHours,
    unmet: planHours.filter((h) => h.p90Minutes !== null && h.p90Minutes > options.targetMinutes).map((h) => h.hour),
    seeds,
  };
}

/** Re-simulates a plan (its counters per hour) on the same seeded days: p90 per hour (tests). */
export function simulatePlan(
  baseOffice: OfficeModel,
  baseDemand: Demand,
  plan: Pick<StaffingPlan, 'hours'>,
  options: { whatIf?: WhatIf; seeds?: number; seed?: number },
): Map<number, number | null> {
  const { office, demand } = applyWhatIf(baseOffice, baseDemand, options.whatIf ?? {});
  const seeds = options.seeds ?? 6;
  const plans = Array.from({ length: seeds }, (_, i) => planFromDemand(office, demand, (options.seed ?? 1) * 1000 + i));
  const onDuty = new Map(plan.hours.map((h) => [h.hour, new Set(h.counterIds)]));
  return evaluate(office, plans, (ci, minute) => onDuty.get(Math.floor(minute / 60))?.has(office.counters[ci]!.id) ?? false).p90;
}

/** A demand shaped like the model's day: walk-ins by its hourly shape and service shares (tests, no history). */
export function demandOfModel(office: OfficeModel, walkIns: number, bookingsPerHour: number, priorityShare: number): Demand {
  const hours = sessionHours(office);
  const shape = hours.map((h) => office.hourShape[h] ?? 0);
  const total = shape.reduce((a, b) => a + b, 0) || 1;
  const shares = office.services.reduce((a, s) => a + s.share, 0) || 1;
  return {
    priorityShare,
    hours: hours.map((h, i) => ({
      hour: h,
      walkIns: Object.fromEntries(office.services.map((s) => [s.id, (walkIns * shape[i]! * s.share) / total / shares])),
      bookings: Object.fromEntries(office.services.map((s) => [s.id, (bookingsPerHour * s.share) / shares])),
    })),
  };
}
