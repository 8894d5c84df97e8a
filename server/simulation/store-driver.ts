// The simulated day through the real store functions, on an injected clock: the plan's
// residents take tickets (issueTicket), counters open, call (callNext), start, finish, mark
// no-shows, transfer and pause as the plan says, and the office's forecast is remade from the
// stored queue whenever it changed (as the realtime module does after each change). Slower than
// the in-memory engine (./office.ts), so used for a smaller day: it checks that what the store
// does, reads and records agrees with what the engine proves.
import { asc, eq } from 'drizzle-orm';
import { counterServices, counters, services, waitingCounts } from '../../db/schema';
import { type Actor, actOnCurrent, callNext, openCounter, pause, resume, transfer } from '../calling/store';
import { refreshForecast } from '../estimates/forecasts';
import { estimateWait } from '../estimates/store';
import type { Deps } from '../events';
import { getOffice } from '../offices/store';
import { getTicket, issueTicket } from '../tickets/store';
import { zonedTime } from '../time';
import { type DayPlan, type OfficeModel, serviceMs, WARD_CENTRE } from './day';

/** The office as stored, as a model for planDay: its services, counters and what each serves. */
export async function officeModelOf(deps: Pick<Deps, 'db'>, officeId: number): Promise<OfficeModel> {
  const svc = await deps.db
    .select({ id: services.id, prefix: services.prefix, name: services.name, avg: services.avgServiceMinutes })
    .from(services)
    .where(eq(services.officeId, officeId))
    .orderBy(asc(services.position), asc(services.id));
  const ctr = await deps.db.select().from(counters).where(eq(counters.officeId, officeId)).orderBy(asc(counters.number));
  const links = await deps.db.select().from(counterServices);
  return {
    ...WARD_CENTRE,
    services: svc.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name, meanMinutes: s.avg, cv: 0.6, share: 1 / svc.length })),
    counters: ctr.map((c) => ({
      id: c.id,
      number: c.number,
      serviceIds: links.filter((l) => l.counterId === c.id).map((l) => l.serviceId),
      speed: 1,
    })),
  };
}

export interface StoreTicket {
  id: number;
  oldEta: number;
  eta: number;
  low: number;
  high: number;
}

/**
 * Runs the plan's day through the store. `actors` are the officers at the model's counters (in
 * order); `runs` the Monte-Carlo runs per forecast. Returns what each ticket was told at issue.
 */
export async function runDayOnStore(
  deps: Deps & { clock: { set(t: number): void } },
  officeId: number,
  day: string,
  office: OfficeModel,
  plan: DayPlan,
  actors: Actor[],
  runs = 60,
): Promise<StoreTicket[]> {
  const tz = (await getOffice(deps.db, officeId))!.timezone;
  const at = (minute: number) => zonedTime(day, Math.floor(minute), tz) + Math.round((minute % 1) * 60_000);
  const out: StoreTicket[] = [];
  const model = new Map(office.services.map((s) => [s.id, s]));
  type Desk = {
    phase: 'idle' | 'called' | 'serving' | 'paused';
    until: number;
    noShow: boolean;
    transferTo: number | null;
    z: number;
  };
  const desks: Desk[] = office.counters.map(() => ({ phase: 'idle', until: 0, noShow: false, transferTo: null, z: 0 }));
  const byTicket = new Map<number, DayPlan['arrivals'][number]>();
  const start = at(office.sessions[0]![0]);
  const end = at(office.sessions[0]![1]);
  deps.clock.set(start);
  for (const [i, c] of office.counters.entries()) {
    const r = await openCounter(deps, c.id, actors[i]!);
    if (!r.ok) throw new Error(`open ${c.number}: ${r.code}`);
  }
  let changed = true;
  let ai = 0;
  // People waiting per service, kept here only to skip calls on empty lines (each is a write).
  const line = new Map<number, number>();
  const join = (serviceId: number, n: number) => line.set(serviceId, (line.get(serviceId) ?? 0) + n);
  for (let now = start; now < end; now += 15_000) {
    deps.clock.set(now);
    while (ai < plan.arrivals.length && at(plan.arrivals[ai]!.at) <= now) {
      const a = plan.arrivals[ai++]!;
      if (a.booking) continue; // bookings need appointments: the in-memory day has them
      if (changed) await refreshForecast(deps.db, officeId, now, { force: true, runs });
      changed = false;
      const priority = a.priority ? 'elderly' : null;
      const ahead = await aheadOf(deps, a.serviceId, priority !== null);
      const oldEta = await estimateWait(deps.db, a.serviceId, ahead, now);
      const r = await issueTicket(deps, { officeId, serviceId: a.serviceId, priority });
      if (!r.ok) throw new Error(`issue: ${r.code}`);
      byTicket.set(r.value.id, a);
      join(a.serviceId, 1);
      out.push({ id: r.value.id, oldEta, eta: r.value.etaMinutes, low: r.value.etaLowMinutes!, high: r.value.etaHighMinutes! });
      changed = true;
    }
    for (const [i, c] of office.counters.entries()) {
      const d = desks[i]!;
      const actor = actors[i]!;
      if (now < d.until) continue;
      const p = plan.pauses.find((x) => x.counter === i && now >= at(x.from) && now < at(x.to));
      if (d.phase === 'paused') {
        if (p) continue;
        if (!(await resume(deps, c.id, actor)).ok) throw new Error('resume');
        d.phase = 'idle';
        changed = true;
      }
      if (d.phase === 'idle') {
        if (p) {
          if (!(await pause(deps, c.id, actor, 'Nghỉ giải lao')).ok) throw new Error('pause');
          d.phase = 'paused';
          changed = true;
          continue;
        }
        if (!c.serviceIds.some((sid) => (line.get(sid) ?? 0) > 0)) continue;
        const r = await callNext(deps, c.id, actor, 'vi');
        if (!r.ok) continue; // nobody waiting in its lines
        join(r.value.ticket.serviceId, -1);
        changed = true;
        const a = byTicket.get(r.value.ticket.id);
        d.noShow = a?.noShow ?? false;
        d.transferTo = a?.transferTo ?? null;
        d.z = a?.z ?? 0;
        if (a) a.transferTo = null; // transferred once
        d.phase = 'called';
        d.until = now + (d.noShow ? 3 * 60_000 : (a?.walkSeconds ?? 45) * 1000);
      } else if (d.phase === 'called') {
        if (d.noShow) {
          if (!(await actOnCurrent(deps, c.id, actor, 'no_show')).ok) throw new Error('no-show');
          d.phase = 'idle';
          continue;
        }
        if (!(await actOnCurrent(deps, c.id, actor, 'start')).ok) throw new Error('start');
        d.phase = 'serving';
        const ms = serviceMs(model.get(c.serviceIds[0]!)!, d.z, c.speed);
        d.until = now + (d.transferTo !== null ? Math.min(ms, 2 * 60_000) : ms);
      } else if (d.phase === 'serving') {
        const r =
          d.transferTo !== null
            ? await transfer(deps, c.id, actor, { serviceId: d.transferTo })
            : await actOnCurrent(deps, c.id, actor, 'finish');
        if (!r.ok) throw new Error(`finish: ${r.code}`);
        if (d.transferTo !== null) {
          join(d.transferTo, 1);
          changed = true;
        }
        d.phase = 'idle';
      }
    }
  }
  return out;
}

/** People a new ticket would have ahead (the same count issueTicket makes). */
async function aheadOf(deps: Pick<Deps, 'db'>, serviceId: number, priority: boolean): Promise<number> {
  const counts = await deps.db.select().from(waitingCounts).where(eq(waitingCounts.serviceId, serviceId));
  return counts.filter((c) => c.queueClass <= (priority ? 0 : 2)).reduce((s, c) => s + c.waiting, 0);
}

/** A ticket's wait to its first call, as stored. */
export async function firstWaitMs(deps: Pick<Deps, 'db'>, ticketId: number): Promise<number | null> {
  const t = await getTicket(deps.db, ticketId);
  return t?.calledAt != null ? t.calledAt - t.issuedAt : null;
}
