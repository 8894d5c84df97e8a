// Dossiers beyond the contract's core, on both backends: the counter's receive form, refusing and
// asking for papers on the spot, the office's units and hand-offs (the control sheet), lookup of
// a lost receipt, waiting for papers never making a dossier late, the staff list's filters and
// order, the statistics checked on a constructed set (breakdowns, days late, satisfaction late
// against on time) with their CSV/XLSX, and the live pushes to the dossier's page and the staff.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/booking/rate-limit';
import type { DossierChangedEvent, DossierEvent } from '../../server/realtime/contract';
import {
  at,
  collect,
  connected,
  counterIdOf,
  expectError,
  isoAt,
  openCounter,
  serviceIdOf,
  sleep,
  type TestClient,
  testApp,
  testServer,
  until,
} from '../helpers';

type Env = { db: Awaited<ReturnType<typeof testApp>>['db']; client: TestClient };

/** canbo1 at counter 4 (land) serving a fresh ticket; `receive` hands in a dossier and ends the visit. */
async function desk(env: Env, prefix = 'H') {
  const officer = env.client.fresh();
  await officer.login('canbo1');
  const counter = await counterIdOf(env.db, 4);
  await openCounter(officer, counter);
  const serve = async () => {
    const t = await officer.post('/api/offices/1/tickets', { serviceId: await serviceIdOf(env.db, prefix) });
    expect(t.status).toBe(201);
    expect((await officer.post(`/api/counters/${counter}/call`, { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
    expect((await officer.post(`/api/counters/${counter}/start`)).status).toBe(200);
    return t.body as { id: number; token: string };
  };
  const receive = async (extra: Record<string, unknown> = {}) => {
    const ticket = await serve();
    const r = await officer.post(`/api/counters/${counter}/dossiers`, {
      applicantName: 'Lê Văn Đất',
      phone: '0987 654 321',
      papers: ['Đơn đăng ký biến động'],
      ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
    return { ...(r.body as { id: number; code: string; token: string; state: string; dueAt: string }), ticket };
  };
  const move = (id: number, to: string, extra: Record<string, unknown> = {}) =>
    officer.post(`/api/dossiers/${id}/transition`, { to, ...extra });
  const unitId = async (name: string) =>
    ((await officer.get('/api/offices/1/units')).body as { id: number; name: string }[]).find((u) => u.name === name)!.id;
  return { officer, counter, serve, receive, move, unitId };
}

describe('dossiers: reception, units, lookup, list', () => {
  it("the receive form: the ticket served, each service's papers and processing days, the units", async () => {
    const env = await testApp(); // Monday 30/11/2026 09:00
    const { officer, counter, serve } = await desk(env);
    const none = await officer.get(`/api/counters/${counter}/dossier-draft`);
    expect(none.status).toBe(200);
    expect(none.body.ticket).toBeNull();
    const t = await serve();
    const draft = (await officer.get(`/api/counters/${counter}/dossier-draft`)).body;
    expect(draft.ticket.id).toBe(t.id);
    const land = draft.services.find((s: { code: string }) => s.code === '1.004227');
    expect(land).toMatchObject({ processingDays: 10, dueAt: isoAt('2026-12-14', 17) });
    expect(land.papers).toEqual(['Đơn đăng ký biến động', 'Giấy chứng nhận đã cấp', 'Hợp đồng hoặc văn bản liên quan']);
    expect(draft.services.some((s: { code: string }) => s.code === 'TRA-KET-QUA')).toBe(false);
    expect(draft.units.map((u: { name: string }) => u.name)).toContain('Chi nhánh Văn phòng đăng ký đất đai');
    // The public list of services carries processingDays and papers too.
    const list = (await env.client.get('/api/offices/1/services')).body as {
      code: string;
      processingDays: number;
      papers: string[];
    }[];
    expect(list.find((s) => s.code === '1.001193')).toMatchObject({ processingDays: 0 });
    expect(list.find((s) => s.code === '1.004227')?.papers).toHaveLength(3);
    // Another office's officer cannot read this counter's form.
    const other = env.client.fresh();
    await other.login('canbo.ngocha1');
    expect((await other.get(`/api/counters/${counter}/dossier-draft`)).status).toBe(403);
  });

  it('refused or papers asked for on the spot: recorded with their forms, reason required', async () => {
    const env = await testApp();
    const { officer, counter, serve, receive } = await desk(env);
    await serve();
    expectError(
      await officer.post(`/api/counters/${counter}/dossiers`, {
        applicantName: 'A',
        phone: '0912345678',
        outcome: 'refused',
        reason: '  ',
      }),
      400,
      'REASON_REQUIRED',
    );
    expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
    const refused = await receive({ outcome: 'refused', reason: 'Thửa đất không thuộc địa bàn' });
    expect(refused.state).toBe('refused');
    const view = (await officer.get(`/api/dossiers/${refused.id}/staff`)).body;
    expect(view.refusals).toMatchObject([{ reason: 'Thửa đất không thuộc địa bàn', staff: { name: 'Nguyễn Văn An' } }]);
    expect(view.history.map((h: { to: string }) => h.to)).toEqual(['received', 'refused']);
    expect(view.applicantName).toBe('Lê Văn Đất');

    const asked = await receive({ outcome: 'supplement_requested', reason: 'Thiếu giấy tờ', missing: ['Bản đồ địa chính'] });
    expect(asked.state).toBe('supplement_requested');
    const pub = (await env.client.fresh().get(`/api/dossiers/${asked.token}`)).body;
    expect(pub).toMatchObject({
      state: 'supplement_requested',
      supplementReason: 'Thiếu giấy tờ',
      missingPapers: ['Bản đồ địa chính'],
    });
    expect(JSON.stringify(pub)).not.toMatch(/Lê Văn|0987|654 321/);
    // The papers come back: the request is closed, the clock runs again.
    const back = await (await desk(env)).move(asked.id, 'processing');
    expect(back.status).toBe(200);
    expect(back.body.supplements).toMatchObject([{ missing: ['Bản đồ địa chính'], resolvedAt: expect.any(String) }]);
    expect(back.body.missingPapers).toEqual([]);
  });

  it("units: the office's admin adds and renames them; hand-offs are steps with who, when and where", async () => {
    const env = await testApp();
    const { officer, receive, move, unitId } = await desk(env);
    const admin = env.client.fresh();
    await admin.login('admin');
    const created = await admin.post('/api/offices/1/units', { name: '  Phòng Tư pháp ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Phòng Tư pháp', active: true });
    expectError(await admin.post('/api/offices/1/units', { name: 'Phòng Tư pháp' }), 409, 'UNIT_NAME_TAKEN');
    expectError(await admin.post('/api/offices/1/units', { name: '\u200b' }), 400, 'NAME_REQUIRED');
    expect((await officer.post('/api/offices/1/units', { name: 'Khác' })).status).toBe(403);
    const renamed = await admin.request('PATCH', `/api/units/${created.body.id}`, { name: 'Phòng Tư pháp – Hộ tịch' });
    expect(renamed.status).toBe(200);
    expectError(await admin.request('PATCH', `/api/units/${created.body.id}`, { name: 'Thuế cơ sở' }), 409, 'UNIT_NAME_TAKEN');
    expect((await admin.request('PATCH', '/api/units/999999', { name: 'X' })).status).toBe(404);
    const audit = await admin.get('/api/admin/audit?officeId=1&entity=unit');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('Phòng Tư pháp – Hộ tịch');

    const d = await receive();
    const land = await unitId('Chi nhánh Văn phòng đăng ký đất đai');
    const tax = await unitId('Thuế cơ sở');
    const h1 = await officer.post(`/api/dossiers/${d.id}/handoff`, { unitId: land, note: 'Chuyển thẩm định' });
    expect(h1.status, JSON.stringify(h1.body)).toBe(200);
    expect(h1.body.unit).toEqual({ id: land, name: 'Chi nhánh Văn phòng đăng ký đất đai' });
    expectError(await officer.post(`/api/dossiers/${d.id}/handoff`, { unitId: land }), 409, 'SAME_UNIT');
    expect((await officer.post(`/api/dossiers/${d.id}/handoff`, { unitId: tax })).status).toBe(200);
    // A unit of another office, or a deactivated one, is no unit here.
    const otherUnit = (await admin.get('/api/offices/2/units')).body[0].id as number;
    expectError(await officer.post(`/api/dossiers/${d.id}/handoff`, { unitId: otherUnit }), 404, 'UNIT_NOT_FOUND');
    expect((await admin.request('PATCH', `/api/units/${created.body.id}`, { active: false })).status).toBe(200);
    expectError(await officer.post(`/api/dossiers/${d.id}/handoff`, { unitId: created.body.id }), 404, 'UNIT_NOT_FOUND');
    const view = (await officer.get(`/api/dossiers/${d.id}/staff`)).body;
    expect(view.history.map((h: { kind: string; unit: { name: string } | null }) => [h.kind, h.unit?.name ?? null])).toEqual([
      ['state', null],
      ['handoff', 'Chi nhánh Văn phòng đăng ký đất đai'],
      ['handoff', 'Thuế cơ sở'],
    ]);
    expect(view.history[1]).toMatchObject({
      staff: { name: 'Nguyễn Văn An' },
      reason: 'Chuyển thẩm định',
      from: 'received',
      to: 'received',
    });
    expect((await env.client.fresh().get(`/api/dossiers/${d.token}`)).body.unitName).toBe('Thuế cơ sở');
    // A result ready ends the hand-offs.
    expect((await move(d.id, 'result_ready')).status).toBe(200);
    expectError(await officer.post(`/api/dossiers/${d.id}/handoff`, { unitId: land }), 409, 'DOSSIER_RESOLVED');
    // The other office's staff neither see the units nor the dossier.
    const other = env.client.fresh();
    await other.login('canbo.ngocha1');
    expect((await other.get('/api/offices/1/units')).status).toBe(403);
    expect((await other.get(`/api/dossiers/${d.id}/staff`)).status).toBe(403);
    expect((await other.post(`/api/dossiers/${d.id}/handoff`, { unitId: land })).status).toBe(403);
  });

  it('a lost receipt: code and the last four digits of the phone give the token; wrong digits 404; rate limited', async () => {
    const env = await testApp({ limiter: new RateLimiter({ limit: 4, windowMs: 60_000 }) });
    const { receive } = await desk(env);
    const d = await receive();
    const anyone = env.client.fresh();
    const found = await anyone.get(`/api/dossiers/lookup?code=${d.code.toLowerCase()}&phone4=4321`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ token: d.token });
    expectError(await anyone.get(`/api/dossiers/lookup?code=${d.code}&phone4=1234`), 404, 'DOSSIER_NOT_FOUND');
    expectError(await anyone.get('/api/dossiers/lookup?code=HS001-000000-0001&phone4=4321'), 404, 'DOSSIER_NOT_FOUND');
    expect((await anyone.get(`/api/dossiers/lookup?code=${d.code}&phone4=4321`)).status).toBe(200);
    expectError(await anyone.get(`/api/dossiers/lookup?code=${d.code}&phone4=4321`), 429, 'RATE_LIMITED');
  });

  it('waiting for papers, asked twice, never makes a dossier late by itself; the due date moves by the days waited', async () => {
    const env = await testApp();
    const { receive, move, officer } = await desk(env);
    const d = await receive(); // due Mon 14/12 17:00
    env.clock.set(at('2026-12-10', 10));
    await officer.login('canbo1');
    expect((await move(d.id, 'supplement_requested', { reason: 'Thiếu bản vẽ', missing: ['Bản vẽ'] })).status).toBe(200);
    env.clock.set(at('2026-12-18', 10)); // past the original date, still waiting
    await officer.login('canbo1');
    const view = () => env.client.fresh().get(`/api/dossiers/${d.token}`);
    expect((await view()).body.late).toBe(false);
    expect((await officer.get('/api/offices/1/dossiers?late=true')).body).toEqual([]);
    const back = await move(d.id, 'processing');
    // Waited Fri 11 to Fri 18: six working days; 14/12 + 6 = Tue 22/12.
    expect(back.body.dueAt).toBe(isoAt('2026-12-22', 17));
    expect(back.body.late).toBe(false);
    env.clock.set(at('2026-12-21', 10));
    await officer.login('canbo1');
    expect((await move(d.id, 'supplement_requested', { reason: 'Thiếu chữ ký' })).status).toBe(200);
    env.clock.set(at('2026-12-29', 10));
    await officer.login('canbo1');
    expect((await view()).body.late).toBe(false);
    const again = await move(d.id, 'processing');
    // Waited 22, 23, 24, 25, 28, 29 December: six more working days; 22/12 + 6 = Wed 30/12.
    expect(again.body.dueAt).toBe(isoAt('2026-12-30', 17));
    expect(again.body.late).toBe(false);
    // A dossier already late when papers are asked for stays late.
    env.clock.set(at('2027-01-04', 10));
    await officer.login('canbo1');
    expect((await move(d.id, 'supplement_requested', { reason: 'Thiếu bản sao' })).status).toBe(200);
    expect((await view()).body.late).toBe(true);
  });

  it('the staff list: late first, then due within a day, with filters by state, unit, sector, code and due this week', async () => {
    const env = await testApp();
    const { receive, officer, unitId } = await desk(env);
    const early = await receive(); // due 14/12 17:00
    env.clock.set(at('2026-12-02', 9));
    await officer.login('canbo1');
    const later = await receive(); // due 16/12 17:00
    env.clock.set(at('2026-12-15', 18)); // the first late, the second due within a day
    await officer.login('canbo1');
    const list = (await officer.get('/api/offices/1/dossiers')).body as {
      code: string;
      warning: string | null;
      daysLate: number;
    }[];
    expect(list.map((x) => [x.code, x.warning])).toEqual([
      [early.code, 'late'],
      [later.code, 'soon'],
    ]);
    expect(list[0]!.daysLate).toBe(1);
    expect(list[0]).not.toHaveProperty('phone');
    const land = await unitId('Chi nhánh Văn phòng đăng ký đất đai');
    expect((await officer.post(`/api/dossiers/${later.id}/handoff`, { unitId: land })).status).toBe(200);
    const codes = async (q: string) =>
      ((await officer.get(`/api/offices/1/dossiers?${q}`)).body as { code: string }[]).map((x) => x.code);
    expect(await codes(`unitId=${land}`)).toEqual([later.code]);
    expect(await codes('q=261202')).toEqual([later.code]);
    expect(await codes(`q=${later.code.toLowerCase()}`)).toEqual([later.code]);
    expect(await codes('late=true')).toEqual([early.code]);
    expect(await codes('dueThisWeek=true')).toEqual([early.code, later.code]);
    expect(await codes('state=processing')).toEqual([]);
    const landSector = (await env.client.get('/api/offices/1/services')).body.find(
      (s: { code: string }) => s.code === '1.004227',
    ).sectorId;
    expect((await codes(`sectorId=${landSector}`)).sort()).toEqual([early.code, later.code].sort());
    expect(await codes(`sectorId=${landSector + 100}`)).toEqual([]);
    expect((await officer.get('/api/offices/1/dossiers?state=nonsense')).status).toBe(400);
  });
});

describe('dossier statistics', () => {
  it('on a constructed set: counts, days late, apologies, requests for papers, breakdowns, satisfaction late vs on time; CSV and XLSX', async () => {
    const env = await testApp(); // Monday 30/11/2026 09:00
    const { receive, officer, move, unitId } = await desk(env);
    const [a, b, c, d, e, f] = [
      await receive(),
      await receive(),
      await receive(),
      await receive(),
      await receive(),
      await receive(),
    ];
    // Ratings of the visits the dossiers were received at: a and c 5 and 4, b 1.
    for (const [x, level] of [
      [a, 5],
      [b, 1],
      [c, 4],
    ] as const)
      expect((await env.client.fresh().post(`/api/tickets/${x.ticket.token}/rating`, { level })).status).toBe(201);
    const land = await unitId('Chi nhánh Văn phòng đăng ký đất đai');
    const tax = await unitId('Thuế cơ sở');
    for (const [x, u] of [
      [a, land],
      [b, land],
      [d, tax],
    ] as const)
      expect((await officer.post(`/api/dossiers/${x.id}/handoff`, { unitId: u })).status).toBe(200);
    const step = async (day: string, hh: number, fn: () => Promise<{ status: number }>) => {
      env.clock.set(at(day, hh));
      await officer.login('canbo1');
      const r = await fn();
      expect(r.status, JSON.stringify(r)).toBeLessThan(300);
    };
    await step('2026-12-01', 10, () => move(d.id, 'supplement_requested', { reason: 'Thiếu tờ khai thuế' }));
    await step('2026-12-02', 10, () => move(f.id, 'refused', { reason: 'Không đủ điều kiện' }));
    await step('2026-12-07', 9, () => move(a.id, 'result_ready')); // early
    await step('2026-12-11', 10, () =>
      officer.post(`/api/dossiers/${e.id}/apology`, { reason: 'Chờ xác minh', newDueAt: isoAt('2026-12-18', 17) }),
    );
    await step('2026-12-14', 16, () => move(c.id, 'result_ready')); // on the due day
    await step('2026-12-16', 9, () => move(b.id, 'result_ready')); // two working days late
    env.clock.set(at('2026-12-16', 10));
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const r = await sup.get('/api/offices/1/dossier-stats?from=2026-11-30&to=2026-12-16');
    expect(r.status).toBe(200);
    const s = r.body;
    expect(s).toMatchObject({
      received: 6,
      resolved: 4,
      early: 1,
      onTime: 1,
      late: 1,
      refused: 1,
      withdrawn: 0,
      openLate: 1, // e; d waits for papers, its clock stopped before the due date
      daysLate: 2,
      meanDaysLate: 2,
      apologies: 1,
      supplementRequests: 1,
    });
    expect(s.onTimeRate).toBeCloseTo(2 / 3);
    type G = { id: number | null; name: string } & Record<string, number | null>;
    const unit = (id: number | null) => (s.byUnit as G[]).find((g) => g.id === id)!;
    expect(unit(land)).toMatchObject({ received: 2, resolved: 2, early: 1, late: 1, onTimeRate: 0.5, daysLate: 2, openLate: 0 });
    expect(unit(tax)).toMatchObject({ received: 1, resolved: 0, supplementRequests: 1, onTimeRate: null });
    expect(unit(null)).toMatchObject({ received: 3, resolved: 2, onTime: 1, refused: 1, openLate: 1, apologies: 1 });
    expect(s.bySector).toHaveLength(1);
    expect(s.bySector[0]).toMatchObject({ name: 'Đất đai', received: 6, late: 1 });
    expect(s.byService).toMatchObject([{ code: '1.004227', received: 6 }]);
    expect(s.byOfficer).toMatchObject([{ name: 'Nguyễn Văn An', received: 6, resolved: 4 }]);
    expect(s.satisfaction.late).toMatchObject({ responses: 1, mean: 1, index: 0 });
    expect(s.satisfaction.onTime).toMatchObject({ responses: 2, mean: 4.5, index: 1 });
    expect(s.lateDossiers.map((x: { code: string; daysLate: number }) => [x.code, x.daysLate])).toEqual([
      [b.code, 2],
      [e.code, 2],
    ]);
    expect(s.lateDossiers.find((x: { code: string }) => x.code === e.code).apologised).toBe(true);
    expect(JSON.stringify(s)).not.toMatch(/Lê Văn Đất|0987/);
    // A shorter range counts what happened in it only.
    const day = (await sup.get('/api/offices/1/dossier-stats?from=2026-12-14&to=2026-12-14')).body;
    // At the end of 14/12 both b (made ready on the 16th) and e were open and past their due instant.
    expect(day).toMatchObject({ received: 0, resolved: 1, onTime: 1, late: 0, openLate: 2 });
    expectError(await sup.get('/api/offices/1/dossier-stats?from=2026-12-14&to=2026-12-01'), 400, 'INVALID_RANGE');
    expect((await officer.get('/api/offices/1/dossier-stats')).status).toBe(403);

    // The exports: a unit whose name starts with '=' is written as text.
    const admin = env.client.fresh();
    await admin.login('admin');
    const evil = (await admin.post('/api/offices/1/units', { name: '=HYPERLINK("http://x")' })).body.id;
    await officer.login('canbo1');
    expect((await officer.post(`/api/dossiers/${e.id}/handoff`, { unitId: evil })).status).toBe(200);
    const csv = await sup.get('/api/offices/1/dossier-stats.csv?from=2026-11-30&to=2026-12-16');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('ho-so-2026-11-30_2026-12-16.csv');
    const text = String(csv.body);
    expect(text).toContain('Tỷ lệ hồ sơ giải quyết đúng hạn (%),66.67');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toContain(b.code);
    const xlsx = await sup.get('/api/offices/1/dossier-stats.xlsx?from=2026-11-30&to=2026-12-16');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect((await officer.get('/api/offices/1/dossier-stats.csv')).status).toBe(403);
  });
});

describe('dossier pushes', () => {
  it("the dossier's page gets 'dossier' live (nothing personal), the office's staff 'dossier:changed', nobody else", async () => {
    const srv = await testServer();
    const { receive, move } = await desk(srv);
    const d = await receive();
    const other = await receive();
    const sup = srv.client.fresh();
    await sup.login('giamsat');
    const page = srv.socket({ dossierToken: d.token });
    const otherPage = srv.socket({ dossierToken: other.token });
    const display = srv.socket({ officeId: 1 });
    const staff = srv.socket({ officeId: 1 }, { cookie: sup.cookie });
    const views = collect<DossierEvent>(page, 'dossier');
    const otherViews = collect<DossierEvent>(otherPage, 'dossier');
    const changes = collect<DossierChangedEvent>(staff, 'dossier:changed');
    const leaked = [...collect(display, 'dossier'), ...collect(display, 'dossier:changed'), ...collect(page, 'dossier:changed')];
    await Promise.all([connected(page), connected(otherPage), connected(display), connected(staff)]);
    // On connecting: how the dossier is now.
    const first = await until(() => views[0], 5000, 'initial dossier');
    expect(first).toMatchObject({ code: d.code, state: 'received', late: false });
    await until(() => otherViews[0], 5000, 'initial other');
    expect((await move(d.id, 'processing')).status).toBe(200);
    const pushed = await until(() => views.find((v) => v.state === 'processing'), 5000, 'dossier processing');
    expect(pushed.eventId).toBeGreaterThan(first.eventId);
    expect(JSON.stringify(pushed)).not.toMatch(/Lê Văn|0987|applicant|phone/);
    const change = await until(() => changes.find((x) => x.id === d.id), 5000, 'dossier:changed');
    expect(change).toMatchObject({ code: d.code, state: 'processing', unitId: null });
    expect(JSON.stringify(change)).not.toMatch(/Lê Văn|0987/);
    await sleep(200);
    expect(otherViews).toHaveLength(1);
    expect(leaked).toEqual([]);
    // An unknown token gets no socket.
    const stranger = srv.socket({ dossierToken: 'A'.repeat(24) });
    const refused = await new Promise<string>((resolve) => stranger.on('connect_error', (e) => resolve(e.message)));
    expect(refused).toBe('DOSSIER_NOT_FOUND');
  });
});
