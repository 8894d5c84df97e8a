// The feedback channel over HTTP: anyone sends and tracks (POST/GET /api/feedback), the public
// answers per centre, the staff inbox of a centre and of the city (assign, hand to another centre,
// answer, close, history), and the open report by centre and category. Thin: validate, call the
// store, map the result.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { feedbackCategories, feedbackStates } from '../../db/schema';
import { cacheable, range } from '../city/routes';
import { csvFile, csvRow } from '../csv';
import { fail, sendFailure } from '../errors';
import { type AppEnv, limitedByAddress, officeScope, requireStaff, validate } from '../http';
import { listOffices } from '../offices/store';
import { freeText, id, idParam, officeParams, optionalMobilePhone, optionalText } from '../schemas';
import { isValidDay } from '../time';
import {
  answerFeedback,
  assignFeedback,
  closeFeedback,
  feedbackHistory,
  feedbackReport,
  listInbox,
  publishedAnswers,
  reassignFeedback,
  submitFeedback,
  trackFeedback,
} from './store';

const submitBody = z.object({
  // Absent or null: to the city, no centre named.
  officeId: id().nullish(),
  category: z.enum(feedbackCategories, { error: 'FEEDBACK_CATEGORY_INVALID' }),
  kind: z.enum(['feedback', 'proposal'], { error: 'VALIDATION_FAILED' }).optional(),
  text: freeText({ max: 4000, multiline: true, error: 'FEEDBACK_TEXT_REQUIRED' }),
  name: optionalText(100),
  // An empty field on the form means "not given".
  phone: optionalMobilePhone,
  publish: z.boolean({ error: 'VALIDATION_FAILED' }).optional(),
});

const trackParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'FEEDBACK_NOT_FOUND' }) });
const feedbackParams = z.object({ feedbackId: idParam('FEEDBACK_NOT_FOUND') });
const inboxQuery = z.object({ state: z.enum([...feedbackStates, 'open', 'all']).default('all') });
const answerBody = z.object({
  answer: freeText({ max: 2000, multiline: true, error: 'ANSWER_REQUIRED', tooLong: 'At most 2000 characters.' }),
});
const assignBody = z.object({ staffId: id().optional() });
const reassignBody = z.object({ officeId: id().nullable(), note: optionalText(300) });
// `office` a centre's id; absent: the city's own items.
const answersQuery = z.object({
  office: z
    .string()
    .regex(/^\d{1,10}$/, { error: 'OFFICE_NOT_FOUND' })
    .optional(),
});
const day = z.string().refine(isValidDay, { error: 'INVALID_RANGE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });

const statesOf = (q: (typeof feedbackStates)[number] | 'open' | 'all') =>
  q === 'all' ? [...feedbackStates] : q === 'open' ? (['new', 'assigned', 'answered'] as const) : [q];

async function report(c: Context<AppEnv>, q: { from?: string; to?: string }) {
  const offices = await listOffices(c.get('deps').db);
  const r = range(c.get('deps'), q, offices[0]?.timezone ?? 'Asia/Ho_Chi_Minh');
  if (!r.ok) return r;
  return { ...r, rows: await feedbackReport(c.get('deps').db, r.from, r.to, c.get('deps').clock.now()) };
}

const REPORT_KEYS = ['officeId', 'officeName', 'category', 'received', 'answered', 'answeredOnTime', 'late', 'open'] as const;

export const feedbackRoutes = new Hono<AppEnv>()
  .post(
    '/feedback',
    describeRoute({ summary: 'Send feedback or a proposal to a centre or the city (rate limited per address)' }),
    validate('json', submitBody),
    async (c) => {
      const slow = await limitedByAddress(c, 'feedback');
      if (slow) return slow;
      const r = await submitFeedback(c.get('deps'), c.req.valid('json'));
      return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
    },
  )
  .get('/feedback-answers', validate('query', answersQuery), async (c) => {
    const office = c.req.valid('query').office;
    return c.json(await publishedAnswers(c.get('deps').db, office === undefined ? null : Number(office)), 200);
  })
  .get(
    '/open-data/feedback.json',
    describeRoute({ summary: 'Open statistics: feedback received, answered on time and late, by centre and category' }),
    validate('query', rangeQuery),
    async (c) => {
      const r = await report(c, c.req.valid('query'));
      if (!r.ok) return sendFailure(c, r);
      return cacheable(c, JSON.stringify(r.rows), 'application/json; charset=utf-8');
    },
  )
  .get('/open-data/feedback.csv', validate('query', rangeQuery), async (c) => {
    const r = await report(c, c.req.valid('query'));
    if (!r.ok) return sendFailure(c, r);
    const body = csvFile([csvRow([...REPORT_KEYS]), ...r.rows.map((row) => csvRow(REPORT_KEYS.map((k) => row[k])))]);
    c.header('Content-Disposition', `attachment; filename="phan-anh-${r.from}_${r.to}.csv"`);
    return cacheable(c, body, 'text/csv; charset=utf-8');
  })
  .get(
    '/offices/:officeId/feedback',
    requireStaff('supervisor', 'admin', 'city'),
    officeScope,
    validate('param', officeParams),
    validate('query', inboxQuery),
    async (c) => {
      const { officeId } = c.req.valid('param');
      const states = statesOf(c.req.valid('query').state);
      return c.json(await listInbox(c.get('deps').db, { officeId }, [...states], c.get('deps').clock.now()), 200);
    },
  )
  .get('/city/feedback', requireStaff('city', 'admin'), validate('query', inboxQuery), async (c) => {
    // The city's inbox: a city leader, or an admin of every office.
    if (c.get('staff').role === 'admin' && c.get('staff').officeId !== null) return sendFailure(c, fail('FORBIDDEN'));
    const states = statesOf(c.req.valid('query').state);
    return c.json(await listInbox(c.get('deps').db, { city: true }, [...states], c.get('deps').clock.now()), 200);
  })
  .get('/feedback/:token', validate('param', trackParams), async (c) => {
    const r = await trackFeedback(c.get('deps').db, c.req.valid('param').token, c.get('deps').clock.now());
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .get(
    '/feedback/:feedbackId/steps',
    requireStaff('supervisor', 'admin', 'city'),
    validate('param', feedbackParams),
    async (c) => {
      const r = await feedbackHistory(c.get('deps').db, c.get('staff'), c.req.valid('param').feedbackId);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .post(
    '/feedback/:feedbackId/assign',
    requireStaff('supervisor', 'admin', 'city'),
    validate('param', feedbackParams),
    validate('json', assignBody),
    async (c) => {
      const r = await assignFeedback(c.get('deps'), c.get('staff'), c.req.valid('param').feedbackId, c.req.valid('json').staffId);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .post(
    '/feedback/:feedbackId/reassign',
    requireStaff('supervisor', 'admin', 'city'),
    validate('param', feedbackParams),
    validate('json', reassignBody),
    async (c) => {
      const { officeId, note } = c.req.valid('json');
      const r = await reassignFeedback(c.get('deps'), c.get('staff'), c.req.valid('param').feedbackId, officeId, note);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .post(
    '/feedback/:feedbackId/answer',
    requireStaff('supervisor', 'admin', 'city'),
    validate('param', feedbackParams),
    validate('json', answerBody),
    async (c) => {
      const r = await answerFeedback(c.get('deps'), c.get('staff'), c.req.valid('param').feedbackId, c.req.valid('json').answer);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .post(
    '/feedback/:feedbackId/close',
    requireStaff('supervisor', 'admin', 'city'),
    validate('param', feedbackParams),
    async (c) => {
      const r = await closeFeedback(c.get('deps'), c.get('staff'), c.req.valid('param').feedbackId);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  );
