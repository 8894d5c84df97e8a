// Ratings (phone survey and rating pad). The feedback inbox they feed is server/feedback.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { sendFailure } from '../errors';
import { type AppEnv, validate } from '../http';
import { id, optionalText, tokenParams } from '../schemas';
import { sipasFactors } from './scale';
import { padState, rateByToken, rateFromPad, surveyView } from './store';

// The scale's bounds depend on the office (5 or 3 levels): the store checks them; here only
// "a whole number of a sane size", so anything else is the same 400 LEVEL_OUT_OF_SCALE.
const level = z.number({ error: 'LEVEL_OUT_OF_SCALE' }).int({ error: 'LEVEL_OUT_OF_SCALE' }).min(-1000).max(1000, {
  error: 'LEVEL_OUT_OF_SCALE',
});

const ratingBody = z.object({
  level,
  answers: z
    .object({
      factors: z.partialRecord(z.enum(sipasFactors), level).optional(),
      trips: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    })
    .strict()
    .optional(),
  comment: optionalText(2000, true),
});

const padBody = z.object({ ticketId: id('TICKET_NOT_FOUND'), level });

export const surveyRoutes = new Hono<AppEnv>()
  .post('/tickets/:token/rating', validate('param', tokenParams), validate('json', ratingBody), async (c) => {
    const body = c.req.valid('json');
    const r = await rateByToken(c.get('deps'), c.req.valid('param').token, body);
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .get('/tickets/:token/survey', validate('param', tokenParams), async (c) => {
    const r = await surveyView(c.get('deps').db, c.req.valid('param').token);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .get('/pad/current', describeRoute({ summary: "The rating pad's counter and the ticket it may rate now" }), async (c) => {
    const r = await padState(c.get('deps').db, c.get('device'), c.get('deps').clock.now());
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .post('/pad/rating', validate('json', padBody), async (c) => {
    const r = await rateFromPad(c.get('deps'), c.get('device'), c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  });
