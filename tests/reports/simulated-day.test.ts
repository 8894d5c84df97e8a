// A deterministic simulated day (seeded generator, injected clock): 400 tickets through six
// counters with priorities, bookings checked in, no-shows, transfers, pad and phone ratings,
// and the day closed at 17:00; then every statistic the report gives is recomputed here,
// independently, from the raw ticket_events, tickets, ratings and appointments rows.
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { appointments, counters, ratings, services, slotLedger, staff, ticketEvents, tickets } from '../../db/schema';
import { book, cancelAppointment } from '../../server/booking/appointments';
import { listSlots } from '../../server/booking/slots';
import { zonedTime } from '../../server/time';
import { testApp } from '../helpers';
import { type Sim, simulateDay, staffAllCounters } from './simulate';

const TZ = 'Asia/Ho_Chi_Minh';
const DAY1 = '2026-11-30';
const DAY2 = '2026-12-01';

type Env = Awaited<ReturnType<typeof testApp>>;

// ---------------------------------------------------------------- the independent computation

const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const hourFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' });
const localDayOf = (t: number) => dayFmt.format(new Date(t));
const localHourOf = (t: number) => Number(hourFmt.format(new Date(t)));

/** Excel PERCENTILE.INC, written from its definition: position 1 + (n - 1) p, 1-based. */
function excelPercentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const x = [...values].sort((a, b) => a - b);
  const pos = 1 + (x.length - 1) * p;
  const k = Math.floor(pos);
  const frac = pos - k;
  return k >= x.length ? x[x.length - 1]! : x[k - 1]! + frac * (x[k]! - x[k - 1]!);
}

interface Visit {
  id: number;
  day: string;
  issuedHour: number;
  serviceId: number;
  state: string;
  waitMs: number;
  serviceMs: number;
  finishedAt: number | null;
  counterId: number | null;
  officerId: number | null;
  eta: number | null;
  priority: boolean;
  booking: boolean;
  rating?: { level: number; scale: number; waitMs: number | null };
}

/** Replays each ticket's events: time in each state, final state, last counter and officer. */
async function visitsFromEvents(env: Env): Promise<Visit[]> {
  const events = await env.db.select().from(ticketEvents).orderBy(asc(ticketEvents.id));
  const rows = new Map((await env.db.select().from(tickets)).map((t) => [t.id, t]));
  const rated = new Map((await env.db.select().from(ratings)).map((r) => [r.ticketId, r]));
  const byTicket = new Map<number, typeof events>();
  for (const e of events) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), e]);
  const out: Visit[] = [];
  for (const [id, evs] of byTicket) {
    const first = evs[0]!;
    expect(['issued', 'checked_in']).toContain(first.type);
    let state = first.toState;
    let since = first.at;
    const spent: Record<string, number> = {};
    let counterId: number | null = null;
    let officerId: number | null = null;
    let finishedAt: number | null = null;
    for (const e of evs.slice(1)) {
      expect(e.fromState).toBe(state);
      spent[state] = (spent[state] ?? 0) + (e.at - since);
      since = e.at;
      state = e.toState;
      // A desk's figures are the tickets it ended: served or marked no-show there.
      if (e.type === 'finish' || e.type === 'no_show') {
        counterId = e.counterId;
        officerId = e.officerId;
      }
      if (e.type === 'finish') finishedAt = e.at;
    }
    const row = rows.get(id)!;
    const r = rated.get(id);
    out.push({
      id,
      day: localDayOf(first.at),
      issuedHour: localHourOf(first.at),
      serviceId: row.serviceId,
      state,
      waitMs: spent.waiting ?? 0,
      serviceMs: spent.serving ?? 0,
      finishedAt,
      counterId,
      officerId,
      eta: row.etaMinutesAtIssue,
      priority: row.priority !== null,
      booking: row.source === 'booking',
      rating: r ? { level: r.level, scale: r.scale, waitMs: r.waitMs } : undefined,
    });
  }
  return out;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const minutesOf = (ms: number[]) => ({
  mean: ms.length ? mean(ms)! / 60_000 : null,
  p50: ms.length ? excelPercentile(ms, 0.5)! / 60_000 : null,
  p90: ms.length ? excelPercentile(ms, 0.9)! / 60_000 : null,
});
function satisfaction(vs: Visit[]) {
  const rs = vs.flatMap((v) => (v.rating ? [v.rating] : []));
  return {
    responses: rs.length,
    mean: mean(rs.map((r) => r.level)),
    index: rs.length ? rs.filter((r) => r.level >= r.scale - 1).length / rs.length : null,
  };
}
function groupStats(vs: Visit[], targetMs: number) {
  const served = vs.filter((v) => v.state === 'done');
  return {
    issued: vs.length,
    served: served.length,
    noShow: vs.filter((v) => v.state === 'no_show').length,
    cancelled: vs.filter((v) => v.state === 'cancelled').length,
    waitMinutes: minutesOf(served.map((v) => v.waitMs)),
    serviceMinutes: minutesOf(served.map((v) => v.serviceMs)),
    withinTarget: served.length ? served.filter((v) => v.waitMs <= targetMs).length / served.length : null,
    satisfaction: satisfaction(vs),
  };
}

/** Deep equality where numbers may differ by floating-point rounding only. */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThan(1e-9);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    for (const [i, e] of expected.entries()) expectClose((actual as unknown[])[i], e, `${path}[${i}]`);
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)?.[k], e, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

async function expectedStats(env: Env, all: Visit[], from: string, to: string) {
  const targetMs = 15 * 60_000;
  const vs = all.filter((v) => v.day >= from && v.day <= to);
  const served = vs.filter((v) => v.state === 'done');
  const svc = await env.db
    .select()
    .from(services)
    .where(eq(services.officeId, 1))
    .orderBy(asc(services.position), asc(services.id));
  const ctr = await env.db.select().from(counters).where(eq(counters.officeId, 1)).orderBy(asc(counters.number));
  const people = await env.db.select().from(staff);
  const g = groupStats(vs, targetMs);
  const hours = [...vs.map((v) => v.issuedHour), ...served.map((v) => localHourOf(v.finishedAt!))];
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  const rated = vs.filter((v) => v.rating);
  const band = (lo: number, hi: number | null) =>
    rated.filter((v) => v.waitMs >= lo * 60_000 && (hi === null || v.waitMs < hi * 60_000));
  const mae = (xs: Visit[]) => {
    const withEta = xs.filter((v) => v.eta !== null);
    return { tickets: withEta.length, maeMinutes: mean(withEta.map((v) => Math.abs(v.eta! - v.waitMs / 60_000))) };
  };
  const appts = (await env.db.select().from(appointments)).filter((a) => a.localDay >= from && a.localDay <= to);
  const count = (s: string) => appts.filter((a) => a.state === s).length;
  const decided = count('checked_in') + count('no_show');
  return {
    tickets: { issued: g.issued, served: g.served, noShow: g.noShow, cancelled: g.cancelled },
    waitMinutes: g.waitMinutes,
    serviceMinutes: g.serviceMinutes,
    satisfaction: g.satisfaction,
    servedWithinTarget: g.withinTarget,
    noShowRate: g.served + g.noShow ? g.noShow / (g.served + g.noShow) : null,
    priorityTickets: vs.filter((v) => v.priority).length,
    byService: svc
      .map((s) => ({
        serviceId: s.id,
        name: s.name,
        ...groupStats(
          vs.filter((v) => v.serviceId === s.id),
          targetMs,
        ),
      }))
      .filter((x) => x.issued > 0),
    byCounter: ctr
      .map((c) => ({
        counterId: c.id,
        number: c.number,
        ...groupStats(
          vs.filter((v) => v.counterId === c.id),
          targetMs,
        ),
      }))
      .filter((x) => x.issued > 0),
    byOfficer: people
      .filter((p) => vs.some((v) => v.officerId === p.id))
      .sort((a, b) => (a.displayName < b.displayName ? -1 : 1))
      .map((p) => ({
        officerId: p.id,
        ...groupStats(
          vs.filter((v) => v.officerId === p.id),
          targetMs,
        ),
      })),
    byDay: days.map((day) => ({
      day,
      ...groupStats(
        vs.filter((v) => v.day === day),
        targetMs,
      ),
    })),
    byHour: hours.length
      ? Array.from({ length: Math.max(...hours) - Math.min(...hours) + 1 }, (_, i) => Math.min(...hours) + i).map((hour) => ({
          hour,
          finished: served.filter((v) => localHourOf(v.finishedAt!) === hour).length,
          ...groupStats(
            vs.filter((v) => v.issuedHour === hour),
            targetMs,
          ),
        }))
      : [],
    satisfactionByWaitBand: [
      { band: '0-10', ...satisfaction(band(0, 10)) },
      { band: '10-20', ...satisfaction(band(10, 20)) },
      { band: '20-40', ...satisfaction(band(20, 40)) },
      { band: '40+', ...satisfaction(band(40, null)) },
    ],
    waitHistogram: [0, 5, 10, 15, 20, 30, 40, 60].map((lo, i, edges) => ({
      fromMinutes: lo,
      count: served.filter((v) => v.waitMs >= lo * 60_000 && (edges[i + 1] === undefined || v.waitMs < edges[i + 1]! * 60_000))
        .length,
    })),
    etaAccuracy: {
      overall: mae(served),
      byService: svc
        .map((s) => ({ serviceId: s.id, ...mae(served.filter((v) => v.serviceId === s.id)) }))
        .filter((x) => x.tickets > 0),
    },
    booking: {
      booked: (await env.db.select().from(slotLedger))
        .filter((l) => days.includes(localDayOf(l.slotStart)))
        .reduce((s, l) => s + l.booked, 0),
      appointments: {
        booked: count('booked'),
        checkedIn: count('checked_in'),
        noShow: count('no_show'),
        cancelled: count('cancelled'),
      },
      noShowRate: decided ? count('no_show') / decided : null,
      ticketsFromBookings: vs.filter((v) => v.booking).length,
    },
  };
}

// ---------------------------------------------------------------- the tests

describe('a simulated day, recomputed from the raw rows', () => {
  let env: Env;
  let sup: Env['client'];
  let sim1: Sim;
  let sim2: Sim;
  let visits: Visit[];

  beforeAll(async () => {
    env = await testApp();
    await staffAllCounters(env);
    // Bookings made the Friday before for Monday: ten checked in, two never come, one cancelled.
    env.clock.set(zonedTime('2026-11-27', 10 * 60, TZ));
    const codes: { code: string; at: number }[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < 13; i++) {
      const serviceId = (i % 5) + 1;
      const slots = await listSlots(env.db, { officeId: env.officeId, serviceId, from: DAY1, days: 1, now: env.clock.now() });
      if (!slots.ok) throw new Error(slots.code);
      const slot = slots.value[i + 1]!;
      const r = await book(env.deps, {
        officeId: env.officeId,
        serviceId,
        start: Date.parse(slot.start),
        name: `Công dân ${i}`,
        phone: `09123456${String(i).padStart(2, '0')}`,
      });
      if (!r.ok) throw new Error(`book: ${r.code}`);
      // They arrive ten minutes before their slot, inside the check-in window.
      codes.push({ code: r.value.code, at: Date.parse(slot.start) - 10 * 60_000 });
      tokens.push(r.value.token);
    }
    expect((await cancelAppointment(env.deps, tokens[12]!)).ok).toBe(true);
    sim1 = await simulateDay(env, DAY1, 400, 20261130, codes.slice(0, 10));
    sim2 = await simulateDay(env, DAY2, 60, 20261201);
    visits = await visitsFromEvents(env);
    sup = env.client.fresh();
    await sup.login('giamsat');
  }, 240_000);

  it('ran the day it meant to', async () => {
    expect(sim1.issued).toBe(410);
    expect(sim1.noShows).toBeGreaterThan(5);
    expect(sim1.transfers).toBeGreaterThan(5);
    expect(sim1.padRatings).toBeGreaterThan(20);
    expect(sim1.phoneRatings).toBeGreaterThan(20);
    expect(sim2.issued).toBe(60);
    // The measured timings kept on each ticket agree with its events.
    const rows = new Map((await env.db.select().from(tickets)).map((t) => [t.id, t]));
    for (const v of visits) {
      expect(rows.get(v.id)!.waitMs, `ticket ${v.id}`).toBe(v.waitMs);
      expect(rows.get(v.id)!.serviceMs).toBe(v.serviceMs);
      if (v.rating) expect(v.rating.waitMs).toBe(v.waitMs);
    }
    expect(visits.filter((v) => v.day === DAY1 && v.state === 'cancelled').length).toBeGreaterThan(0);
  });

  for (const [from, to] of [
    [DAY1, DAY1],
    [DAY2, DAY2],
    [DAY1, DAY2],
    ['2026-11-29', '2026-12-02'],
  ] as const) {
    it(`GET /stats ${from}..${to} equals the independent computation`, async () => {
      const r = await sup.get(`/api/offices/1/stats?from=${from}&to=${to}`);
      expect(r.status).toBe(200);
      expectClose(r.body, await expectedStats(env, visits, from, to));
      expect(Object.keys(r.body.tickets).sort()).toEqual(['cancelled', 'issued', 'noShow', 'served']);
      expect(Object.keys(r.body.waitMinutes).sort()).toEqual(['mean', 'p50', 'p90']);
      expect(Object.keys(r.body.satisfaction).sort()).toEqual(['index', 'mean', 'responses']);
    });
  }

  it('booking use: booked places against the capacity of every slot of the day', async () => {
    const r = await sup.get(`/api/offices/1/stats?from=${DAY1}&to=${DAY1}`);
    expect(r.body.booking.appointments).toEqual({ booked: 0, checkedIn: 10, noShow: 2, cancelled: 1 });
    expect(r.body.booking.noShowRate).toBeCloseTo(2 / 12, 12);
    expect(r.body.booking.booked).toBe(12);
    // Capacity: every bookable service's slots of the day times its places per slot.
    let capacity = 0;
    for (const s of await env.db.select().from(services).where(eq(services.officeId, 1))) {
      const slots = await listSlots(env.db, {
        officeId: 1,
        serviceId: s.id,
        from: DAY1,
        days: 1,
        now: zonedTime('2026-11-27', 10 * 60, TZ),
      });
      if (slots.ok) capacity += slots.value.reduce((sum, x) => sum + x.capacity, 0);
    }
    expect(capacity).toBeGreaterThan(0);
    expect(r.body.booking.capacity).toBe(capacity);
    expect(r.body.booking.use).toBeCloseTo(12 / capacity, 12);
  });

  it('an empty range has zeros and nulls', async () => {
    const r = await sup.get('/api/offices/1/stats?from=2026-01-05&to=2026-01-06');
    expect(r.status).toBe(200);
    expect(r.body.tickets).toEqual({ issued: 0, served: 0, noShow: 0, cancelled: 0 });
    expect(r.body.waitMinutes).toEqual({ mean: null, p50: null, p90: null });
    expect(r.body.serviceMinutes).toEqual({ mean: null, p50: null, p90: null });
    expect(r.body.satisfaction).toEqual({ responses: 0, mean: null, index: null });
    expect(r.body.byDay.map((d: { day: string }) => d.day)).toEqual(['2026-01-05', '2026-01-06']);
  });

  it('exports the same numbers: XLSX read back with exceljs, CSV with a BOM', async () => {
    const stats = (await sup.get(`/api/offices/1/stats?from=${DAY1}&to=${DAY1}`)).body;
    const res = await env.app.request(`/api/offices/1/stats.xlsx?from=${DAY1}&to=${DAY1}`, { headers: { cookie: sup.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const summary = wb.getWorksheet('Tổng quan')!;
    const value = (label: string) => {
      let found: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    const r2 = (x: number) => Math.round(x * 100) / 100;
    expect(value('Số lượt cấp')).toBe(stats.tickets.issued);
    expect(value('Đã phục vụ')).toBe(stats.tickets.served);
    expect(value('Vắng mặt')).toBe(stats.tickets.noShow);
    expect(value('Đã hủy')).toBe(stats.tickets.cancelled);
    expect(value('Thời gian chờ trung bình (phút)')).toBe(r2(stats.waitMinutes.mean));
    expect(value('Thời gian chờ P90 (phút)')).toBe(r2(stats.waitMinutes.p90));
    expect(value('Thời gian phục vụ P50 (phút)')).toBe(r2(stats.serviceMinutes.p50));
    expect(value('Số đánh giá')).toBe(stats.satisfaction.responses);
    expect(value('Chỉ số hài lòng (%)')).toBe(r2(stats.satisfaction.index * 100));
    const bySvc = wb.getWorksheet('Theo dịch vụ')!;
    expect(bySvc.getRow(1).getCell(2).value).toBe('Dịch vụ');
    expect(bySvc.rowCount).toBe(1 + stats.byService.length);
    const firstSvc = stats.byService[0];
    expect(bySvc.getRow(2).getCell(2).value).toBe(firstSvc.name);
    expect(bySvc.getRow(2).getCell(3).value).toBe(firstSvc.issued);
    expect(wb.getWorksheet('Theo quầy')!.rowCount).toBe(1 + stats.byCounter.length);

    const csv = await env.app.request(`/api/offices/1/stats.csv?from=${DAY1}&to=${DAY1}`, { headers: { cookie: sup.cookie } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`Số lượt cấp,${stats.tickets.issued}\r\n`);
    expect(text).toContain('Đăng ký khai sinh');
  });

  it('only supervisors and admins read reports; bad ranges are 400', async () => {
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const none = env.client.fresh();
    for (const path of ['/api/offices/1/stats', '/api/offices/1/stats.csv', '/api/offices/1/stats.xlsx', '/api/offices/1/live']) {
      expect((await none.get(`${path}?from=${DAY1}&to=${DAY1}`)).status, path).toBe(401);
      expect((await officer.get(`${path}?from=${DAY1}&to=${DAY1}`)).status, path).toBe(403);
    }
    const admin = env.client.fresh();
    await admin.login('admin');
    expect((await admin.get(`/api/offices/1/stats?from=${DAY1}&to=${DAY1}`)).status).toBe(200);
    for (const q of [
      'from=2026-13-01&to=2026-12-01',
      'from=2026-12-02&to=2026-12-01',
      'from=2025-01-01&to=2026-12-01',
      'from=yesterday',
    ]) {
      const r = await sup.get(`/api/offices/1/stats?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect((await sup.get('/api/offices/999/stats')).status).toBe(404);
  });
});
