// A supervisor closes a counter its officer left open (gone home, account disabled): what the
// counter held goes back to its line with its place, the counter is closed, the change is in the
// audit log, and only a supervisor or admin of that office may do it.
import { describe, expect, it } from 'vitest';
import { counterIdOf, expectError, issue, openCounter, serviceIdOf, snapshot, sqlAll, testApp, ticketRow } from '../helpers';

async function deskWithTickets() {
  const f = await testApp();
  const officer = f.client.fresh();
  await officer.login('canbo1');
  const A = await serviceIdOf(f.db, 'A');
  const c1 = await counterIdOf(f.db, 1);
  const first = await issue(officer, A);
  const second = await issue(officer, A);
  const third = await issue(officer, A);
  await openCounter(officer, c1);
  // The first is served and put on hold (the resident went to pay a fee), the second is called.
  expect((await officer.post(`/api/counters/${c1}/call-next`)).status).toBe(200);
  expect((await officer.post(`/api/counters/${c1}/start`)).status).toBe(200);
  expect((await officer.post(`/api/counters/${c1}/hold`)).status).toBe(200);
  expect((await officer.post(`/api/counters/${c1}/call-next`)).status).toBe(200);
  const supervisor = f.client.fresh();
  await supervisor.login('giamsat');
  return { ...f, officer, supervisor, c1, A, first, second, third };
}

describe('force-close by a supervisor', () => {
  it('returns the called ticket and the one on hold to their line, in their places, and closes the counter', async () => {
    const f = await deskWithTickets();
    const r = await f.supervisor.post(`/api/counters/${f.c1}/force-close`, { reason: 'Cán bộ về sớm, quên đóng quầy' });
    expect(r.status).toBe(200);
    expect(r.body.counter).toMatchObject({ id: f.c1, status: 'closed' });
    expect(r.body.released.map((t: { number: string }) => t.number)).toEqual([f.first.number, f.second.number]);
    for (const t of [f.first, f.second]) {
      expect(await ticketRow(f.db, t.id)).toMatchObject({ state: 'waiting', counterId: null, recallCount: 0 });
    }
    // They keep their places: the first issued is first in line again, the third stays behind.
    const view = async (token: string) => (await f.officer.get(`/api/tickets/${token}`)).body.position;
    expect([await view(f.first.token), await view(f.second.token), await view(f.third.token)]).toEqual([1, 2, 3]);
    // Each move is an event with the reason, and the change is in the audit log.
    const events = (await sqlAll(
      f.db,
      "select ticket_id, reason from ticket_events where type = 'released' order by ticket_id",
    )) as { ticket_id: number; reason: string }[];
    expect(events).toEqual([
      { ticket_id: f.first.id, reason: 'Cán bộ về sớm, quên đóng quầy' },
      { ticket_id: f.second.id, reason: 'Cán bộ về sớm, quên đóng quầy' },
    ]);
    const audit = await sqlAll(f.db, "select action, entity, entity_id from audit_log where action = 'force_close'");
    expect(audit).toEqual([{ action: 'force_close', entity: 'counter', entity_id: String(f.c1) }]);
    // The officer's next action is refused: the counter is closed.
    expectError(await f.officer.post(`/api/counters/${f.c1}/finish`), 409, 'COUNTER_CLOSED');
    // Another counter calls the released tickets, oldest first.
    const other = f.client.fresh();
    await other.login('canbo2');
    await openCounter(other, await counterIdOf(f.db, 2));
    const next = await other.post(`/api/counters/${await counterIdOf(f.db, 2)}/call-next`);
    expect(next.body.ticket.number).toBe(f.first.number);
  });

  it('is refused to officers, needs a reason, and refuses a counter already closed, changing nothing', async () => {
    const f = await deskWithTickets();
    const before = await snapshot(f.db);
    expectError(await f.officer.post(`/api/counters/${f.c1}/force-close`, { reason: 'x' }), 403, 'FORBIDDEN');
    expectError(await f.supervisor.post(`/api/counters/${f.c1}/force-close`, { reason: '  ' }), 400, 'REASON_REQUIRED');
    expectError(await f.supervisor.post(`/api/counters/${f.c1}/force-close`, {}), 400, 'REASON_REQUIRED');
    expectError(await f.supervisor.post('/api/counters/9999/force-close', { reason: 'x' }), 404, 'COUNTER_NOT_FOUND');
    expect(await snapshot(f.db)).toEqual(before);
    const closedOne = await counterIdOf(f.db, 3);
    expectError(await f.supervisor.post(`/api/counters/${closedOne}/force-close`, { reason: 'x' }), 409, 'COUNTER_CLOSED');
    expect(await snapshot(f.db)).toEqual(before);
  });
});
