// The report's arithmetic, as pure functions over plain rows (loaded by ./store.ts): counts,
// exact percentiles, shares, satisfaction and the breakdowns. Nothing here knows SQL or HTTP.
import { isSatisfied } from '../surveys/scale';
import { addDays, localParts } from '../time';

/**
 * Percentile by linear interpolation between closest ranks (Hyndman & Fan type 7, the method
 * of Excel's PERCENTILE.INC and NumPy's default): on the n values sorted ascending, rank
 * h = (n - 1) * p, result = x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]).
 * So p50 of an even count is the mean of the two middle values; null for no values.
 */
export function percentile(sortedAsc: readonly number[], p: number): number | null {
  const n = sortedAsc.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sortedAsc[lo]!;
  const b = sortedAsc[hi]!;
  return a + (h - lo) * (b - a);
}

export interface Summary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

/** mean, p50, p90 of durations in milliseconds, reported in minutes (unrounded). */
export function summarize(ms: readonly number[]): Summary {
  if (ms.length === 0) return { mean: null, p50: null, p90: null };
  const sorted = [...ms].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    mean: sum / sorted.length / 60_000,
    p50: percentile(sorted, 0.5)! / 60_000,
    p90: percentile(sorted, 0.9)! / 60_000,
  };
}

export interface TicketFact {
  id: number;
  serviceId: number;
  state: string;
  localDay: string;
  issuedAt: number;
  finishedAt: number | null;
  counterId: number | null;
  officerId: number | null;
  waitMs: number;
  serviceMs: number;
  etaMinutesAtIssue: number | null;
  /** The range shown at issue (null for tickets issued before ranges were kept). */
  etaLowMinutes: number | null;
  etaHighMinutes: number | null;
  source: string;
  priority: string | null;
}

export interface RatingFact {
  ticketId: number;
  level: number;
  scale: number;
  waitMs: number | null;
  serviceId: number;
  counterId: number | null;
  officerId: number | null;
}

export interface BookingFacts {
  /** Summed over the slot ledger rows of the range. */
  capacity: number;
  booked: number;
  appointments: { booked: number; checkedIn: number; noShow: number; cancelled: number };
}

export interface StatsInput {
  officeId: number;
  from: string;
  to: string;
  timezone: string;
  targetWaitMinutes: number;
  tickets: TicketFact[];
  ratings: RatingFact[];
  services: { id: number; code: string; name: string; prefix: string }[];
  counters: { id: number; number: number; name: string }[];
  officers: { id: number; name: string }[];
  booking: BookingFacts;
}

export interface Satisfaction {
  responses: number;
  mean: number | null;
  index: number | null;
}

export interface Group {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  waitMinutes: Summary;
  serviceMinutes: Summary;
  /** Share of served tickets whose wait was within the office's target. */
  withinTarget: number | null;
  satisfaction: Satisfaction;
}

export const waitBands = [
  { band: '0-10', from: 0, to: 10 },
  { band: '10-20', from: 10, to: 20 },
  { band: '20-40', from: 20, to: 40 },
  { band: '40+', from: 40, to: null },
] as const;

export const histogramEdges = [0, 5, 10, 15, 20, 30, 40, 60] as const;

export function satisfactionOf(rs: readonly RatingFact[]): Satisfaction {
  if (rs.length === 0) return { responses: 0, mean: null, index: null };
  const sum = rs.reduce((s, r) => s + r.level, 0);
  const satisfied = rs.filter((r) => isSatisfied(r.level, r.scale)).length;
  return { responses: rs.length, mean: sum / rs.length, index: satisfied / rs.length };
}

/** Which band (by lower bound inclusive, upper exclusive) a wait in minutes falls in. */
export function bandOf(waitMinutes: number): (typeof waitBands)[number]['band'] {
  for (const b of waitBands) if (b.to === null || waitMinutes < b.to) return b.band;
  return '40+';
}

function group(ts: readonly TicketFact[], ratingOf: Map<number, RatingFact>, targetMs: number): Group {
  const served = ts.filter((t) => t.state === 'done');
  const rs = ts.map((t) => ratingOf.get(t.id)).filter((r): r is RatingFact => r !== undefined);
  return {
    issued: ts.length,
    served: served.length,
    noShow: ts.filter((t) => t.state === 'no_show').length,
    cancelled: ts.filter((t) => t.state === 'cancelled').length,
    waitMinutes: summarize(served.map((t) => t.waitMs)),
    serviceMinutes: summarize(served.map((t) => t.serviceMs)),
    withinTarget: served.length ? served.filter((t) => t.waitMs <= targetMs).length / served.length : null,
    satisfaction: satisfactionOf(rs),
  };
}

function groupBy<K>(ts: readonly TicketFact[], key: (t: TicketFact) => K | null): Map<K, TicketFact[]> {
  const m = new Map<K, TicketFact[]>();
  for (const t of ts) {
    const k = key(t);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

export function computeStats(input: StatsInput) {
  const { tickets, timezone } = input;
  const targetMs = input.targetWaitMinutes * 60_000;
  const ticketIds = new Set(tickets.map((t) => t.id));
  const ratings = input.ratings.filter((r) => ticketIds.has(r.ticketId));
  const ratingOf = new Map(ratings.map((r) => [r.ticketId, r]));
  const all = group(tickets, ratingOf, targetMs);
  const served = tickets.filter((t) => t.state === 'done');

  const byService = input.services
    .map((s) => ({
      serviceId: s.id,
      code: s.code,
      name: s.name,
      prefix: s.prefix,
      ...group(
        tickets.filter((t) => t.serviceId === s.id),
        ratingOf,
        targetMs,
      ),
    }))
    .filter((g) => g.issued > 0);
  // A counter's and an officer's figures are the tickets they ended (served or no-show): a
  // ticket transferred away or left in line at closing belongs to nobody's desk.
  const ended = (t: TicketFact) => t.state === 'done' || t.state === 'no_show';
  const counterGroups = groupBy(tickets, (t) => (ended(t) ? t.counterId : null));
  const byCounter = input.counters
    .filter((c) => counterGroups.has(c.id))
    .map((c) => ({ counterId: c.id, number: c.number, name: c.name, ...group(counterGroups.get(c.id)!, ratingOf, targetMs) }));
  const officerGroups = groupBy(tickets, (t) => (ended(t) ? t.officerId : null));
  const byOfficer = input.officers
    .filter((o) => officerGroups.has(o.id))
    .map((o) => ({ officerId: o.id, name: o.name, ...group(officerGroups.get(o.id)!, ratingOf, targetMs) }));

  const dayGroups = groupBy(tickets, (t) => t.localDay);
  const byDay: ({ day: string } & Group)[] = [];
  for (let d = input.from; d <= input.to; d = addDays(d, 1))
    byDay.push({ day: d, ...group(dayGroups.get(d) ?? [], ratingOf, targetMs) });

  // Arrivals by the local hour of issue; served by the local hour of finishing.
  const issueHour = groupBy(tickets, (t) => localParts(t.issuedAt, timezone).hour);
  const finishHour = groupBy(served, (t) => (t.finishedAt === null ? null : localParts(t.finishedAt, timezone).hour));
  const hours = [...issueHour.keys(), ...finishHour.keys()];
  const byHour: ({ hour: number; finished: number } & Group)[] = [];
  if (hours.length) {
    for (let h = Math.min(...hours); h <= Math.max(...hours); h++) {
      byHour.push({ hour: h, finished: finishHour.get(h)?.length ?? 0, ...group(issueHour.get(h) ?? [], ratingOf, targetMs) });
    }
  }

  const satisfactionByWaitBand = waitBands.map((b) => ({
    band: b.band,
    fromMinutes: b.from,
    toMinutes: b.to,
    ...satisfactionOf(ratings.filter((r) => bandOf((r.waitMs ?? 0) / 60_000) === b.band)),
  }));

  const waitHistogram = histogramEdges.map((from, i) => {
    const to = histogramEdges[i + 1] ?? null;
    return {
      fromMinutes: from,
      toMinutes: to,
      count: served.filter((t) => t.waitMs >= from * 60_000 && (to === null || t.waitMs < to * 60_000)).length,
    };
  });

  // Estimate given at issue versus the wait actually measured, over served tickets: the mean
  // absolute error, the bias (estimate minus wait: negative when residents waited longer than
  // told) and the share of waits inside the range shown.
  const mae = (ts: readonly TicketFact[]) => {
    const xs = ts.filter((t) => t.etaMinutesAtIssue !== null);
    const ranged = xs.filter((t) => t.etaLowMinutes !== null && t.etaHighMinutes !== null);
    const wait = (t: TicketFact) => t.waitMs / 60_000;
    return {
      tickets: xs.length,
      maeMinutes: xs.length ? xs.reduce((s, t) => s + Math.abs(t.etaMinutesAtIssue! - wait(t)), 0) / xs.length : null,
      biasMinutes: xs.length ? xs.reduce((s, t) => s + (t.etaMinutesAtIssue! - wait(t)), 0) / xs.length : null,
      insideRange: ranged.length
        ? ranged.filter((t) => wait(t) >= t.etaLowMinutes! && wait(t) <= t.etaHighMinutes!).length / ranged.length
        : null,
    };
  };
  const servedByHour = groupBy(served, (t) => localParts(t.issuedAt, timezone).hour);
  const etaAccuracy = {
    overall: mae(served),
    byService: input.services
      .map((s) => ({ serviceId: s.id, name: s.name, ...mae(served.filter((t) => t.serviceId === s.id)) }))
      .filter((x) => x.tickets > 0),
    byHour: [...servedByHour.keys()].sort((a, b) => a - b).map((hour) => ({ hour, ...mae(servedByHour.get(hour)!) })),
  };

  const { capacity, booked, appointments } = input.booking;
  const decided = appointments.checkedIn + appointments.noShow;
  const booking = {
    capacity,
    booked,
    use: capacity > 0 ? booked / capacity : null,
    appointments,
    noShowRate: decided > 0 ? appointments.noShow / decided : null,
    ticketsFromBookings: tickets.filter((t) => t.source === 'booking').length,
  };

  const calledAndEnded = all.served + all.noShow;
  return {
    officeId: input.officeId,
    from: input.from,
    to: input.to,
    timezone,
    percentileMethod: 'linear' as const,
    tickets: { issued: all.issued, served: all.served, noShow: all.noShow, cancelled: all.cancelled },
    waitMinutes: all.waitMinutes,
    serviceMinutes: all.serviceMinutes,
    satisfaction: all.satisfaction,
    targetWaitMinutes: input.targetWaitMinutes,
    servedWithinTarget: all.withinTarget,
    noShowRate: calledAndEnded > 0 ? all.noShow / calledAndEnded : null,
    priorityTickets: tickets.filter((t) => t.priority !== null).length,
    booking,
    byService,
    byCounter,
    byOfficer,
    byHour,
    byDay,
    satisfactionByWaitBand,
    waitHistogram,
    etaAccuracy,
  };
}

export type Stats = ReturnType<typeof computeStats>;
