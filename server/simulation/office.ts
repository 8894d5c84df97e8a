// The simulated day run in memory (pure, seeded): the plan's residents arrive, counters call
// them with the real call policy (`chooseNext`), serve them for their drawn times, pause, close
// early and transfer, and the office measures what the server measures (running means of service
// times, the log-normal spread, each counter's speed, recent overtaking arrivals). Every ticket
// records what it was told at issue, today's estimate and the forecast's range and point, and
// the wait it really had. The staffing planner runs the same engine with counters on duty by hour.
import { type Candidate, chooseNext } from '../calling/policy';
import { estimateMinutes, fallbackRange, loadOf, nextEwma } from '../estimates/estimate';
import { type CounterModel, type Forecast, forecast, joiningWait, shownMinutes } from '../estimates/forecast';
import {
  FORECAST_SETTINGS,
  meanMsOf,
  nextLogStats,
  nextSpeed,
  RATE_WINDOW_MS,
  serviceModelOf,
  speedOf,
} from '../estimates/model';
import { type DayPlan, type OfficeModel, serviceMs } from './day';

const MIN = 60_000;

export interface TicketRecord {
  id: number;
  serviceId: number;
  queueClass: number;
  issuedAt: number;
  booking: boolean;
  /** Today's estimate (minutes) and the forecast's point and range, as shown at issue. */
  oldEta: number;
  eta: number;
  low: number;
  high: number;
  /** From issue to the first call; null if never called (the day closed first). */
  waitMs: number | null;
  /** Served (not a no-show), for the planner's idle and throughput figures. */
  served: boolean;
}

export interface RunOptions {
  /** Make the forecast at each issue (off for the planner's runs, which only need the waits). */
  estimate: boolean;
  /** Monte-Carlo runs per forecast. */
  runs?: number;
  /** Which counters are on duty at a minute of the day (default: all, all day). */
  onDuty?: (counter: number, minute: number) => boolean;
}

export interface DayResult {
  tickets: TicketRecord[];
  forecasts: number;
  /** Per counter: ms on duty and ms busy with a resident, for idle shares. */
  dutyMs: number[];
  busyMs: number[];
  /** The same summed over counters per local hour (index = hour; busy counted at the call). */
  dutyByHour: number[];
  busyByHour: number[];
}

interface Waiting extends Candidate {
  rec: TicketRecord;
  z: number;
  noShow: boolean;
  transferTo: number | null;
  walkMs: number;
}

interface Desk {
  freeAt: number;
  streak: number;
  pausedUntil: number;
  closed: boolean;
  current: { t: Waiting; calledAt: number; finishAt: number; transfer: boolean } | null;
  speedRatio: number | null;
  speedSamples: number;
  lastDecision: number;
  onDuty: boolean;
}

export function runDay(office: OfficeModel, plan: DayPlan, options: RunOptions): DayResult {
  const services = new Map(office.services.map((s) => [s.id, s]));
  const counters = office.counters;
  const waiting = new Map<number, Waiting[]>(office.services.map((s) => [s.id, []]));
  const stats = new Map(
    office.services.map((s) => [
      s.id,
      { ewma: null as number | null, samples: 0, logMean: null as number | null, logVar: null as number | null },
    ]),
  );
  const recent: { at: number; serviceId: number; queueClass: number }[] = [];
  const tickets: TicketRecord[] = [];
  const dayStart = office.sessions[0]![0] * MIN;
  const onDuty = options.onDuty ?? (() => true);
  const desks: Desk[] = counters.map(() => ({
    freeAt: dayStart,
    streak: 0,
    pausedUntil: 0,
    closed: false,
    current: null,
    speedRatio: null,
    speedSamples: 0,
    lastDecision: dayStart,
    onDuty: false,
  }));
  const dutyMs = counters.map(() => 0);
  const busyMs = counters.map(() => 0);
  const dutyByHour = Array.from({ length: 24 }, () => 0);
  const busyByHour = Array.from({ length: 24 }, () => 0);
  let version = 0;
  let made: { key: string; f: Forecast } | null = null;
  let forecasts = 0;
  let nextId = 1;
  let firstIssue: number | null = null;

  const inSession = (t: number) => office.sessions.some(([from, to]) => t >= from * MIN && t < to * MIN);
  const nextSessionStart = (t: number) => {
    for (const [from] of office.sessions) if (from * MIN > t) return from * MIN;
    return Number.POSITIVE_INFINITY;
  };
  const lastSessionEnd = (t: number) => {
    let end = Number.NEGATIVE_INFINITY;
    for (const [, to] of office.sessions) if (to * MIN <= t) end = to * MIN;
    return end;
  };
  // Between sessions counters serve only those in line when the session ended.
  const breaks: [number, number][] = office.sessions.map(([, to], i) => [
    to * MIN,
    (office.sessions[i + 1]?.[0] ?? 24 * 60) * MIN,
  ]);
  const isOpen = (ci: number, t: number) => {
    const d = desks[ci]!;
    return !d.closed && d.pausedUntil <= t && onDuty(ci, t / MIN);
  };

  const estimateAt = (t: number, serviceId: number, queueClass: number, ahead: number) => {
    const st = stats.get(serviceId)!;
    const serving = counters.filter((c) => c.serviceIds.includes(serviceId)).map((c) => counters.indexOf(c));
    const oldEta = estimateMinutes(
      ahead,
      loadOf({
        avgServiceMinutes: services.get(serviceId)!.meanMinutes,
        ewmaServiceMs: st.ewma,
        samples: st.samples,
        open: serving.filter((ci) => isOpen(ci, t)).length,
        all: serving.length,
      }),
    );
    if (!options.estimate) return { oldEta, eta: oldEta, low: oldEta, high: oldEta };
    // A fresh forecast whenever the queue changed, as the server makes one after each change;
    // only this newcomer's line is followed, which is all the day needs.
    const key = `${version}:${serviceId}:${queueClass}`;
    if (!made || made.key !== key) {
      made = { key, f: forecast({ ...forecastInput(t), only: { serviceId, queueClass } }) };
      forecasts++;
    }
    const w = joiningWait(made.f, serviceId, queueClass, ahead, t);
    const shown = w ? shownMinutes(w) : fallbackRange(oldEta);
    return { oldEta, eta: shown.etaMinutes, low: shown.etaLowMinutes, high: shown.etaHighMinutes };
  };

  const forecastInput = (t: number) => {
    while (recent.length && recent[0]!.at < t - RATE_WINDOW_MS) recent.shift();
    // Early in the day the window holds less than an hour of arrivals.
    const window = Math.max(15 * MIN, Math.min(RATE_WINDOW_MS, t - (firstIssue ?? t)));
    const models = office.services.map((s) => {
      const st = stats.get(s.id)!;
      const count = (q: number) => recent.filter((x) => x.serviceId === s.id && x.queueClass === q).length / window;
      return serviceModelOf(
        { id: s.id, avgServiceMinutes: s.meanMinutes, samples: st.samples, logMean: st.logMean, logVar: st.logVar },
        { priorityRate: count(0), bookingRate: count(1) },
      );
    });
    const cms: CounterModel[] = [];
    for (const [ci, c] of counters.entries()) {
      const d = desks[ci]!;
      if (d.closed || !onDuty(ci, t / MIN)) continue;
      const paused = d.pausedUntil > t;
      cms.push({
        id: c.id,
        serviceIds: c.serviceIds,
        status: paused ? 'paused' : 'open',
        resumeInMs: FORECAST_SETTINGS.pausedBackMs,
        current: d.current ? { serviceId: d.current.t.serviceId, elapsedMs: t - d.current.calledAt } : null,
        priorityStreak: d.streak,
        speed: speedOf(d.speedRatio, d.speedSamples),
        closesAt: null,
      });
    }
    return {
      now: t,
      rule: office.rule,
      services: models,
      counters: cms,
      waiting: [...waiting.values()].flat(),
      ...FORECAST_SETTINGS,
      breaks,
      runs: options.runs ?? FORECAST_SETTINGS.runs,
      seed: Math.floor(t) ^ 0x5eed,
    };
  };

  const issue = (a: DayPlan['arrivals'][number], t: number) => {
    const queueClass = a.priority ? 0 : a.slotStart !== null ? 1 : 2;
    firstIssue ??= t;
    const line = waiting.get(a.serviceId)!;
    const ahead = line.filter((x) => x.queueClass <= queueClass).length;
    const e = estimateAt(t, a.serviceId, queueClass, ahead);
    const rec: TicketRecord = {
      id: nextId++,
      serviceId: a.serviceId,
      queueClass,
      issuedAt: t,
      booking: a.booking,
      ...e,
      waitMs: null,
      served: false,
    };
    tickets.push(rec);
    line.push({
      id: rec.id,
      serviceId: a.serviceId,
      queueClass,
      priority: a.priority ? 'elderly' : null,
      slotStart: a.slotStart === null ? null : a.slotStart * MIN,
      queuedAt: t,
      targetCounterId: null,
      rec,
      z: a.z,
      noShow: a.noShow,
      transferTo: a.transferTo,
      walkMs: a.walkSeconds * 1000,
    });
    if (queueClass < 2) recent.push({ at: t, serviceId: a.serviceId, queueClass });
    version++;
    // Idle counters serving the line wake up.
    for (const [ci, c] of counters.entries()) {
      const d = desks[ci]!;
      if (!d.current && !d.closed && c.serviceIds.includes(a.serviceId) && d.freeAt > t) d.freeAt = Math.max(t, d.pausedUntil);
    }
  };

  const finish = (ci: number, t: number) => {
    const d = desks[ci]!;
    const cur = d.current!;
    d.current = null;
    if (cur.t.noShow) return;
    const sampleMs = cur.finishAt - cur.calledAt - cur.t.walkMs;
    if (cur.transfer) {
      // Back to waiting in the new line, keeping its place by its original time.
      const to = cur.t.transferTo!;
      waiting.get(to)!.push({ ...cur.t, serviceId: to, transferTo: null, z: -cur.t.z * 0.5 });
      version++;
      for (const [cj, c] of counters.entries()) {
        const dj = desks[cj]!;
        if (!dj.current && !dj.closed && c.serviceIds.includes(to) && dj.freeAt > t) dj.freeAt = Math.max(t, dj.pausedUntil);
      }
      return;
    }
    cur.t.rec.served = true;
    const st = stats.get(cur.t.serviceId)!;
    const meanBefore =
      st.logMean !== null && st.logVar !== null ? meanMsOf({ mu: st.logMean, sigma: Math.sqrt(st.logVar) }) : null;
    st.ewma = nextEwma(st.ewma, sampleMs);
    st.samples++;
    Object.assign(st, nextLogStats(st, sampleMs, st.samples));
    if (meanBefore !== null) {
      d.speedSamples++;
      d.speedRatio = nextSpeed(d.speedRatio, sampleMs, meanBefore, d.speedSamples);
    }
  };

  const decide = (ci: number, t: number) => {
    const d = desks[ci]!;
    const c = counters[ci]!;
    if (d.current && d.current.finishAt <= t) finish(ci, t);
    if (d.closed) {
      d.freeAt = Number.POSITIVE_INFINITY;
      return;
    }
    if (plan.closeEarly && plan.closeEarly.counter === ci && t >= plan.closeEarly.at * MIN) {
      d.closed = true;
      version++;
      d.freeAt = Number.POSITIVE_INFINITY;
      return;
    }
    const pause = plan.pauses.find((p) => p.counter === ci && t >= p.from * MIN && t < p.to * MIN);
    if (pause && d.pausedUntil <= t) {
      d.pausedUntil = pause.to * MIN;
      d.freeAt = d.pausedUntil;
      version++;
      return;
    }
    if (d.pausedUntil > t) {
      d.freeAt = d.pausedUntil;
      return;
    }
    if (d.pausedUntil > 0 && d.pausedUntil <= t) {
      d.pausedUntil = 0;
      version++;
    }
    if (!onDuty(ci, t / MIN)) {
      // Off duty: look again on the next hour.
      d.freeAt = (Math.floor(t / (60 * MIN)) + 1) * 60 * MIN;
      return;
    }
    // After a session the counter serves those already in line when it ended, then stops.
    const ended = inSession(t) ? null : lastSessionEnd(t);
    const candidates: Waiting[] = [];
    for (const s of c.serviceIds) for (const x of waiting.get(s)!) if (ended === null || x.queuedAt < ended) candidates.push(x);
    if (!candidates.length) {
      d.freeAt = ended === null ? Number.POSITIVE_INFINITY : nextSessionStart(t);
      return;
    }
    const choice = chooseNext(candidates, { now: t, priorityStreak: d.streak, rule: office.rule });
    if (!choice) {
      d.freeAt = Number.POSITIVE_INFINITY;
      return;
    }
    const chosen = candidates.find((x) => x.id === choice.ticketId)!;
    const line = waiting.get(chosen.serviceId)!;
    line.splice(line.indexOf(chosen), 1);
    version++;
    if (chosen.rec.waitMs === null) chosen.rec.waitMs = t - chosen.rec.issuedAt;
    d.streak = choice.countsAsPriority ? d.streak + 1 : 0;
    const svc = services.get(chosen.serviceId)!;
    const full = serviceMs(svc, chosen.z, c.speed);
    const transfer = chosen.transferTo !== null && !chosen.noShow;
    const spent = chosen.noShow ? 3 * MIN : chosen.walkMs + (transfer ? Math.min(full, 2 * MIN + 0.3 * full) : full);
    d.current = { t: chosen, calledAt: t, finishAt: t + spent, transfer };
    if (!chosen.noShow) {
      busyMs[ci]! += spent - chosen.walkMs;
      busyByHour[Math.floor(t / (60 * MIN))]! += spent - chosen.walkMs;
    }
    d.freeAt = t + spent;
  };

  const arrivals = plan.arrivals;
  let ai = 0;
  let lastT = dayStart;
  for (;;) {
    const nextArrival = ai < arrivals.length ? arrivals[ai]!.at * MIN : Number.POSITIVE_INFINITY;
    let ci = -1;
    for (let i = 0; i < desks.length; i++) if (ci < 0 || desks[i]!.freeAt < desks[ci]!.freeAt) ci = i;
    const nextDesk = desks[ci]!.freeAt;
    const t = Math.min(nextArrival, nextDesk);
    // Off-duty counters look again every hour: stop once the evening has passed.
    if (!Number.isFinite(t) || t >= 24 * 60 * MIN) break;
    // Time on duty, for the idle shares.
    for (let i = 0; i < desks.length; i++) {
      if (!desks[i]!.closed && onDuty(i, lastT / MIN) && inSession(lastT)) {
        dutyMs[i]! += t - lastT;
        dutyByHour[Math.floor(lastT / (60 * MIN))]! += t - lastT;
      }
    }
    lastT = t;
    if (nextArrival <= nextDesk) {
      issue(arrivals[ai++]!, t);
    } else {
      decide(ci, t);
    }
  }
  return { tickets, forecasts, dutyMs, busyMs, dutyByHour, busyByHour };
}

export interface Accuracy {
  tickets: number;
  meanWaitMinutes: number;
  old: { maeMinutes: number; biasMinutes: number };
  new: { maeMinutes: number; biasMinutes: number; insideRange: number };
}

/** Mean absolute error, bias (estimate minus wait) and the share inside the range, over called tickets. */
export function accuracyOf(tickets: readonly TicketRecord[]): Accuracy {
  const xs = tickets.filter((t) => t.waitMs !== null);
  const n = Math.max(1, xs.length);
  const w = (t: TicketRecord) => t.waitMs! / MIN;
  const sum = (f: (t: TicketRecord) => number) => xs.reduce((s, t) => s + f(t), 0);
  return {
    tickets: xs.length,
    meanWaitMinutes: sum(w) / n,
    old: { maeMinutes: sum((t) => Math.abs(t.oldEta - w(t))) / n, biasMinutes: sum((t) => t.oldEta - w(t)) / n },
    new: {
      maeMinutes: sum((t) => Math.abs(t.eta - w(t))) / n,
      biasMinutes: sum((t) => t.eta - w(t)) / n,
      insideRange: sum((t) => (w(t) >= t.low && w(t) <= t.high ? 1 : 0)) / n,
    },
  };
}
