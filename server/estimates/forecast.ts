// The estimate's forward simulation (DESIGN.md capabilities 8 and 17), pure: from the queue as
// it stands (who waits in which line and class, which counters are open, paused or busy and
// what each serves), a few hundred quick Monte-Carlo runs of the rest of the queue, each call
// decided by the real call policy (`chooseNext`: priority, due bookings, interleave, maximum
// wait), each service time drawn from the service's measured log-normal and scaled by the
// counter's measured speed, with priority walk-ins and booking check-ins that arrive later and
// overtake. Every waiting ticket gets the spread of its simulated call time; so does a
// "newcomer" marker per service and class, a ticket joining now that takes no counter time (it
// is called and gone at once), which gives the estimate printed on the next slip.
//
// Why a simulation rather than a formula: a counter serving several lines, priority and bookings
// overtaking, and the maximum-wait lift make the line ahead drain at a rate no closed formula of
// one line gets right (the simulated day in tests/estimates measures both).
import { type Candidate, chooseNext, type FairnessRule } from '../calling/policy';
import { normal, quantile, type Rng, rng } from '../simulation/random';

export interface ServiceModel {
  id: number;
  /** Service time in ms is log-normal: ln(ms) ~ N(mu, sigma). */
  mu: number;
  sigma: number;
  /** Arrivals per ms that overtake a newcomer: priority walk-ins and booking check-ins. */
  priorityRate: number;
  bookingRate: number;
}

export interface CounterModel {
  id: number;
  serviceIds: readonly number[];
  /** A paused counter is expected back after `resumeInMs`. */
  status: 'open' | 'paused';
  resumeInMs?: number;
  /** The ticket called or served there now: its service and how long it has been at the counter. */
  current: { serviceId: number; elapsedMs: number } | null;
  priorityStreak: number;
  /** Its measured service time over the service's mean (1 until measured). */
  speed: number;
  /** When it stops calling (the end of the session); null: not before the horizon. */
  closesAt: number | null;
}

export interface ForecastInput {
  now: number;
  rule: FairnessRule;
  services: readonly ServiceModel[];
  counters: readonly CounterModel[];
  /** The waiting tickets (any order); per line only the first `lineCap` are simulated. */
  waiting: readonly Candidate[];
  /** Called residents who do not come: the share, and how long the counter waits for them. */
  noShowShare: number;
  noShowMs: number;
  /** From the call to the start of service. */
  walkMs: number;
  runs: number;
  seed: number;
  /** Runs stop once this much wall time is spent (at least `minRuns` are made). */
  budgetMs?: number;
  minRuns?: number;
  horizonMs: number;
  /**
   * Absolute [from, to) times between sessions (lunch, the evening): counters then call only
   * those who were already in line when the session ended, and the rest wait for the next.
   */
  breaks?: readonly [number, number][];
  /** The quantiles shown as the range. */
  lowQ: number;
  highQ: number;
  lineCap?: number;
  /**
   * Only this newcomer's wait is wanted (the simulated day asks at each issue): the runs follow
   * no other ticket and stop once it is called.
   */
  only?: { serviceId: number; queueClass: number };
}

/** A wait from the forecast's time, in ms: the range shown and the point the display shows. */
export interface WaitRange {
  low: number;
  point: number;
  high: number;
}

export interface Joining extends WaitRange {
  /** Tickets the simulated newcomer had ahead in its line. */
  ahead: number;
  /** What each further person ahead adds, for a line that has grown since the forecast. */
  perPersonMs: number;
}

export interface Forecast {
  at: number;
  horizonMs: number;
  runs: number;
  tickets: Map<number, WaitRange>;
  /** Keyed by joinKey(serviceId, queueClass). */
  joining: Map<string, Joining>;
}

export const joinKey = (serviceId: number, queueClass: number) => `${serviceId}:${queueClass}`;
/** The classes a newcomer joins in: priority, a booking checked in, everyone else. */
const JOIN_CLASSES = [0, 1, 2] as const;
const MARKER_ID = 1e15;
const ARRIVAL_ID = 2e15;

interface Line {
  serviceId: number;
  queueClass: number;
  base: Candidate[];
}

interface RunLine {
  base: Candidate[];
  head: number;
  extra: Candidate[];
  extraHead: number;
}

const byArrival = (a: Candidate, b: Candidate) => a.queuedAt - b.queuedAt || a.id - b.id;

export function forecast(input: ForecastInput): Forecast {
  const { now } = input;
  const cap = input.lineCap ?? 150;
  const started = performance.now();
  const serviceIndex = new Map(input.services.map((s, i) => [s.id, i]));
  const nClasses = JOIN_CLASSES.length;
  const lineOf = (serviceId: number, queueClass: number) => serviceIndex.get(serviceId)! * nClasses + queueClass;

  // The lines as they stand (line i = service i / 3, class i % 3), capped, each followed by its
  // newcomer marker.
  const lines: Line[] = input.services.flatMap((s) => JOIN_CLASSES.map((q) => ({ serviceId: s.id, queueClass: q, base: [] })));
  for (const t of input.waiting) {
    if (!serviceIndex.has(t.serviceId) || t.queueClass < 0 || t.queueClass > 2) continue;
    lines[lineOf(t.serviceId, t.queueClass)]!.base.push(t);
  }
  const tracked: Candidate[] = [];
  const only = input.only;
  for (const line of lines) {
    line.base.sort(byArrival);
    if (line.base.length > cap) line.base = line.base.slice(0, cap);
    if (!only) tracked.push(...line.base);
  }
  const markers: { serviceId: number; queueClass: number; ahead: number; index: number }[] = [];
  const lengths = lines.map((l) => l.base.length);
  for (const [i, line] of lines.entries()) {
    let ahead = 0;
    for (let c = 0; c <= line.queueClass; c++) ahead += lengths[i - line.queueClass + c]!;
    const marker: Candidate = {
      id: MARKER_ID + i,
      serviceId: line.serviceId,
      queueClass: line.queueClass,
      priority: line.queueClass === 0 ? 'marker' : null,
      slotStart: line.queueClass === 1 ? now : null,
      queuedAt: now,
      targetCounterId: null,
    };
    if (only && (only.serviceId !== line.serviceId || only.queueClass !== line.queueClass)) continue;
    markers.push({ serviceId: line.serviceId, queueClass: line.queueClass, ahead, index: tracked.length });
    line.base.push(marker);
    tracked.push(marker);
  }
  const trackedIndex = new Map(tracked.map((t, i) => [t.id, i]));
  const counters = input.counters.filter((c) => c.serviceIds.some((s) => serviceIndex.has(s)));
  const linesOf = counters.map((c) =>
    c.serviceIds.filter((s) => serviceIndex.has(s)).flatMap((s) => JOIN_CLASSES.map((q) => lineOf(s, q))),
  );

  const maxRuns = Math.max(1, input.runs);
  const times: Float64Array[] = tracked.map(() => new Float64Array(maxRuns));
  let runs = 0;
  const r = rng(input.seed);
  for (; runs < maxRuns; runs++) {
    if (input.budgetMs !== undefined && runs >= (input.minRuns ?? 20) && performance.now() - started > input.budgetMs) break;
    simulateOnce(input, counters, linesOf, lines, trackedIndex, times, runs, r);
  }

  const rangeOf = (i: number): WaitRange => {
    const xs = Array.from(times[i]!.subarray(0, runs)).sort((a, b) => a - b);
    return {
      low: Math.max(0, quantile(xs, input.lowQ) - now),
      point: Math.max(0, quantile(xs, 0.5) - now),
      high: Math.max(0, quantile(xs, input.highQ) - now),
    };
  };
  const tickets = new Map<number, WaitRange>();
  for (const [i, t] of tracked.entries()) if (t.id < MARKER_ID) tickets.set(t.id, rangeOf(i));
  const joining = new Map<string, Joining>();
  for (const mk of markers) {
    const range = rangeOf(mk.index);
    const s = input.services[serviceIndex.get(mk.serviceId)!]!;
    const meanMs = Math.exp(s.mu + (s.sigma * s.sigma) / 2);
    const servers = Math.max(1, counters.filter((c) => c.serviceIds.includes(mk.serviceId)).length);
    const perPersonMs = mk.ahead >= 3 ? range.point / (mk.ahead + 0.5) : meanMs / servers;
    joining.set(joinKey(mk.serviceId, mk.queueClass), { ...range, ahead: mk.ahead, perPersonMs });
  }
  return { at: now, horizonMs: input.horizonMs, runs, tickets, joining };
}

function simulateOnce(
  input: ForecastInput,
  counters: readonly CounterModel[],
  linesOf: number[][],
  lines: readonly Line[],
  trackedIndex: Map<number, number>,
  times: Float64Array[],
  run: number,
  r: Rng,
): void {
  const { now, rule, services } = input;
  const end = now + input.horizonMs;
  const breaks = input.breaks ?? [];
  // Booking lines are copied, since a later booking may go first; the others are taken in order.
  const state: RunLine[] = lines.map((l) => ({
    base: l.queueClass === 1 ? [...l.base] : l.base,
    head: 0,
    extra: [],
    extraHead: 0,
  }));
  // Unfinished tracked tickets are "called" at the horizon.
  for (const t of times) t[run] = end;
  let remaining = trackedIndex.size;

  const draw = (serviceId: number, speed: number): number => {
    if (r() < input.noShowShare) return input.noShowMs;
    const s = services.find((x) => x.id === serviceId);
    if (!s) return input.walkMs + 10 * 60_000;
    return input.walkMs + Math.exp(s.mu + s.sigma * normal(r)) * speed;
  };
  // What is left of a service already under way, given how long it has run.
  const residual = (serviceId: number, elapsed: number, speed: number): number => {
    for (let i = 0; i < 8; i++) {
      const d = draw(serviceId, speed);
      if (d > elapsed) return d - elapsed;
    }
    return 60_000;
  };
  // Between sessions a counter serves those already in line when the session ended.
  const breakAt = (t: number) => {
    for (const b of breaks) if (t >= b[0] && t < b[1]) return b;
    return null;
  };

  const free = counters.map((c) => {
    const back = c.status === 'paused' ? (c.resumeInMs ?? 10 * 60_000) : 0;
    return now + back + (c.current ? residual(c.current.serviceId, c.current.elapsedMs, c.speed) : 0);
  });
  const streak = counters.map((c) => c.priorityStreak);

  // Future overtaking arrivals: the next one per line (priority and booking lines only).
  let arrivalSeq = 0;
  const rateOf = (i: number) => {
    const s = services[Math.floor(i / 3)]!;
    const q = i % 3;
    return q === 0 ? s.priorityRate : q === 1 ? s.bookingRate : 0;
  };
  const gap = (rate: number) => (rate > 0 ? -Math.log(1 - r()) / rate : Number.POSITIVE_INFINITY);
  const nextArrival = lines.map((_, i) => now + gap(rateOf(i)));
  let firstArrival = Math.min(...nextArrival);
  const injectUntil = (t: number) => {
    if (firstArrival > t) return;
    firstArrival = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lines.length; i++) {
      let next = nextArrival[i]!;
      while (next <= t) {
        const l = lines[i]!;
        state[i]!.extra.push({
          id: ARRIVAL_ID + arrivalSeq++,
          serviceId: l.serviceId,
          queueClass: l.queueClass,
          priority: l.queueClass === 0 ? 'arrival' : null,
          slotStart: l.queueClass === 1 ? next : null,
          queuedAt: next,
          targetCounterId: null,
        });
        next += gap(rateOf(i));
      }
      nextArrival[i] = next;
      firstArrival = Math.min(firstArrival, next);
    }
  };
  const nextRelevantArrival = (ci: number) => {
    let t = Number.POSITIVE_INFINITY;
    for (const i of linesOf[ci]!) t = Math.min(t, nextArrival[i]!);
    return t;
  };

  const cands: Candidate[] = [];
  const from: number[] = [];
  while (remaining > 0) {
    let ci = -1;
    for (let i = 0; i < counters.length; i++) {
      const closesAt = counters[i]!.closesAt;
      if (closesAt !== null && free[i]! >= closesAt) continue;
      if (ci < 0 || free[i]! < free[ci]!) ci = i;
    }
    if (ci < 0 || free[ci]! >= end) break;
    const t = free[ci]!;
    const pause = breakAt(t);
    injectUntil(t);
    // The heads of the counter's lines: the policy picks the earliest of a class, so the rest of
    // a line cannot be chosen before its head (a booking line offers a few: see above).
    cands.length = 0;
    from.length = 0;
    for (const i of linesOf[ci]!) {
      const l = state[i]!;
      const want = i % 3 === 1 ? 4 : 1;
      for (let k = l.head, n = 0; k < l.base.length && n < want; k++, n++) {
        cands.push(l.base[k]!);
        from.push(i);
      }
      for (let k = l.extraHead, n = 0; k < l.extra.length && n < want; k++, n++) {
        cands.push(l.extra[k]!);
        from.push(i);
      }
    }
    if (pause) {
      for (let k = cands.length - 1; k >= 0; k--) {
        if (cands[k]!.queuedAt >= pause[0]) {
          cands.splice(k, 1);
          from.splice(k, 1);
        }
      }
    }
    const choice = chooseNext(cands, { now: t, priorityStreak: streak[ci]!, rule });
    if (!choice) {
      free[ci] = pause ? pause[1] : nextRelevantArrival(ci);
      continue;
    }
    const at = cands.findIndex((c) => c.id === choice.ticketId);
    const ticket = cands[at]!;
    const l = state[from[at]!]!;
    if (l.extraHead < l.extra.length && l.extra[l.extraHead] === ticket) l.extraHead++;
    else if (l.base[l.head] === ticket) l.head++;
    else {
      const k = l.base.indexOf(ticket, l.head);
      if (k >= 0) l.base.splice(k, 1);
      else l.extra.splice(l.extra.indexOf(ticket, l.extraHead), 1);
    }
    const idx = trackedIndex.get(ticket.id);
    if (idx !== undefined) {
      times[idx]![run] = t;
      remaining--;
    }
    if (ticket.id >= MARKER_ID && ticket.id < ARRIVAL_ID) continue; // a newcomer marker: no counter time
    streak[ci] = choice.countsAsPriority ? streak[ci]! + 1 : 0;
    free[ci] = t + draw(ticket.serviceId, counters[ci]!.speed);
  }
}

/** The wait to show a newcomer with `ahead` people before it now, from a forecast made earlier. */
export function joiningWait(f: Forecast, serviceId: number, queueClass: number, ahead: number, now: number): WaitRange | null {
  const j = f.joining.get(joinKey(serviceId, queueClass));
  // A line no open counter serves: never called within the horizon, no figure to show.
  if (!j || j.point >= f.horizonMs) return null;
  const shift = (ahead - j.ahead) * j.perPersonMs - (now - f.at);
  const move = (x: number) => Math.max(0, x + shift);
  return { low: move(j.low), point: move(j.point), high: move(j.high) };
}

/** A waiting ticket's remaining wait from the forecast, if it was simulated. */
export function ticketWait(f: Forecast, ticketId: number, now: number): WaitRange | null {
  const w = f.tickets.get(ticketId);
  if (!w || w.point >= f.horizonMs) return null;
  const elapsed = now - f.at;
  const move = (x: number) => Math.max(0, x - elapsed);
  return { low: move(w.low), point: move(w.point), high: move(w.high) };
}

/** Minutes as shown: the point to the minute, the range widened to whole 5 minutes ("15–25"). */
export function shownMinutes(w: WaitRange): { etaMinutes: number; etaLowMinutes: number; etaHighMinutes: number } {
  const point = Math.round(w.point / 60_000);
  const low = Math.min(point, Math.floor(w.low / 60_000 / 5) * 5);
  const high = Math.max(point, Math.ceil(w.high / 60_000 / 5) * 5, low + 5);
  return { etaMinutes: point, etaLowMinutes: low, etaHighMinutes: high };
}
