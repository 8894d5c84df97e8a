import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnnouncer, type Player, type PlayOutcome } from '../../web/voice/queue';
import { type Announcement, announcement } from '../../web/voice/sentence';

/** A player the test finishes by hand; it records what overlaps. */
function fakePlayer() {
  const started: Announcement[] = [];
  const finishers: { resolve: (o?: PlayOutcome) => void; reject: (e: Error) => void }[] = [];
  let playing = 0;
  let maxConcurrent = 0;
  const player: Player & { stopped: number } = {
    stopped: 0,
    play(a) {
      started.push(a);
      playing++;
      maxConcurrent = Math.max(maxConcurrent, playing);
      return new Promise<PlayOutcome | undefined>((resolve, reject) => {
        finishers.push({
          resolve: (o) => {
            playing--;
            resolve(o);
          },
          reject: (e) => {
            playing--;
            reject(e);
          },
        });
      });
    },
    stop() {
      player.stopped++;
    },
  };
  return {
    player,
    started,
    maxConcurrent: () => maxConcurrent,
    /** Ends the announcement now playing. */
    async finish(outcome?: PlayOutcome) {
      finishers.at(-1)!.resolve(outcome);
      await flush();
    },
    async fail(message: string) {
      finishers.at(-1)!.reject(new Error(message));
      await flush();
    },
  };
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));
const call = (number: string, counterNumber: number, recall = false) => announcement({ number, counterNumber, recall });

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('announcement queue', () => {
  it('plays announcements in order, each only after the previous one ended', async () => {
    const fake = fakePlayer();
    const c = clock();
    const q = createAnnouncer({ player: fake.player, now: c.now });
    q.enqueue(call('A001', 1));
    q.enqueue(call('B002', 2));
    q.enqueue(call('C003', 3));
    await flush();
    expect(fake.started.map((a) => a.number)).toEqual(['A001']);
    expect(q.pending()).toBe(2);
    c.advance(4000);
    await fake.finish();
    expect(fake.started.map((a) => a.number)).toEqual(['A001', 'B002']);
    c.advance(4000);
    await fake.finish();
    c.advance(4000);
    await fake.finish();
    await q.idle();
    expect(fake.started.map((a) => a.number)).toEqual(['A001', 'B002', 'C003']);
    expect(fake.maxConcurrent()).toBe(1);
    expect(q.log.map((e) => [e.number, e.outcome])).toEqual([
      ['A001', 'played'],
      ['B002', 'played'],
      ['C003', 'played'],
    ]);
    for (let i = 1; i < q.log.length; i++) expect(q.log[i]!.startedAt!).toBeGreaterThanOrEqual(q.log[i - 1]!.endedAt!);
    expect(q.log[0]).toMatchObject({ startedAt: 1000, endedAt: 5000, text: 'Kính mời công dân có số thứ tự A001 đến quầy số 1' });
  });

  it('queues a recall behind the call it repeats, without cutting it off', async () => {
    const fake = fakePlayer();
    const q = createAnnouncer({ player: fake.player });
    q.enqueue(call('A023', 3));
    await flush();
    q.enqueue(call('A023', 3, true));
    await flush();
    expect(fake.started).toHaveLength(1);
    expect(fake.player.stopped).toBe(0);
    expect(q.log.map((e) => e.outcome)).toEqual(['playing', 'queued']);
    await fake.finish();
    expect(fake.started.map((a) => a.recall)).toEqual([false, true]);
    await fake.finish();
    await q.idle();
    expect(q.log.map((e) => [e.recall, e.outcome])).toEqual([
      [false, 'played'],
      [true, 'played'],
    ]);
  });

  it('moves on after a failing announcement and records the error', async () => {
    const fake = fakePlayer();
    const q = createAnnouncer({ player: fake.player });
    q.enqueue(call('A001', 1));
    q.enqueue(call('A002', 1));
    await flush();
    await fake.fail('decode failed');
    expect(fake.started.map((a) => a.number)).toEqual(['A001', 'A002']);
    await fake.finish('muted');
    await q.idle();
    expect(q.log.map((e) => [e.outcome, e.error])).toEqual([
      ['error', 'decode failed'],
      ['muted', undefined],
    ]);
  });

  it('stops an announcement that never ends and moves on', async () => {
    vi.useFakeTimers();
    const fake = fakePlayer();
    const q = createAnnouncer({ player: fake.player, timeoutMs: 20_000 });
    q.enqueue(call('A001', 1));
    q.enqueue(call('A002', 1));
    await vi.advanceTimersByTimeAsync(19_000);
    expect(fake.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fake.player.stopped).toBe(1);
    expect(fake.started.map((a) => a.number)).toEqual(['A001', 'A002']);
    expect(q.log[0]!.outcome).toBe('timeout');
    expect(q.log[1]!.outcome).toBe('playing');
  });

  it('bounds a flood: the oldest waiting ones are dropped, never the one playing', async () => {
    const fake = fakePlayer();
    const q = createAnnouncer({ player: fake.player, maxPending: 2 });
    for (let i = 1; i <= 5; i++) q.enqueue(call(`A00${i}`, 1));
    await flush();
    expect(q.pending()).toBe(2);
    expect(q.log.map((e) => e.outcome)).toEqual(['playing', 'dropped', 'dropped', 'queued', 'queued']);
    await fake.finish();
    await fake.finish();
    await fake.finish();
    await q.idle();
    expect(fake.started.map((a) => a.number)).toEqual(['A001', 'A004', 'A005']);
  });

  it('keeps a bounded log', async () => {
    const player: Player = { play: async () => 'played' };
    const q = createAnnouncer({ player, maxLog: 10, maxPending: 100 });
    for (let i = 0; i < 25; i++) q.enqueue(call(`A${100 + i}`, 1));
    await q.idle();
    expect(q.log).toHaveLength(10);
    expect(q.log.at(-1)!.number).toBe('A124');
    expect(q.log.every((e) => e.outcome === 'played')).toBe(true);
  });

  it('drops what waits and stops the player when disposed', async () => {
    const fake = fakePlayer();
    const q = createAnnouncer({ player: fake.player });
    q.enqueue(call('A001', 1));
    q.enqueue(call('A002', 1));
    await flush();
    q.dispose();
    expect(fake.player.stopped).toBe(1);
    expect(q.pending()).toBe(0);
    await fake.finish();
    await q.idle();
    expect(fake.started).toHaveLength(1);
    expect(q.enqueue(call('A003', 1)).outcome).toBe('dropped');
  });
});
