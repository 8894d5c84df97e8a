// The feedback channel over real HTTP on the run's backend: send and track, routing to a centre
// or the city, take, hand over, answer, close, the one inbox with the ratings' items, reminders
// and escalation by the periodic job under an injected clock, publication only with consent and
// never with the name or phone, the per-address limit, the open report by centre and category.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { feedback } from '../../db/schema';
import { RateLimiter } from '../../server/booking/rate-limit';
import { reminderAt } from '../../server/feedback/policy';
import { feedbackCalendar, runFeedbackJobs } from '../../server/feedback/store';
import { expectError, isoAt, STAFF_PASSWORD, type TestApp, testApp } from '../helpers';

async function cityLeader(env: TestApp) {
  const admin = env.client.fresh();
  await admin.login('admin');
  const r = await admin.post('/api/admin/staff', {
    username: 'lanhdao',
    displayName: 'Lãnh đạo thành phố',
    role: 'city',
    officeId: null,
    password: STAFF_PASSWORD,
  });
  expect(r.status).toBe(201);
  const leader = env.client.fresh();
  await leader.login('lanhdao');
  return leader;
}

async function send(env: TestApp, body: Record<string, unknown>) {
  const r = await env.client.fresh().post('/api/feedback', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { code: string; token: string; dueAt: string };
}

describe('POST /api/feedback and GET /api/feedback/:token', () => {
  it('takes feedback to a centre with a code and a due time in the category’s working days, tracked without name or phone', async () => {
    const env = await testApp();
    // Monday 30/11/2026 09:00: "waiting" is due in 5 working days, Monday 7/12 at closing time;
    // "procedures" in 10, Monday 14/12.
    const waiting = await send(env, {
      officeId: 1,
      category: 'waiting',
      text: '  Chờ  quá\u200b lâu ở quầy 3,\r\n\r\n\r\nkhông ai hướng dẫn.  ',
      name: 'Nguyễn Thị Lan',
      phone: '0912 345 678',
      publish: true,
    });
    expect(waiting.code).toMatch(/^PA-[A-HJ-NP-Z2-9]{8}$/);
    expect(waiting.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(waiting.dueAt).toBe(isoAt('2026-12-07', 17));
    const procedures = await send(env, { officeId: 1, category: 'procedures', text: 'Đề nghị niêm yết phí.', kind: 'proposal' });
    expect(procedures.dueAt).toBe(isoAt('2026-12-14', 17));

    const row = (await env.db.select().from(feedback).where(eq(feedback.token, waiting.token)))[0]!;
    // The same normalisation as every free text: invisible characters gone, spaces and blank lines collapsed.
    expect(row).toMatchObject({
      officeId: 1,
      source: 'channel',
      text: 'Chờ quá lâu ở quầy 3,\n\nkhông ai hướng dẫn.',
      senderName: 'Nguyễn Thị Lan',
      senderPhone: '0912345678',
      publish: true,
      state: 'new',
    });

    const tracked = await env.client.fresh().get(`/api/feedback/${waiting.token}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({
      code: waiting.code,
      state: 'new',
      dueAt: waiting.dueAt,
      late: false,
      answer: null,
      answeredAt: null,
      category: 'waiting',
      officeName: expect.any(String),
    });
    expect(JSON.stringify(tracked.body)).not.toMatch(/Lan|0912|345/);
    expectError(await env.client.fresh().get('/api/feedback/AAAAAAAAAAAAAAAAAAAAAAAA'), 404, 'FEEDBACK_NOT_FOUND');
  });

  it('refuses bad input with a stable code, in the client’s language', async () => {
    const env = await testApp();
    const c = env.client.fresh();
    expectError(await c.post('/api/feedback', { category: 'noise', text: 'x' }), 400, 'FEEDBACK_CATEGORY_INVALID');
    expectError(await c.post('/api/feedback', { category: 'other', text: ' \u200b\u200d ' }), 400, 'FEEDBACK_TEXT_REQUIRED');
    expectError(await c.post('/api/feedback', { category: 'other', text: 'x'.repeat(4001) }), 400, 'FEEDBACK_TEXT_REQUIRED');
    expectError(await c.post('/api/feedback', { category: 'other', text: 'x', phone: '12345' }), 400, 'INVALID_PHONE');
    expectError(await c.post('/api/feedback', { category: 'other', text: 'x', officeId: 9999 }), 404, 'OFFICE_NOT_FOUND');
    expectError(await c.post('/api/feedback', { category: 'other', text: 'x', publish: 'yes' }), 400, 'VALIDATION_FAILED');
    const vi = await c.post('/api/feedback', { category: 'noise', text: 'x' });
    expect(vi.body.error.message).toMatch(/Lĩnh vực phản ánh/);
    c.lang = 'en';
    const en = await c.post('/api/feedback', { category: 'noise', text: 'x' });
    expect(en.body.error.message).toMatch(/Unknown category/);
    // An empty phone or name on the form is "not given".
    const r = await c.post('/api/feedback', { category: 'other', text: 'Góp ý', phone: '', name: '  ' });
    expect(r.status).toBe(201);
  });

  it('is rate limited per address like bookings: 429 with Retry-After', async () => {
    const env = await testApp({ limiter: new RateLimiter({ limit: 3, windowMs: 60_000 }) });
    const c = env.client.fresh();
    for (let i = 0; i < 3; i++)
      expect((await c.post('/api/feedback', { category: 'other', text: `Góp ý ${i}` })).status).toBe(201);
    const limited = await c.post('/api/feedback', { category: 'other', text: 'Một lần nữa' });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    env.clock.advance(61_000);
    expect((await c.post('/api/feedback', { category: 'other', text: 'Sau một phút' })).status).toBe(201);
  });
});

describe('the inbox: routing, taking, handing over, answering, closing', () => {
  it('a centre’s supervisors handle its items; the city handles the ones sent to no centre', async () => {
    const env = await testApp();
    const toCentre = await send(env, { officeId: 1, category: 'attitude', text: 'Cán bộ quầy 2 thiếu nhiệt tình.' });
    const toCity = await send(env, { category: 'online', text: 'Cổng dịch vụ công hay bị lỗi đăng nhập.' });
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const sup2 = env.client.fresh();
    await sup2.login('giamsat.ngocha');
    const officer = env.client.fresh();
    await officer.login('canbo1');
    const leader = await cityLeader(env);

    const inbox = (await sup.get('/api/offices/1/feedback?state=open')).body as { id: number; code: string }[];
    expect(inbox.map((x) => x.code)).toEqual([toCentre.code]);
    const item = inbox[0]!;
    expect((await sup2.get('/api/offices/1/feedback')).status).toBe(403);
    expect((await officer.get('/api/offices/1/feedback')).status).toBe(403);
    const city = (await leader.get('/api/city/feedback?state=open')).body as { id: number; code: string; officeId: null }[];
    expect(city.map((x) => x.code)).toEqual([toCity.code]);
    expect((await sup.get('/api/city/feedback')).status).toBe(403);
    const cityItem = city[0]!;

    // Only those who handle an item act on it.
    expectError(await sup.post(`/api/feedback/${cityItem.id}/answer`, { answer: 'x' }), 403, 'FORBIDDEN');
    expectError(await sup2.post(`/api/feedback/${item.id}/assign`, {}), 403, 'FORBIDDEN');
    expectError(await officer.post(`/api/feedback/${item.id}/assign`, {}), 403, 'FORBIDDEN');
    expectError(await leader.post(`/api/feedback/${item.id}/answer`, { answer: 'x' }), 403, 'FORBIDDEN');

    // Taken: assigned to the supervisor.
    const taken = await sup.post(`/api/feedback/${item.id}/assign`, {});
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ state: 'assigned', assignedTo: expect.any(Number) });
    expect((await env.client.fresh().get(`/api/feedback/${toCentre.token}`)).body.state).toBe('assigned');
    // Given to someone who does not handle it: refused.
    const ngochaSup = (await sup2.get('/api/auth/me')).body.user.id;
    expectError(await sup.post(`/api/feedback/${item.id}/assign`, { staffId: ngochaSup }), 409, 'FEEDBACK_ASSIGNEE_INVALID');

    // Handed to the second centre: new there, nobody's, same due time; the first no longer handles it.
    expectError(await sup.post(`/api/feedback/${item.id}/reassign`, { officeId: 1 }), 409, 'FEEDBACK_SAME_OFFICE');
    const moved = await sup.post(`/api/feedback/${item.id}/reassign`, { officeId: 2, note: 'Thuộc trung tâm Ngọc Hà' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ state: 'new', officeId: 2, assignedTo: null, dueAt: toCentre.dueAt });
    expect((await sup.get('/api/offices/1/feedback')).body).toEqual([]);
    expect(((await sup2.get('/api/offices/2/feedback')).body as { id: number }[]).map((x) => x.id)).toEqual([item.id]);
    expectError(await sup.post(`/api/feedback/${item.id}/answer`, { answer: 'x' }), 403, 'FORBIDDEN');

    // Answered by the second centre: the sender sees it; closed after.
    expectError(await sup2.post(`/api/feedback/${item.id}/close`), 409, 'FEEDBACK_NOT_ANSWERED');
    expectError(await sup2.post(`/api/feedback/${item.id}/answer`, { answer: '\u200b ' }), 400, 'ANSWER_REQUIRED');
    const answered = await sup2.post(`/api/feedback/${item.id}/answer`, { answer: 'Trung tâm đã nhắc nhở cán bộ, xin cảm ơn.' });
    expect(answered.body).toMatchObject({ state: 'answered', late: false });
    const tracked = (await env.client.fresh().get(`/api/feedback/${toCentre.token}`)).body;
    expect(tracked).toMatchObject({
      state: 'answered',
      answer: 'Trung tâm đã nhắc nhở cán bộ, xin cảm ơn.',
      answeredAt: expect.any(String),
    });
    expectError(await sup2.post(`/api/feedback/${item.id}/assign`, {}), 409, 'FEEDBACK_ALREADY_ANSWERED');
    expect((await sup2.post(`/api/feedback/${item.id}/close`)).body.state).toBe('closed');
    expectError(await sup2.post(`/api/feedback/${item.id}/answer`, { answer: 'y' }), 409, 'FEEDBACK_CLOSED');

    // Its history, in order.
    const steps = (await sup2.get(`/api/feedback/${item.id}/steps`)).body as { kind: string; note: string | null }[];
    expect(steps.map((s) => s.kind)).toEqual(['received', 'assigned', 'reassigned', 'answered', 'closed']);
    expect(steps[2]!.note).toBe('Thuộc trung tâm Ngọc Hà');
    expectError(await sup.get(`/api/feedback/${item.id}/steps`), 403, 'FORBIDDEN');

    // The city answers its own and may hand one to a centre.
    expect(
      (await leader.post(`/api/feedback/${cityItem.id}/answer`, { answer: 'Đã chuyển Sở Khoa học và Công nghệ.' })).status,
    ).toBe(200);
    const another = await send(env, { category: 'facilities', text: 'Nhà vệ sinh trung tâm Ba Đình xuống cấp.' });
    const anotherId = ((await leader.get('/api/city/feedback?state=new')).body as { id: number }[])[0]!.id;
    expect((await leader.post(`/api/feedback/${anotherId}/reassign`, { officeId: 1 })).body).toMatchObject({ officeId: 1 });
    expect(((await sup.get('/api/offices/1/feedback?state=new')).body as { code: string }[]).map((x) => x.code)).toEqual([
      another.code,
    ]);
  });

  it('one inbox: a "not satisfied" rating is an item of the same state machine, due in the centre’s feedbackAnswerDays', async () => {
    const env = await testApp();
    const officer = env.client.fresh();
    await officer.login('canbo1');
    expect((await officer.post('/api/counters/1/open')).status).toBe(200);
    const t = await officer.post('/api/offices/1/tickets', { serviceId: 1 });
    expect((await officer.post('/api/counters/1/call', { ticketId: t.body.id, reason: 'kiểm thử' })).status).toBe(200);
    expect((await officer.post('/api/counters/1/start')).status).toBe(200);
    expect((await officer.post('/api/counters/1/finish')).status).toBe(200);
    const rated = await env.client.fresh().post(`/api/tickets/${t.body.token}/rating`, { level: 1, comment: 'Phải chờ rất lâu' });
    expect(rated.status).toBe(201);
    await send(env, { officeId: 1, category: 'waiting', text: 'Không có ghế chờ.' });
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const items = (await sup.get('/api/offices/1/feedback')).body as Record<string, unknown>[];
    expect(items.map((x) => x.source).sort()).toEqual(['channel', 'rating']);
    const fromRating = items.find((x) => x.source === 'rating')!;
    // Monday 09:00, 2 working days: Wednesday at closing time.
    expect(fromRating).toMatchObject({
      state: 'new',
      category: 'other',
      text: 'Phải chờ rất lâu',
      level: 1,
      ticketNumber: t.body.number,
      dueAt: isoAt('2026-12-02', 17),
    });
    const taken = await sup.post(`/api/feedback/${fromRating.id}/assign`, {});
    expect(taken.body.state).toBe('assigned');
    expectError(await sup.post(`/api/feedback/${fromRating.id}/reassign`, { officeId: 2 }), 409, 'FEEDBACK_NOT_MOVABLE');
    expect((await sup.post(`/api/feedback/${fromRating.id}/answer`, { answer: 'Xin lỗi anh/chị.' })).body.state).toBe('answered');
    // The ticket's survey page shows the answer, as before.
    const survey = await env.client.fresh().get(`/api/tickets/${t.body.token}/survey`);
    expect(survey.body.rating.feedback).toMatchObject({ state: 'answered', answer: 'Xin lỗi anh/chị.' });
  });
});

describe('reminders and escalation (periodic job, injected clock)', () => {
  it('reminds once the working day before the due day, escalates once to the city when late', async () => {
    const env = await testApp();
    const sent = await send(env, { officeId: 1, category: 'waiting', text: 'Chờ lâu.' });
    const id = (await env.db.select().from(feedback).where(eq(feedback.token, sent.token)))[0]!.id;
    const cal = await feedbackCalendar(env.db, 1);
    const due = Date.parse(sent.dueAt);
    // Due Monday 7/12 17:00: reminded at Friday 4/12's closing time (the weekend does not count).
    expect(new Date(reminderAt(due, cal)).toISOString()).toBe(isoAt('2026-12-04', 17));

    env.clock.set(reminderAt(due, cal) - 60_000);
    expect(await runFeedbackJobs(env.deps)).toEqual({ reminded: 0, escalated: 0 });
    env.clock.set(reminderAt(due, cal));
    expect(await runFeedbackJobs(env.deps)).toEqual({ reminded: 1, escalated: 0 });
    expect(await runFeedbackJobs(env.deps)).toEqual({ reminded: 0, escalated: 0 });

    const leader = await cityLeader(env);
    expect((await leader.get('/api/city/feedback')).body).toEqual([]);
    env.clock.set(due + 60_000);
    expect((await env.client.fresh().get(`/api/feedback/${sent.token}`)).body.late).toBe(true);
    expect(await runFeedbackJobs(env.deps)).toEqual({ reminded: 0, escalated: 1 });
    expect(await runFeedbackJobs(env.deps)).toEqual({ reminded: 0, escalated: 0 });
    // Sessions end after hours of idleness: sign in again three days on.
    await leader.login('lanhdao');

    // The city now sees it (late, escalated) and may answer it; the centre still may too.
    const city = (await leader.get('/api/city/feedback')).body as Record<string, unknown>[];
    expect(city).toHaveLength(1);
    expect(city[0]).toMatchObject({ id, late: true, escalatedAt: expect.any(String), remindedAt: expect.any(String) });
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const inbox = (await sup.get('/api/offices/1/feedback')).body as Record<string, unknown>[];
    expect(inbox[0]).toMatchObject({ id, late: true });
    const answered = await leader.post(`/api/feedback/${id}/answer`, { answer: 'Thành phố đã yêu cầu trung tâm bổ sung quầy.' });
    expect(answered.body).toMatchObject({ state: 'answered', late: true });
    const steps = (await sup.get(`/api/feedback/${id}/steps`)).body as { kind: string }[];
    expect(steps.map((s) => s.kind)).toEqual(['received', 'reminded', 'escalated', 'answered']);
  });

  it('an item answered in time is neither reminded nor escalated', async () => {
    const env = await testApp();
    const sent = await send(env, { officeId: 1, category: 'waiting', text: 'Chờ lâu.' });
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const id = ((await sup.get('/api/offices/1/feedback')).body as { id: number }[])[0]!.id;
    expect((await sup.post(`/api/feedback/${id}/answer`, { answer: 'Đã bổ sung quầy.' })).status).toBe(200);
    env.clock.set(Date.parse(sent.dueAt) + 86_400_000);
    expect(await runFeedbackJobs(env.deps)).toEqual({ reminded: 0, escalated: 0 });
    expect((await env.client.fresh().get(`/api/feedback/${sent.token}`)).body.late).toBe(false);
  });
});

describe('retention', () => {
  it('clears the sender’s name and phone once the answer is older than the centre’s retention, never while open', async () => {
    const env = await testApp();
    const answered = await send(env, { officeId: 1, category: 'other', text: 'A', name: 'Lê Thị D', phone: '0912000111' });
    const open = await send(env, { officeId: 1, category: 'other', text: 'B', name: 'Lê Văn E', phone: '0912000222' });
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const items = (await sup.get('/api/offices/1/feedback')).body as { id: number; code: string }[];
    const id = items.find((x) => x.code === answered.code)!.id;
    expect((await sup.post(`/api/feedback/${id}/answer`, { answer: 'Đã xử lý.' })).status).toBe(200);
    // The demo centre keeps personal data 90 days.
    env.clock.advance(89 * 86_400_000);
    await runFeedbackJobs(env.deps);
    const row = async (token: string) => (await env.db.select().from(feedback).where(eq(feedback.token, token)))[0]!;
    expect(await row(answered.token)).toMatchObject({ senderName: 'Lê Thị D', senderPhone: '0912000111' });
    env.clock.advance(2 * 86_400_000);
    await runFeedbackJobs(env.deps);
    expect(await row(answered.token)).toMatchObject({ senderName: null, senderPhone: null, text: 'A', answer: 'Đã xử lý.' });
    expect(await row(open.token)).toMatchObject({ senderName: 'Lê Văn E', senderPhone: '0912000222' });
  });
});

describe('published answers', () => {
  it('lists a centre’s answers only with the sender’s consent, never with the name or phone', async () => {
    const env = await testApp();
    const sup = env.client.fresh();
    await sup.login('giamsat');
    const agreed = await send(env, {
      officeId: 1,
      category: 'procedures',
      text: 'Tôi là Nguyễn Thị Lan, số 0912 345 678, email lan@example.vn, CCCD 001203004005: thủ tục đất đai quá lâu.',
      name: 'Nguyễn Thị Lan',
      phone: '0912345678',
      publish: true,
    });
    await send(env, { officeId: 1, category: 'attitude', text: 'Không muốn công khai.', name: 'Trần Văn B', publish: false });
    const unanswered = await send(env, { officeId: 1, category: 'other', text: 'Chưa trả lời.', publish: true });
    for (const item of (await sup.get('/api/offices/1/feedback')).body as { id: number; code: string }[]) {
      if (item.code === unanswered.code) continue;
      const answer = 'Chị Nguyễn Thị Lan vui lòng gọi 024 3823 4567 để được hỗ trợ; thủ tục đã được rút ngắn.';
      expect((await sup.post(`/api/feedback/${item.id}/answer`, { answer })).status).toBe(200);
    }
    const list = await env.client.fresh().get('/api/feedback-answers?office=1');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ code: agreed.code, category: 'procedures', answeredAt: expect.any(String) });
    const text = JSON.stringify(list.body);
    expect(text).not.toMatch(/Lan|0912|345|lan@|001203004005|Trần|3823/);
    expect(list.body[0].question).toContain('thủ tục đất đai quá lâu');
    expect(list.body[0].answer).toContain('thủ tục đã được rút ngắn');
    expect(Object.keys(list.body[0])).not.toContain('senderName');
    // Another centre's list and the city's own are separate.
    expect((await env.client.fresh().get('/api/feedback-answers?office=2')).body).toEqual([]);
    expect((await env.client.fresh().get('/api/feedback-answers')).body).toEqual([]);
  });
});

describe('the open report by centre and category', () => {
  it('counts received, answered on time, late and open per centre and category; nothing personal', async () => {
    const env = await testApp();
    const sup = env.client.fresh();
    await sup.login('giamsat');
    await send(env, { officeId: 1, category: 'waiting', text: 'A', name: 'Lê Văn C', phone: '0987654321' });
    await send(env, { officeId: 1, category: 'waiting', text: 'B' });
    await send(env, { officeId: 2, category: 'attitude', text: 'C' });
    await send(env, { category: 'online', text: 'D' });
    const ids = ((await sup.get('/api/offices/1/feedback')).body as { id: number }[]).map((x) => x.id);
    expect((await sup.post(`/api/feedback/${ids[0]}/answer`, { answer: 'Đã xử lý.' })).status).toBe(200);
    // A week later: the other waiting item is late (due in 5 working days).
    env.clock.advance(10 * 86_400_000);
    const r = await env.client.fresh().get('/api/open-data/feedback.json?from=2026-11-30&to=2026-11-30');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { officeId: null, officeName: null, category: 'online', received: 1, answered: 0, answeredOnTime: 0, late: 1, open: 1 },
      expect.objectContaining({
        officeId: 1,
        category: 'waiting',
        received: 2,
        answered: 1,
        answeredOnTime: 1,
        late: 1,
        open: 1,
      }),
      expect.objectContaining({ officeId: 2, category: 'attitude', received: 1, answered: 0, late: 1, open: 1 }),
    ]);
    expect(JSON.stringify(r.body)).not.toMatch(/Lê Văn|0987/);
    const csv = await env.client.fresh().get('/api/open-data/feedback.csv?from=2026-11-30&to=2026-11-30');
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toMatch(/officeId,officeName,category,received,answered,answeredOnTime,late,open/);
    expectError(await env.client.fresh().get('/api/open-data/feedback.json?from=2026-12-05&to=2026-11-30'), 400, 'INVALID_RANGE');
  });
});
