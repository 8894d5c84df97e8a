import { describe, expect, it } from 'vitest';
import {
  addCall,
  currentCalls,
  earlierCalls,
  inZone,
  localDay,
  parseCounterFilter,
  todays,
  worthAnnouncing,
} from '../../display/calls';
import type { CallEvent } from '../../server/realtime/contract';

let nextId = 1;
function call(number: string, counterNumber: number, extra: Partial<CallEvent> = {}): CallEvent {
  const eventId = nextId++;
  return {
    eventId,
    ticketId: eventId,
    number,
    counterNumber,
    counterId: counterNumber,
    serviceId: 1,
    calledAt: '2026-11-30T02:00:00.000Z',
    recall: false,
    ...extra,
  };
}

describe('display call lists', () => {
  it('parses the zone filter and ignores junk', () => {
    expect(parseCounterFilter('1,2,3')).toEqual([1, 2, 3]);
    expect(parseCounterFilter(' 4 , x, 4,12')).toEqual([4, 12]);
    expect(parseCounterFilter('abc')).toBeNull();
    expect(parseCounterFilter('')).toBeNull();
    expect(parseCounterFilter(null)).toBeNull();
    expect(inZone({ counterNumber: 2 }, [1, 2])).toBe(true);
    expect(inZone({ counterNumber: 5 }, [1, 2])).toBe(false);
    expect(inZone({ counterNumber: 5 }, null)).toBe(true);
  });

  it('keeps calls newest first, once each, bounded', () => {
    let list: CallEvent[] = [];
    const calls = Array.from({ length: 10 }, (_, i) => call(`A${i}`, 1));
    for (const c of [calls[2]!, calls[0]!, calls[1]!, calls[2]!]) list = addCall(list, c, 5);
    expect(list.map((c) => c.number)).toEqual(['A2', 'A1', 'A0']);
    for (const c of calls) list = addCall(list, c, 5);
    expect(list.map((c) => c.number)).toEqual(['A9', 'A8', 'A7', 'A6', 'A5']);
  });

  it('shows the newest call per counter, then earlier tickets once each', () => {
    const a = call('A001', 1);
    const b = call('B001', 2);
    const c = call('A002', 1);
    const recallB = call('B001', 2, { ticketId: b.ticketId, recall: true });
    const d = call('E001', 3);
    const list = [d, recallB, c, b, a];
    const current = currentCalls(list, 4);
    expect(current.map((x) => [x.number, x.counterNumber, x.recall])).toEqual([
      ['E001', 3, false],
      ['B001', 2, true],
      ['A002', 1, false],
    ]);
    expect(earlierCalls(list, current).map((x) => x.number)).toEqual(['A001']);
    expect(currentCalls(list, 2)).toHaveLength(2);
  });

  it("hides calls of earlier days in the office's time zone", () => {
    const tz = 'Asia/Ho_Chi_Minh';
    // 23:30 and 00:30 local time, either side of midnight in Ha Noi (UTC+7).
    const late = call('A099', 1, { calledAt: '2026-11-29T16:30:00.000Z' });
    const early = call('A001', 1, { calledAt: '2026-11-29T17:30:00.000Z' });
    expect(localDay(late.calledAt, tz)).toBe('2026-11-29');
    expect(localDay(early.calledAt, tz)).toBe('2026-11-30');
    const morning = Date.parse('2026-11-30T01:00:00.000Z');
    expect(todays([early, late], morning, tz).map((c) => c.number)).toEqual(['A001']);
    // A TV whose clock is a day behind still shows what the server calls.
    expect(todays([early], Date.parse('2026-11-28T01:00:00.000Z'), tz)).toHaveLength(1);
  });
});

describe('calls missed while disconnected', () => {
  it('announces only the recent ones, each ticket once', () => {
    const at = (min: number) => new Date(Date.parse('2026-11-30T02:00:00.000Z') + min * 60_000).toISOString();
    const old = call('A001', 1, { calledAt: at(0) });
    const b = call('A002', 1, { calledAt: at(9) });
    const c = call('B001', 2, { calledAt: at(10) });
    const recallB = call('A002', 1, { calledAt: at(10.5), ticketId: b.ticketId, recall: true });
    const d = call('E001', 3, { calledAt: at(11) });
    expect(worthAnnouncing([old, b, c, recallB, d]).map((x) => [x.number, x.recall])).toEqual([
      ['B001', false],
      ['A002', true],
      ['E001', false],
    ]);
    expect(worthAnnouncing([])).toEqual([]);
    expect(worthAnnouncing([old]).map((x) => x.number)).toEqual(['A001']);
  });
});
