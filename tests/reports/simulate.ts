// A deterministic office day for the report tests and screenshots: seeded generator, injected
// clock, six counters, priorities, bookings checked in, no-shows, transfers, pad and phone
// ratings, the day closed at 17:00. Everything goes through the real store functions.
import { asc, eq } from 'drizzle-orm';
import { counterServices, counters, devices, services, staff, tickets } from '../../db/schema';
import { checkIn } from '../../server/booking/check-in';
import { sweepNoShows } from '../../server/booking/no-shows';
import { actOnCurrent, callNext, openCounter, transfer } from '../../server/calling/store';
import { createDevice } from '../../server/devices/store';
import { rateByToken, rateFromPad } from '../../server/surveys/store';
import { closeDay } from '../../server/tickets/day-end';
import { getTicket, issueTicket } from '../../server/tickets/store';
import { zonedTime } from '../../server/time';
import type { TestApp } from '../helpers';

/** What the simulation needs of a test app or a test server. */
type Env = Pick<TestApp, 'db' | 'store' | 'clock' | 'officeId' | 'deps'>;

const TZ = 'Asia/Ho_Chi_Minh';

/** mulberry32: a small seeded PRNG, so the day is the same on every run. */
/** Six counters need six officers (the demo office has three) and a pad each (it has one). */
export async function staffAllCounters(env: Env): Promise<void> {
  // Six counters need six officers: the demo office has three.
  for (const [i, name] of ['Đỗ Thị Dung', 'Hoàng Văn Em', 'Vũ Thị Giang'].entries()) {
    await env.store.write((tx) =>
      tx.insert(staff).values({
        officeId: env.officeId,
        username: `canbo${i + 4}`,
        displayName: name,
        role: 'officer',
        passwordHash: 'x',
        createdAt: env.clock.now(),
      }),
    );
  }
  for (const c of await env.db.select().from(counters).where(eq(counters.officeId, env.officeId))) {
    if (c.number > 1)
      await env.store.write((tx) =>
        createDevice(tx, env.officeId, { kind: 'pad', name: `Pad ${c.number}`, counterId: c.id }, env.clock.now()),
      );
  }
}

export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Sim {
  issued: number;
  transfers: number;
  noShows: number;
  padRatings: number;
  phoneRatings: number;
}

/**
 * One office day, tick by tick (20 s): arrivals at random times, six counters each calling the
 * next ticket, the resident walking up, being served, sometimes not coming (no-show) or being
 * sent to another service (transfer); ratings on the pad right after "finish" or later by phone.
 */
export async function simulateDay(
  env: Env,
  day: string,
  count: number,
  seed: number,
  bookings: { code: string; at: number }[] = [],
  /** Called after every simulated 20 s, for tests that check an invariant all day. */
  onTick: () => unknown = () => {},
): Promise<Sim> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const deps = env.deps;
  const serviceIds = (await env.db.select({ id: services.id }).from(services).where(eq(services.officeId, env.officeId))).map(
    (s) => s.id,
  );
  // The simulated office's own counters and officers (the seed's second centre has its own).
  const counterRows = await env.db
    .select()
    .from(counters)
    .where(eq(counters.officeId, env.officeId))
    .orderBy(asc(counters.number));
  const officerIds = (
    await env.db.select({ id: staff.id, role: staff.role }).from(staff).where(eq(staff.officeId, env.officeId))
  ).filter((s) => s.role === 'officer');
  const pads = (await env.db.select().from(devices)).filter((d) => d.kind === 'pad');
  const served = new Map<number, number[]>();
  for (const l of await env.db.select().from(counterServices))
    served.set(l.counterId, [...(served.get(l.counterId) ?? []), l.serviceId]);
  // Waiting tickets per service, tracked here only to skip pointless "call next" on empty lines
  // (a speed-up of the simulation: the report is checked against the database, not this).
  const line = new Map<number, number>();
  const joined = (serviceId: number, n: number) => line.set(serviceId, (line.get(serviceId) ?? 0) + n);
  const open = zonedTime(day, 7 * 60 + 30, TZ);
  const lastArrival = zonedTime(day, 16 * 60 + 30, TZ);
  const close = zonedTime(day, 17 * 60, TZ);
  const arrivals = Array.from({ length: count }, () => open + Math.floor(rnd() * (lastArrival - open))).sort((a, b) => a - b);
  const bookingArrivals = [...bookings].sort((a, b) => a.at - b.at);
  const sim: Sim = { issued: 0, transfers: 0, noShows: 0, padRatings: 0, phoneRatings: 0 };

  type Desk = {
    id: number;
    actor: { id: number; role: string };
    phase: 'idle' | 'called' | 'serving';
    until: number;
    outcome: string;
  };
  env.clock.set(open);
  const desks: Desk[] = await Promise.all(
    counterRows.map(async (c, i) => {
      const actor = { id: officerIds[i]!.id, role: 'officer' };
      const opened = await openCounter(deps, c.id, actor);
      if (!opened.ok) throw new Error(`open ${c.number}: ${opened.code}`);
      return { id: c.id, actor, phase: 'idle', until: open, outcome: 'done' };
    }),
  );
  const laterPhone: { token: string; at: number }[] = [];

  for (let now = open; now <= close; now += 20_000) {
    env.clock.set(now);
    while (arrivals.length && arrivals[0]! <= now) {
      arrivals.shift();
      const priority = rnd() < 0.1 ? pick(['elderly', 'disabled', 'pregnant', 'small_child', 'merit']) : null;
      const r = await issueTicket(deps, { officeId: env.officeId, serviceId: pick(serviceIds), priority });
      if (!r.ok) throw new Error(r.code);
      joined(r.value.serviceId, 1);
      sim.issued++;
    }
    while (bookingArrivals.length && bookingArrivals[0]!.at <= now) {
      const r = await checkIn(deps, env.officeId, bookingArrivals.shift()!.code);
      if (!r.ok) throw new Error(`check-in: ${r.code}`);
      joined(r.value.ticket.serviceId, 1);
      sim.issued++;
    }
    for (const p of laterPhone.filter((x) => x.at <= now)) {
      laterPhone.splice(laterPhone.indexOf(p), 1);
      const level = 1 + Math.floor(rnd() * 5);
      const comment = rnd() < 0.2 ? 'Góp ý: cần thêm ghế chờ' : null;
      const r = await rateByToken(deps, p.token, {
        level,
        comment,
        answers: {
          factors: { access: level, procedure: level, officials: 5, result: level, feedback: 3 },
          trips: pick([0, 1, 2] as const),
        },
      });
      if (!r.ok) throw new Error(`phone rating: ${r.code}`);
      sim.phoneRatings++;
    }
    for (const d of desks) {
      if (now < d.until) continue;
      if (d.phase === 'idle') {
        if (now >= close - 10 * 60_000) continue;
        if (!served.get(d.id)!.some((s) => (line.get(s) ?? 0) > 0)) continue;
        const r = await callNext(deps, d.id, d.actor, 'vi');
        if (!r.ok) continue; // QUEUE_EMPTY
        joined(r.value.ticket.serviceId, -1);
        const x = rnd();
        d.outcome = x < 0.06 ? 'no_show' : x < 0.12 ? 'transfer' : 'done';
        d.phase = 'called';
        d.until = now + (d.outcome === 'no_show' ? 3 * 60_000 : 20_000 + Math.floor(rnd() * 100_000));
      } else if (d.phase === 'called') {
        if (d.outcome === 'no_show') {
          if (!(await actOnCurrent(deps, d.id, d.actor, 'no_show')).ok) throw new Error('no-show');
          sim.noShows++;
          d.phase = 'idle';
          d.until = now;
          continue;
        }
        if (!(await actOnCurrent(deps, d.id, d.actor, 'start')).ok) throw new Error('start');
        d.phase = 'serving';
        d.until = now + (d.outcome === 'transfer' ? 2 * 60_000 : 2 * 60_000 + Math.floor(rnd() * 13 * 60_000));
      } else {
        if (d.outcome === 'transfer') {
          const current = (await env.db.select().from(counters)).find((c) => c.id === d.id)!.currentTicketId!;
          const from = (await env.db.select().from(tickets)).find((t) => t.id === current)!.serviceId;
          const to = pick(serviceIds.filter((s) => s !== from));
          const r = await transfer(deps, d.id, d.actor, { serviceId: to });
          if (!r.ok) throw new Error(`transfer: ${r.code}`);
          joined(to, 1);
          sim.transfers++;
          d.phase = 'idle';
          d.until = now;
          continue;
        }
        const fin = await actOnCurrent(deps, d.id, d.actor, 'finish');
        if (!fin.ok) throw new Error('finish');
        const x = rnd();
        const pad = pads.find((p) => p.counterId === d.id);
        if (x < 0.45 && pad) {
          const level = rnd() < 0.7 ? 4 + Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 3);
          const r = await rateFromPad(deps, pad, { ticketId: fin.value.ticket!.id, level });
          if (!r.ok) throw new Error(`pad rating: ${r.code}`);
          sim.padRatings++;
        } else if (x < 0.7) {
          laterPhone.push({
            token: (await getTicket(env.db, fin.value.ticket!.id))!.token,
            at: now + Math.floor(rnd() * 40 * 60_000),
          });
        }
        d.phase = 'idle';
        d.until = now + Math.floor(rnd() * 60_000);
      }
    }
    await onTick();
  }
  // Residents still in line at 17:00: the day is closed (their tickets cancelled); ratings that
  // come later in the evening still count for the day's tickets.
  env.clock.set(close + 60_000);
  for (const d of desks) {
    if (d.phase !== 'idle') {
      await actOnCurrent(deps, d.id, d.actor, d.phase === 'called' ? 'no_show' : 'finish');
      if (d.phase === 'called') sim.noShows++;
    }
  }
  if (!(await closeDay(deps, env.officeId)).ok) throw new Error('close day');
  if (!(await sweepNoShows(deps, env.officeId)).ok) throw new Error('sweep');
  env.clock.set(close + 3 * 3_600_000);
  for (const p of laterPhone) {
    const r = await rateByToken(deps, p.token, { level: 5 });
    if (!r.ok) throw new Error(`evening rating: ${r.code}`);
    sim.phoneRatings++;
  }
  // The officers leave: every counter closed for the night (nothing is left on hold).
  await env.store.write((tx) => tx.update(counters).set({ status: 'closed', officerId: null, currentTicketId: null }));
  return sim;
}
