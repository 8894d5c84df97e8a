// What the terminal promises the officer: two counters pressing "Gọi tiếp" at the same moment
// never get the same ticket. Real HTTP against a real server, requests in flight together.
import { describe, expect, it } from 'vitest';
import { testServer } from '../helpers';

describe('simultaneous call-next from several counters', () => {
  it('hands each waiting ticket to exactly one counter', async () => {
    const srv = await testServer();
    const issuer = srv.client.fresh();
    await issuer.login('giamsat');
    // Counters 1 and 2 both serve A (service 1).
    const officers = [
      { user: 'canbo1', counter: 1 },
      { user: 'canbo2', counter: 2 },
    ];
    const clients = await Promise.all(
      officers.map(async (o) => {
        const c = srv.client.fresh();
        await c.login(o.user);
        expect((await c.post(`/api/counters/${o.counter}/open`)).status).toBe(200);
        return { ...o, c };
      }),
    );
    const issued = new Set<string>();
    for (let i = 0; i < 12; i++) issued.add((await issuer.post('/api/offices/1/tickets', { serviceId: 1 })).body.number);

    const got: string[] = [];
    const refusals: string[] = [];
    // Rounds: both counters call at once, then finish what they got.
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all(clients.map(({ c, counter }) => c.post(`/api/counters/${counter}/call-next`)));
      for (const [i, a] of answers.entries()) {
        if (a.status === 200) {
          got.push(a.body.ticket.number);
          const { c, counter } = clients[i]!;
          expect((await c.post(`/api/counters/${counter}/start`)).status).toBe(200);
          expect((await c.post(`/api/counters/${counter}/finish`)).status).toBe(200);
        } else refusals.push(a.body.error.code);
      }
    }
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(issued);
    // Once the line is empty the answer is QUEUE_EMPTY, never a second copy of a ticket.
    expect(refusals.every((code) => code === 'QUEUE_EMPTY')).toBe(true);
  });
});
