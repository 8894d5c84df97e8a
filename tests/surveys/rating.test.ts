// Rating rules over real HTTP (app.request) and real SQLite: once per ticket, only once done,
// never for a no-show or a cancelled ticket, levels inside the office's scale, feedback opened
// by a "not satisfied" answer or a comment, the pad bound to its own counter.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { feedback, offices, ratings, tickets } from '../../db/schema';
import { closeDay } from '../../server/tickets/day-end';
import { zonedTime } from '../../server/time';
import { testApp } from '../helpers';

type Env = Awaited<ReturnType<typeof testApp>>;

/** Issues a ticket of service 1 and takes it through counter `counter` to `until`. */
async function visit(
  env: Env,
  officer: Env['client'],
  counter: number,
  until: 'waiting' | 'called' | 'serving' | 'done' | 'no_show',
) {
  const issued = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
  expect(issued.status).toBe(201);
  const token = issued.body.token as string;
  const id = issued.body.id as number;
  if (until === 'waiting') return { token, id };
  env.clock.advanceMinutes(7);
  const called = await officer.post(`/api/counters/${counter}/call`, { ticketId: id, reason: 'kiểm thử' });
  expect(called.status).toBe(200);
  if (until === 'called') return { token, id };
  if (until === 'no_show') {
    expect((await officer.post(`/api/counters/${counter}/no-show`)).status).toBe(200);
    return { token, id };
  }
  env.clock.advanceMinutes(1);
  expect((await officer.post(`/api/counters/${counter}/start`)).status).toBe(200);
  if (until === 'serving') return { token, id };
  env.clock.advanceMinutes(4);
  expect((await officer.post(`/api/counters/${counter}/finish`)).status).toBe(200);
  return { token, id };
}

async function setScale(env: Env, scale: 3 | 5) {
  const row = (await env.db.select().from(offices).where(eq(offices.id, 1)))[0]!;
  await env.store.write((tx) =>
    tx
      .update(offices)
      .set({ settings: { ...row.settings, ratingScale: scale } })
      .where(eq(offices.id, 1)),
  );
}

let env: Env;
let officer: Env['client'];

beforeEach(async () => {
  env = await testApp();
  officer = env.client;
  await officer.login('canbo1');
  expect((await officer.post('/api/counters/1/open')).status).toBe(200);
});

describe('POST /api/tickets/:token/rating', () => {
  it('rates a finished ticket once, joined to its measured visit', async () => {
    const { token, id } = await visit(env, officer, 1, 'done');
    const resident = officer.fresh();
    const r = await resident.post(`/api/tickets/${token}/rating`, {
      level: 4,
      answers: { factors: { access: 5, procedure: 4, officials: 5, result: 4, feedback: 3 }, trips: 1 },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ level: 4, scale: 5, channel: 'phone', waitMinutes: 7, serviceMinutes: 4, feedback: null });
    const t = (await env.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
    const row = (await env.db.select().from(ratings).where(eq(ratings.ticketId, id)))[0]!;
    expect(row).toMatchObject({
      waitMs: t.waitMs,
      serviceMs: t.serviceMs,
      serviceId: t.serviceId,
      counterId: t.counterId,
      officerId: t.officerId,
      channel: 'phone',
    });
    expect(t.waitMs).toBe(7 * 60_000);
    expect(row.answers).toEqual({ factors: { access: 5, procedure: 4, officials: 5, result: 4, feedback: 3 }, trips: 1 });

    const again = await resident.post(`/api/tickets/${token}/rating`, { level: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RATED');
    expect(await env.db.select().from(ratings)).toHaveLength(1);
  });

  it('refuses before the ticket is done, for a no-show and for a cancelled ticket', async () => {
    for (const until of ['waiting', 'called', 'serving'] as const) {
      const { token } = await visit(env, officer, 1, until);
      const r = await officer.fresh().post(`/api/tickets/${token}/rating`, { level: 5 });
      expect(r.status, until).toBe(409);
      expect(r.body.error.code).toBe('NOT_SERVED');
      if (until !== 'waiting')
        await officer.post('/api/counters/1/no-show').then(async (x) => {
          if (x.status !== 200) {
            await officer.post('/api/counters/1/finish');
          }
        });
    }
    const noShow = await visit(env, officer, 1, 'no_show');
    const r1 = await officer.fresh().post(`/api/tickets/${noShow.token}/rating`, { level: 5 });
    expect([r1.status, r1.body.error.code]).toEqual([409, 'NOT_SERVED']);

    const waiting = await visit(env, officer, 1, 'waiting');
    env.clock.set(zonedTime('2026-11-30', 17 * 60 + 30, 'Asia/Ho_Chi_Minh'));
    expect((await closeDay(env.deps, 1)).ok).toBe(true);
    expect((await env.db.select().from(tickets).where(eq(tickets.id, waiting.id)))[0]!.state).toBe('cancelled');
    const r2 = await officer.fresh().post(`/api/tickets/${waiting.token}/rating`, { level: 5 });
    expect([r2.status, r2.body.error.code]).toEqual([409, 'NOT_SERVED']);
    expect(await env.db.select().from(ratings)).toHaveLength(0);
  });

  it('404 for an unknown token', async () => {
    const r = await officer.fresh().post('/api/tickets/AAAAAAAAAAAAAAAAAAAAAAAA/rating', { level: 5 });
    expect([r.status, r.body.error.code]).toEqual([404, 'TICKET_NOT_FOUND']);
    const bad = await officer.fresh().post('/api/tickets/not*a*token/rating', { level: 5 });
    expect(bad.status).toBe(404);
  });

  it('400 outside the scale (5 levels, then 3) and changes nothing', async () => {
    const { token } = await visit(env, officer, 1, 'done');
    const resident = officer.fresh();
    for (const body of [
      { level: 0 },
      { level: 6 },
      { level: -1 },
      { level: 2.5 },
      { level: '5' },
      {},
      { level: null },
      { level: 4, answers: { factors: { access: 7 } } },
      { level: 4, answers: { trips: 3 } },
      { level: 4, answers: { unknown: 1 } },
    ]) {
      const r = await resident.post(`/api/tickets/${token}/rating`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await resident.post(`/api/tickets/${token}/rating`, { level: 6 })).body.error.code).toBe('LEVEL_OUT_OF_SCALE');
    expect((await resident.post(`/api/tickets/${token}/rating`, '{"level":')).status).toBe(400);
    expect(await env.db.select().from(ratings)).toHaveLength(0);

    await setScale(env, 3);
    const r4 = await resident.post(`/api/tickets/${token}/rating`, { level: 4 });
    expect([r4.status, r4.body.error.code]).toEqual([400, 'LEVEL_OUT_OF_SCALE']);
    const r3 = await resident.post(`/api/tickets/${token}/rating`, { level: 3 });
    expect(r3.status).toBe(201);
    expect(r3.body.scale).toBe(3);
  });

  it('opens feedback for "not satisfied" or any comment, and shows the answer to the resident', async () => {
    const cases: [number, string | undefined, boolean][] = [
      [5, undefined, false],
      [4, undefined, false],
      [3, undefined, false],
      [2, undefined, true],
      [1, undefined, true],
      [5, 'Cán bộ rất tận tình', true],
      [3, '   ', false],
    ];
    const tokens: string[] = [];
    for (const [level, comment, opens] of cases) {
      const { token, id } = await visit(env, officer, 1, 'done');
      tokens.push(token);
      const r = await officer.fresh().post(`/api/tickets/${token}/rating`, { level, comment });
      expect(r.status).toBe(201);
      expect(r.body.feedback !== null, `${level} ${comment}`).toBe(opens);
      expect((await env.db.select().from(feedback).where(eq(feedback.ticketId, id))).length).toBe(opens ? 1 : 0);
    }
    await setScale(env, 3);
    for (const [level, opens] of [
      [2, false],
      [1, true],
    ] as const) {
      const { token } = await visit(env, officer, 1, 'done');
      const r = await officer.fresh().post(`/api/tickets/${token}/rating`, { level });
      expect(r.body.feedback !== null, `3-scale ${level}`).toBe(opens);
    }

    // The inbox: officers may not read it, supervisors answer and close.
    expect((await officer.get('/api/offices/1/feedback')).status).toBe(403);
    expect((await officer.fresh().get('/api/offices/1/feedback')).status).toBe(401);
    const sup = officer.fresh();
    await sup.login('giamsat');
    const inbox = await sup.get('/api/offices/1/feedback?state=new');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toHaveLength(4);
    const praise = inbox.body.find((f: { comment: string | null }) => f.comment === 'Cán bộ rất tận tình');
    expect(praise).toMatchObject({ state: 'new', level: 5, counterNumber: 1, officerName: 'Nguyễn Văn An', waitMinutes: 7 });

    expect((await sup.post(`/api/feedback/${praise.id}/close`)).body.error.code).toBe('FEEDBACK_NOT_ANSWERED');
    expect((await sup.post(`/api/feedback/${praise.id}/answer`, { answer: '  ' })).body.error.code).toBe('ANSWER_REQUIRED');
    // Invisible characters are no answer either (one normalisation at the boundary).
    for (const answer of ['\u200b', '\u200b\u200c\u2060', '\u202e\u0000 \ufeff'])
      expect((await sup.post(`/api/feedback/${praise.id}/answer`, { answer })).body.error.code, JSON.stringify(answer)).toBe(
        'ANSWER_REQUIRED',
      );
    expect((await officer.post(`/api/feedback/${praise.id}/answer`, { answer: 'x' })).status).toBe(403);
    expect((await sup.post('/api/feedback/999999/answer', { answer: 'x' })).status).toBe(404);
    const answered = await sup.post(`/api/feedback/${praise.id}/answer`, { answer: 'Cảm ơn anh/chị đã góp ý.' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ state: 'answered', answer: 'Cảm ơn anh/chị đã góp ý.' });

    const survey = await officer.fresh().get(`/api/tickets/${tokens[5]}/survey`);
    expect(survey.status).toBe(200);
    expect(survey.body).toMatchObject({
      state: 'done',
      visit: { waitMinutes: 7, serviceMinutes: 4, counterNumber: 1 },
      rating: { level: 5, comment: 'Cán bộ rất tận tình', feedback: { state: 'answered', answer: 'Cảm ơn anh/chị đã góp ý.' } },
    });

    expect((await sup.post(`/api/feedback/${praise.id}/close`)).body.state).toBe('closed');
    expect((await sup.post(`/api/feedback/${praise.id}/answer`, { answer: 'y' })).body.error.code).toBe('FEEDBACK_CLOSED');
    expect((await sup.get('/api/offices/1/feedback?state=closed')).body).toHaveLength(1);
    expect((await sup.get('/api/offices/1/feedback?state=bogus')).status).toBe(400);
  });

  it('keeps only the answers given: no empty factor list, trips alone is kept', async () => {
    const a = await visit(env, officer, 1, 'done');
    expect((await officer.fresh().post(`/api/tickets/${a.token}/rating`, { level: 5, answers: { factors: {} } })).status).toBe(
      201,
    );
    expect((await env.db.select().from(ratings).where(eq(ratings.ticketId, a.id)))[0]!.answers).toBeNull();
    const b = await visit(env, officer, 1, 'done');
    await officer.fresh().post(`/api/tickets/${b.token}/rating`, { level: 5, answers: { factors: {}, trips: 0 } });
    expect((await env.db.select().from(ratings).where(eq(ratings.ticketId, b.id)))[0]!.answers).toEqual({ trips: 0 });
  });

  it('the survey view of a ticket still waiting has no visit yet', async () => {
    const { token } = await visit(env, officer, 1, 'waiting');
    const s = await officer.fresh().get(`/api/tickets/${token}/survey`);
    expect(s.body).toMatchObject({ state: 'waiting', visit: null, rating: null, scale: 5 });
  });
});

describe('rating pad', () => {
  async function pairPad(counterId: number) {
    const admin = officer.fresh();
    await admin.login('admin');
    const made = await admin.post('/api/offices/1/devices', { kind: 'pad', name: `Pad ${counterId}`, counterId });
    expect(made.status).toBe(201);
    return pairedClient(made.body.pairUrl);
  }

  /** Opens the pairing link as the device would: the server sets the device cookie. */
  async function pairedClient(pairUrl: string) {
    const client = officer.fresh();
    const paired = await client.post(new URL(pairUrl).pathname);
    expect(paired.status).toBe(303);
    expect(paired.headers.get('location')).toMatch(/^\/(counter\/pad|kiosk)\?/);
    expect(client.cookie).toContain('rs_device=');
    return client;
  }

  it('offers and rates only the ticket just finished at its own counter, within a minute', async () => {
    const pad = await pairPad(1);
    const idle = await pad.get('/api/pad/current');
    expect(idle.status).toBe(200);
    expect(idle.body).toMatchObject({ counter: { number: 1 }, scale: 5, ticket: null });
    expect(idle.body.office.name).toContain('Trung tâm');

    // Another counter's ticket: not this pad's.
    const other = officer.fresh();
    await other.login('canbo2');
    expect((await other.post('/api/counters/2/open')).status).toBe(200);
    const elsewhere = await visit(env, other, 2, 'done');
    expect((await pad.get('/api/pad/current')).body.ticket).toBeNull();

    const { id } = await visit(env, officer, 1, 'done');
    const cur = await pad.get('/api/pad/current');
    expect(cur.body.ticket).toMatchObject({ id, number: 'A002' });
    const wrong = await pad.post('/api/pad/rating', { ticketId: elsewhere.id, level: 5 });
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'PAD_WRONG_COUNTER']);

    expect((await pad.post('/api/pad/rating', { ticketId: id, level: 6 })).status).toBe(400);
    const ok = await pad.post('/api/pad/rating', { ticketId: id, level: 2 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ channel: 'pad', level: 2 });
    expect(ok.body.feedback).not.toBeNull();
    const twice = await pad.post('/api/pad/rating', { ticketId: id, level: 5 });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'ALREADY_RATED']);
    expect((await pad.get('/api/pad/current')).body.ticket).toBeNull();
    // The phone survey of the same ticket is now refused: one response per ticket.
    const t = (await env.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
    expect((await officer.fresh().post(`/api/tickets/${t.token}/rating`, { level: 5 })).body.error.code).toBe('ALREADY_RATED');

    // A ticket in progress at the counter cannot be rated; a finished one times out after a minute.
    const serving = await visit(env, officer, 1, 'serving');
    const early = await pad.post('/api/pad/rating', { ticketId: serving.id, level: 5 });
    expect([early.status, early.body.error.code]).toEqual([409, 'NOT_SERVED']);
    env.clock.advanceMinutes(2);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    expect((await pad.get('/api/pad/current')).body.ticket.id).toBe(serving.id);
    env.clock.advance(61_000);
    expect((await pad.get('/api/pad/current')).body.ticket).toBeNull();
    const late = await pad.post('/api/pad/rating', { ticketId: serving.id, level: 5 });
    expect([late.status, late.body.error.code]).toEqual([409, 'RATING_WINDOW_CLOSED']);

    // An older ticket of the same counter, once a newer one finished, is no longer offered.
    const a = await visit(env, officer, 1, 'done');
    const b = await visit(env, officer, 1, 'done');
    expect((await pad.post('/api/pad/rating', { ticketId: a.id, level: 5 })).body.error.code).toBe('RATING_WINDOW_CLOSED');
    expect((await pad.post('/api/pad/rating', { ticketId: b.id, level: 5 })).status).toBe(201);
    expect(await env.db.select().from(ratings)).toHaveLength(2);
  });

  it('needs a paired pad', async () => {
    const none = officer.fresh();
    expect((await none.get('/api/pad/current')).status).toBe(401);
    expect((await none.post('/api/pad/rating', { ticketId: 1, level: 5 })).status).toBe(401);
    const admin = officer.fresh();
    await admin.login('admin');
    const kiosk = await admin.post('/api/offices/1/devices', { kind: 'kiosk', name: 'K' });
    const device = await pairedClient(kiosk.body.pairUrl);
    const r = await device.get('/api/pad/current');
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_A_PAD']);
  });
});
