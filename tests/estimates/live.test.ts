// The live estimate: the office's forecast, made from the stored queue after it changes, gives
// the slip, the phone, the public list and the counter's list the same point and range; without
// one, today's formula with a wide range. Runs on both backends.
import { describe, expect, it } from 'vitest';
import { actOnCurrent, callNext, counterState, openCounter } from '../../server/calling/store';
import { estimateMinutes, fallbackRange } from '../../server/estimates/estimate';
import { readForecastInput, refreshForecast } from '../../server/estimates/forecasts';
import { listServices } from '../../server/estimates/store';
import { getTicket, issueTicket, ticketView } from '../../server/tickets/store';
import { counterIdOf, serviceIdOf, sqlGet, testApp } from '../helpers';

const officer = (id: number) => ({ id, role: 'officer', officeId: 1 });

describe('the live estimate', () => {
  it('comes from the forecast once there is one, the same on every surface, with its range stored', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const [c1, c2] = await Promise.all([counterIdOf(f.db, 1), counterIdOf(f.db, 2)]);
    expect((await openCounter(f.deps, c1, officer(3))).ok).toBe(true);
    // Before any forecast: today's formula, with the wide range around it.
    const first = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    if (!first.ok) throw new Error(first.code);
    expect(first.value).toMatchObject(fallbackRange(first.value.etaMinutes));
    for (let i = 0; i < 8; i++) {
      expect((await issueTicket(f.deps, { officeId: 1, serviceId: A, priority: i === 3 ? 'elderly' : null })).ok).toBe(true);
    }
    await refreshForecast(f.db, 1, f.clock.now(), { force: true, runs: 200 });
    const list = (await listServices(f.db, 1, f.clock.now())).find((s) => s.id === A)!;
    expect(list.waiting).toBe(9);
    expect(list.etaLowMinutes).toBeLessThanOrEqual(list.etaMinutes);
    expect(list.etaHighMinutes).toBeGreaterThan(list.etaMinutes);
    // Nine ahead at one counter of ten-minute services: well over an hour, not today's "45 min at
    // two counters" when the line is shared with counter 2 that is closed.
    expect(list.etaMinutes).toBeGreaterThan(60);
    const next = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    if (!next.ok) throw new Error(next.code);
    expect(next.value).toMatchObject({
      position: 10,
      etaMinutes: list.etaMinutes,
      etaLowMinutes: list.etaLowMinutes,
      etaHighMinutes: list.etaHighMinutes,
    });
    const row = await sqlGet(
      f.db,
      'select eta_minutes_at_issue, eta_low_minutes, eta_high_minutes from tickets where id = ?',
      next.value.id,
    );
    expect(row).toEqual({
      eta_minutes_at_issue: list.etaMinutes,
      eta_low_minutes: list.etaLowMinutes,
      eta_high_minutes: list.etaHighMinutes,
    });
    // Someone joining a line that grew since the forecast: moved by the time per person.
    const later = await issueTicket(f.deps, { officeId: 1, serviceId: A });
    if (!later.ok) throw new Error(later.code);
    expect(later.value.etaMinutes).toBeGreaterThan(next.value.etaMinutes);

    // The phone and the counter's list agree, ticket by ticket, after a fresh forecast.
    await refreshForecast(f.db, 1, f.clock.now(), { force: true, runs: 200 });
    const state = (await counterState(f.db, c1, f.clock.now()))!;
    for (const t of state.waiting) {
      const phone = await ticketView(f.db, (await getTicket(f.db, t.id))!, f.clock.now());
      expect(phone.etaMinutes, `ticket ${t.number}`).toBe(t.etaMinutes);
      expect(phone.etaLowMinutes).toBeLessThanOrEqual(phone.etaMinutes);
    }
    // Each waiting ticket's estimate grows with its place in line.
    const etas = state.waiting.filter((t) => t.serviceId === A).map((t) => t.etaMinutes);
    expect([...etas].sort((a, b) => a - b)).toEqual(etas);
    // Opening the second counter that serves A roughly halves the wait of the last in line.
    expect((await openCounter(f.deps, c2, officer(4))).ok).toBe(true);
    await refreshForecast(f.db, 1, f.clock.now(), { force: true, runs: 200 });
    const shared = (await listServices(f.db, 1, f.clock.now())).find((s) => s.id === A)!;
    expect(shared.etaMinutes).toBeLessThan(0.75 * list.etaMinutes);
    expect(shared.etaMinutes).toBeGreaterThan(0.3 * list.etaMinutes);
    expect(estimateMinutes(0, { avgServiceMs: 60_000, servers: 1 })).toBe(1);
  });

  it('reads the queue as the call policy sees it: counters, current services, measured spreads', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const c1 = await counterIdOf(f.db, 1);
    expect((await openCounter(f.deps, c1, officer(3))).ok).toBe(true);
    for (let i = 0; i < 6; i++) expect((await issueTicket(f.deps, { officeId: 1, serviceId: A })).ok).toBe(true);
    // Four services of 4 minutes measured at counter 1: the service's log-normal and the counter's speed.
    for (let i = 0; i < 4; i++) {
      expect((await callNext(f.deps, c1, officer(3), 'vi')).ok).toBe(true);
      expect((await actOnCurrent(f.deps, c1, officer(3), 'start')).ok).toBe(true);
      f.clock.advanceMinutes(4);
      expect((await actOnCurrent(f.deps, c1, officer(3), 'finish')).ok).toBe(true);
    }
    expect((await callNext(f.deps, c1, officer(3), 'vi')).ok).toBe(true);
    f.clock.advanceMinutes(1);
    const input = (await readForecastInput(f.db, 1, f.clock.now()))!;
    const a = input.services.find((s) => s.id === A)!;
    expect(Math.exp(a.mu)).toBeCloseTo(4 * 60_000, -3);
    const counter = input.counters.find((c) => c.id === c1)!;
    expect(counter).toMatchObject({ status: 'open', current: { serviceId: A, elapsedMs: 60_000 } });
    expect(counter.serviceIds).toContain(A);
    expect(input.waiting.filter((t) => t.serviceId === A)).toHaveLength(1);
    expect(input.rule).toEqual({ maxPriorityInRow: 2, maxWaitMinutes: 45, bookingLeadMinutes: 2 });
    // Only open and paused counters count once one is open.
    expect(input.counters.every((c) => c.status === 'open' || c.status === 'paused')).toBe(true);
  });
});
