// A call reads only the heads of the lines the kept waiting counts say are not empty (the call
// path's reads, server/calling/store.ts); before it answers "nobody waiting" it looks at every
// line, so a count gone wrong never leaves a resident uncalled.
import { describe, expect, it } from 'vitest';
import { counterIdOf, issue, openCounter, serviceIdOf, sqlRun, testApp } from '../helpers';

describe('call-next and the kept waiting counts', () => {
  it('calls in the policy order across lines, and still calls a ticket whose line count says empty', async () => {
    const f = await testApp();
    const A = await serviceIdOf(f.db, 'A');
    const c1 = await counterIdOf(f.db, 1);
    await f.client.login('canbo1');
    const first = await issue(f.client, A);
    const second = await issue(f.client, A);
    await openCounter(f.client, c1);
    const call = async () => {
      const r = await f.client.post(`/api/counters/${c1}/call-next`);
      if (r.status === 200) await f.client.post(`/api/counters/${c1}/no-show`);
      return r.status === 200 ? r.body.ticket.number : r.body.error.code;
    };
    expect(await call()).toBe(first.number);
    // A count gone wrong: the line says nobody waits while the second ticket does.
    await sqlRun(f.store, 'update waiting_counts set waiting = 0 where service_id = ?', A);
    expect(await call()).toBe(second.number);
    expect(await call()).toBe('QUEUE_EMPTY');
  });
});
