// Dossiers over HTTP on both backends: received at the counter while a ticket is served (code,
// token, due date), the resident's view without personal data, every move legal and illegal,
// twenty concurrent moves of one dossier, lateness with an injected clock (an apology shows a new
// date yet a late result still counts late; asking for papers twice never makes a dossier overdue
// by itself), the kiosk's pickup, and the counts.
import { describe, expect, it } from 'vitest';
import { recordEndedDays } from '../../server/city/daily';
import { at, counterIdOf, expectError, openCounter, serviceIdOf, sqlAll, sqlRun, testApp } from '../helpers';

type Env = Awaited<ReturnType<typeof testApp>>;

/** An officer at counter 1 serving a ticket of `prefix`; receives a dossier for it. */
async function atCounter(env: Env, prefix = 'A') {
  const officer = env.client.fresh();
  await officer.login('canbo1');
  const counter = await counterIdOf(env.db, prefix === 'H' || prefix === 'K' ? 4 : 1);
  await openCounter(officer, counter);
  const serve = async () => {
    const t = await officer.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(env.db, prefix) });
    expect(t.status).toBe(201);
    expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
    expect((await officer.post(`/api/counters/${counter}/start`)).status).toBe(200);
  };
  const receive = async () => {
    await serve();
    const r = await officer.post(`/api/counters/${counter}/dossiers`, {
      applicantName: 'Nguyễn Thị Hồ Sơ',
      phone: '0912345678',
      papers: ['Tờ khai', 'CCCD'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The visit ends; the dossier goes on.
    expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
    return r.body as { id: number; code: string; token: string; dueAt: string; receivedAt: string };
  };
  const move = (id: number, to: string, reason?: string) =>
    officer.post(`/api/dossiers/${id}/transition`, reason ? { to, reason } : { to });
  return { officer, counter, serve, receive, move };
}

describe('dossiers', () => {
  it('received only while serving a ticket; code, token, due date; the public view has no personal data', async () => {
    const env = await testApp(); // Monday 30/11/2026 09:00
    const { officer, counter, receive } = await atCounter(env);
    expectError(
      await officer.post(`/api/counters/${counter}/dossiers`, { applicantName: 'A', phone: '0912345678' }),
      409,
      'NO_CURRENT_TICKET',
    );
    const d = await receive();
    expect(d.code).toBe('HS001-261130-0001');
    expect(d.token).toMatch(/^[\w-]{24}$/);
    // Birth registration is a same-day procedure: due at the end of the day.
    expect(d.dueAt).toBe(new Date(at('2026-11-30', 17)).toISOString());
    expect((await receive()).code).toBe('HS001-261130-0002');

    const pub = await env.client.fresh().get(`/api/dossiers/${d.token}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      code: d.code,
      serviceName: 'Đăng ký khai sinh',
      state: 'received',
      late: false,
      apologies: [],
    });
    expect(JSON.stringify(pub.body)).not.toMatch(/Hồ Sơ|0912345678|applicant|phone/);
    expect((await env.client.get('/api/dossiers/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    // Bad input is refused, nothing written.
    const before = (await sqlAll(env.db, 'select id from dossiers')).length;
    expectError(
      await officer.post(`/api/counters/${counter}/dossiers`, { applicantName: '\u200b', phone: '0912345678' }),
      400,
      'NAME_REQUIRED',
    );
    expectError(
      await officer.post(`/api/counters/${counter}/dossiers`, { applicantName: 'B', phone: 'abc' }),
      400,
      'INVALID_PHONE',
    );
    expect((await sqlAll(env.db, 'select id from dossiers')).length).toBe(before);
    // Another office's officer neither receives at this counter nor moves the dossier.
    const list = await officer.get('/api/offices/1/dossiers');
    expect(list.body.map((x: { code: string }) => x.code)).toContain(d.code);
    const other = env.client.fresh();
    await other.login('canbo.ngocha1');
    expect((await other.post(`/api/dossiers/${d.id}/transition`, { to: 'processing' })).status).toBe(403);
    expect((await other.get('/api/offices/1/dossiers')).status).toBe(403);
  });

  it('every move: the legal ones with their reasons, the illegal ones 409 INVALID_TRANSITION', async () => {
    const env = await testApp();
    const { receive, move } = await atCounter(env);
    const d = await receive();
    expectError(await move(d.id, 'returned'), 409, 'INVALID_TRANSITION');
    expectError(await move(d.id, 'supplement_requested'), 400, 'REASON_REQUIRED');
    expectError(await move(d.id, 'refused', '\u200b'), 400, 'REASON_REQUIRED');
    expectError(await move(d.id, 'no_such_state'), 409, 'INVALID_TRANSITION');
    for (const [to, reason] of [
      ['processing'],
      ['supplement_requested', 'Thiếu giấy chứng sinh bản chính'],
      ['processing'],
      ['result_ready'],
      ['returned'],
    ] as [string, string?][]) {
      const r = await move(d.id, to, reason);
      expect(r.status, `${to}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.state).toBe(to);
    }
    for (const to of ['processing', 'result_ready', 'refused', 'withdrawn'])
      expectError(await move(d.id, to, 'x'), 409, 'INVALID_TRANSITION');
    const history = (await move(d.id, 'processing')).body;
    expect(history.error.code).toBe('INVALID_TRANSITION');
    const steps = await sqlAll<{ to_state: string }>(
      env.db,
      'select to_state from dossier_steps where dossier_id = ? order by id',
      d.id,
    );
    expect(steps.map((s) => s.to_state)).toEqual([
      'received',
      'processing',
      'supplement_requested',
      'processing',
      'result_ready',
      'returned',
    ]);
    // Refused and withdrawn end a dossier.
    const e = await receive();
    expect((await move(e.id, 'refused', 'Không thuộc thẩm quyền')).status).toBe(200);
    expectError(await move(e.id, 'processing'), 409, 'INVALID_TRANSITION');
    const w = await receive();
    expect((await move(w.id, 'withdrawn')).status).toBe(200);
  });

  it('twenty concurrent moves of one dossier leave one consistent history', async () => {
    const env = await testApp();
    const { receive, move } = await atCounter(env);
    const d = await receive();
    // Two moves the received state allows that exclude each other (a withdrawn dossier has no
    // result; a ready result is not withdrawn): whichever commits first, the other nineteen fail.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => move(d.id, i % 2 ? 'withdrawn' : 'result_ready')));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('INVALID_TRANSITION');
    const steps = await sqlAll<{ from_state: string | null; to_state: string }>(
      env.db,
      'select from_state, to_state from dossier_steps where dossier_id = ? order by id',
      d.id,
    );
    expect(steps).toHaveLength(2);
    expect(steps[1]!.from_state).toBe('received');
    const state = (await sqlAll<{ state: string }>(env.db, 'select state from dossiers where id = ?', d.id))[0]!.state;
    expect(state).toBe(steps[1]!.to_state);
  });

  it('late at the due instant; an apology shows a new date but a late result still counts late; papers asked twice never overdue by themselves', async () => {
    const env = await testApp();
    const { officer, receive, move } = await atCounter(env, 'H'); // land: 10 working days
    const d = await receive();
    const due = Date.parse(d.dueAt);
    expect(due).toBe(at('2026-12-14', 17));
    const view = () => env.client.fresh().get(`/api/dossiers/${d.token}`);
    env.clock.set(due);
    expect((await view()).body.late).toBe(false);
    env.clock.set(due + 1);
    expect((await view()).body.late).toBe(true);
    // The apology (before or after the deadline) gives a new date; dueAt stays.
    env.clock.set(at('2026-12-11', 10));
    await officer.login('canbo1');
    expectError(
      await officer.post(`/api/dossiers/${d.id}/apology`, { reason: 'Chờ xác minh', newDueAt: new Date(due - 1).toISOString() }),
      400,
      'APOLOGY_DATE_NOT_LATER',
    );
    const apology = await officer.post(`/api/dossiers/${d.id}/apology`, {
      reason: 'Chờ kết quả xác minh của Văn phòng đăng ký đất đai',
      newDueAt: new Date(at('2026-12-18', 17)).toISOString(),
      signer: 'Trần Văn Giám',
    });
    expect(apology.status).toBe(201);
    // Three days before the deadline: in time, as the rules ask.
    expect(apology.body.inTime).toBe(true);
    // The new date is set once.
    expectError(
      await officer.post(`/api/dossiers/${d.id}/apology`, {
        reason: 'Chờ thêm ý kiến',
        newDueAt: new Date(at('2026-12-23', 17)).toISOString(),
      }),
      409,
      'APOLOGY_ALREADY_GIVEN',
    );
    const letters = (await officer.get(`/api/dossiers/${d.id}/staff`)).body.apologyLetters;
    expect(letters.map((l: { inTime: boolean; signer: string }) => [l.inTime, l.signer])).toEqual([[true, 'Trần Văn Giám']]);
    const shown = (await view()).body;
    expect(shown.apologies).toEqual([
      {
        at: expect.any(String),
        reason: 'Chờ kết quả xác minh của Văn phòng đăng ký đất đai',
        newDueAt: new Date(at('2026-12-18', 17)).toISOString(),
      },
    ]);
    expect(shown.dueAt).toBe(d.dueAt);
    env.clock.set(at('2026-12-16', 9));
    await officer.login('canbo1');
    expect((await move(d.id, 'result_ready')).status).toBe(200);
    expect((await view()).body.late).toBe(true);
    expectError(
      await officer.post(`/api/dossiers/${d.id}/apology`, {
        reason: 'x',
        newDueAt: new Date(at('2026-12-30', 17)).toISOString(),
      }),
      409,
      'DOSSIER_RESOLVED',
    );

    // Asked for papers twice: the clock stops each time; never overdue because of it.
    env.clock.set(at('2026-12-21', 9)); // Monday
    await officer.login('canbo1');
    const e = await receive();
    expect(e.dueAt).toBe(new Date(at('2027-01-05', 17)).toISOString()); // 10 working days, 1/1 off
    env.clock.set(at('2026-12-22', 10));
    await officer.login('canbo1');
    expect((await move(e.id, 'supplement_requested', 'Thiếu bản đồ địa chính')).status).toBe(200);
    env.clock.set(at('2026-12-28', 9));
    await officer.login('canbo1');
    const back = await move(e.id, 'processing');
    // Waited Wed 23 to Mon 28: four working days.
    expect(back.body.dueAt).toBe(new Date(at('2027-01-11', 17)).toISOString());
    expect((await move(e.id, 'supplement_requested', 'Thiếu chữ ký')).status).toBe(200);
    env.clock.set(at('2027-01-08', 9));
    await officer.login('canbo1');
    const again = await move(e.id, 'processing');
    expect(again.body.late).toBe(false);
    expect(Date.parse(again.body.dueAt)).toBeGreaterThan(at('2027-01-11', 17));
  });

  it('the kiosk gives a result-return ticket only when the result is ready; a code of another office is 404', async () => {
    const env = await testApp();
    const { officer, receive, move } = await atCounter(env);
    const d = await receive();
    expectError(await officer.post('/api/offices/1/pickup', { code: d.code }), 409, 'RESULT_NOT_READY');
    expect((await move(d.id, 'result_ready')).status).toBe(200);
    const t = await officer.post('/api/offices/1/pickup', { code: d.code });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.number).toMatch(/^Z\d{3}$/);
    expectError(await officer.post('/api/offices/1/pickup', { code: 'HS001-000000-9999' }), 404, 'DOSSIER_NOT_FOUND');
    const there = env.client.fresh();
    await there.login('canbo.ngocha1');
    expectError(await there.post('/api/offices/2/pickup', { code: d.code }), 404, 'DOSSIER_NOT_FOUND');
    expect((await env.client.fresh().post('/api/offices/1/pickup', { code: d.code })).status).toBe(401);
  });

  it('a receipt scanned again (or many times at once) while its ticket waits gives that same ticket; after a no-show, a new one', async () => {
    const env = await testApp();
    const { officer, receive, move } = await atCounter(env);
    const d = await receive();
    expect((await move(d.id, 'result_ready')).status).toBe(200);
    const scans = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        officer.post('/api/offices/1/pickup', { code: i % 2 ? d.code : `https://hcc.example.vn/h/${d.token}` }),
      ),
    );
    for (const r of scans) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const numbers = new Set(scans.map((r) => r.body.number));
    expect(numbers.size).toBe(1);
    const z = await serviceIdOf(env.db, 'Z');
    const line = await sqlAll<{ id: number; state: string }>(env.db, 'select id, state from tickets where service_id = ?', z);
    expect(line).toEqual([{ id: scans[0]!.body.id, state: 'waiting' }]);
    expect(scans.every((r) => r.body.token === scans[0]!.body.token && r.body.position === 1)).toBe(true);
    // The resident missed the call: that ticket ended, and the next scan queues them again.
    await sqlRun(env.store, "update tickets set state = 'no_show' where id = ?", scans[0]!.body.id);
    const again = await officer.post('/api/offices/1/pickup', { code: d.code });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(scans[0]!.body.id);
    expect(again.body.number).not.toBe(scans[0]!.body.number);
  });

  it('counts received, resolved, early / on time / late and the on-time rate', async () => {
    const env = await testApp();
    const { receive } = await atCounter(env, 'H');
    const [a, b, c, x] = [await receive(), await receive(), await receive(), await receive()];
    env.clock.set(at('2026-12-07', 9)); // before the due day (14/12): early
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const mv = (id: number, to: string, reason?: string) =>
      officer.post(`/api/dossiers/${id}/transition`, reason ? { to, reason } : { to });
    expect((await mv(a.id, 'result_ready')).status).toBe(200);
    env.clock.set(at('2026-12-14', 16)); // on the due day
    await officer.login('canbo1');
    expect((await mv(b.id, 'result_ready')).status).toBe(200);
    expect((await mv(x.id, 'refused', 'Không đủ điều kiện')).status).toBe(200);
    env.clock.set(at('2026-12-16', 9)); // after: late
    await officer.login('canbo1');
    expect((await mv(c.id, 'result_ready')).status).toBe(200);
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const r = await sup.get('/api/offices/1/dossier-stats?from=2026-11-30&to=2026-12-16');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 4, resolved: 4, early: 1, onTime: 1, late: 1, openLate: 0 });
    expect(r.body.onTimeRate).toBeCloseTo(2 / 3);
    expect((await officer.get('/api/offices/1/dossier-stats')).status).toBe(403);
    expect((await officer.get('/api/offices/1/dossiers?late=true')).body.map((d: { code: string }) => d.code)).toEqual([c.code]);

    // The open statistics carry them, day by day, once the days have ended.
    env.clock.set(at('2026-12-17', 8));
    await recordEndedDays(env.deps, [1]);
    const open = (await env.client.get('/api/open-data/daily.json?from=2026-11-30&to=2026-12-16')).body as {
      officeId: number;
      day: string;
      dossiersResolved: number;
      dossiersOnTimeRate: number | null;
    }[];
    const ofDay = (day: string) => open.find((r) => r.officeId === 1 && r.day === day)!;
    expect(ofDay('2026-12-07')).toMatchObject({ dossiersResolved: 1, dossiersOnTimeRate: 1 });
    expect(ofDay('2026-12-14')).toMatchObject({ dossiersResolved: 2, dossiersOnTimeRate: 1 });
    expect(ofDay('2026-12-16')).toMatchObject({ dossiersResolved: 1, dossiersOnTimeRate: 0 });
  });
});
