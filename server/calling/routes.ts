import { Hono } from 'hono';
import { z } from 'zod';
import { clientLang, fail, sendFailure } from '../errors';
import { type AppEnv, reply, requireStaff, scopedBy, validate } from '../http';
import { counterParams, id, optionalText, reasonText } from '../schemas';
import type { StaffUser } from '../staff/store';
import * as calling from './store';

// An out-of-order call needs a reason (calling/store.ts): one of invisible characters is none.
const callBody = z.object({ ticketId: id('TICKET_NOT_FOUND'), reason: optionalText(300) });
const pauseBody = z.object({ reason: reasonText });
const transferBody = z.union(
  [z.object({ serviceId: id('UNKNOWN_SERVICE') }).strict(), z.object({ counterId: id('UNKNOWN_COUNTER') }).strict()],
  { error: 'VALIDATION_FAILED' },
);

const actor = ({ var: { staff } }: { var: { staff: StaffUser } }) => ({
  id: staff.id,
  role: staff.role,
  officeId: staff.officeId,
});

/**
 * The counter in the path must exist and belong to an office the staff member may read (GET) or
 * act in (everything else): an officer of one office neither sees nor works another's counters.
 */
export const counterScope = scopedBy('counterId', calling.counterOfficeId, 'COUNTER_NOT_FOUND');

export const counterRoutes = new Hono<AppEnv>()
  .use(requireStaff())
  // The wildcard also matches the bare /:counterId.
  .use('/:counterId/*', counterScope)
  .get('/:counterId', validate('param', counterParams), async (c) => {
    const state = await calling.counterState(c.get('deps').db, c.req.valid('param').counterId, c.get('deps').clock.now());
    if (!state) return sendFailure(c, fail('COUNTER_NOT_FOUND'));
    return c.json(state, 200);
  })
  .post('/:counterId/open', validate('param', counterParams), async (c) =>
    reply(c, await calling.openCounter(c.get('deps'), c.req.valid('param').counterId, actor(c)), 200),
  )
  .post('/:counterId/call-next', validate('param', counterParams), async (c) =>
    reply(c, await calling.callNext(c.get('deps'), c.req.valid('param').counterId, actor(c), clientLang(c)), 200),
  )
  .post('/:counterId/call', validate('param', counterParams), validate('json', callBody), async (c) =>
    reply(
      c,
      await calling.callTicket(c.get('deps'), c.req.valid('param').counterId, actor(c), c.req.valid('json'), clientLang(c)),
      200,
    ),
  )
  .post('/:counterId/recall', validate('param', counterParams), async (c) =>
    reply(c, await calling.recall(c.get('deps'), c.req.valid('param').counterId, actor(c)), 200),
  )
  .post('/:counterId/start', validate('param', counterParams), async (c) =>
    reply(c, await calling.actOnCurrent(c.get('deps'), c.req.valid('param').counterId, actor(c), 'start'), 200),
  )
  .post('/:counterId/hold', validate('param', counterParams), async (c) =>
    reply(c, await calling.actOnCurrent(c.get('deps'), c.req.valid('param').counterId, actor(c), 'hold'), 200),
  )
  .post('/:counterId/finish', validate('param', counterParams), async (c) =>
    reply(c, await calling.actOnCurrent(c.get('deps'), c.req.valid('param').counterId, actor(c), 'finish'), 200),
  )
  .post('/:counterId/no-show', validate('param', counterParams), async (c) =>
    reply(c, await calling.actOnCurrent(c.get('deps'), c.req.valid('param').counterId, actor(c), 'no_show'), 200),
  )
  .post('/:counterId/transfer', validate('param', counterParams), validate('json', transferBody), async (c) =>
    reply(c, await calling.transfer(c.get('deps'), c.req.valid('param').counterId, actor(c), c.req.valid('json')), 200),
  )
  .post('/:counterId/pause', validate('param', counterParams), validate('json', pauseBody), async (c) =>
    reply(c, await calling.pause(c.get('deps'), c.req.valid('param').counterId, actor(c), c.req.valid('json').reason), 200),
  )
  .post('/:counterId/resume', validate('param', counterParams), async (c) =>
    reply(c, await calling.resume(c.get('deps'), c.req.valid('param').counterId, actor(c)), 200),
  )
  .post('/:counterId/close', validate('param', counterParams), async (c) =>
    reply(c, await calling.closeCounter(c.get('deps'), c.req.valid('param').counterId, actor(c)), 200),
  )
  // A supervisor closes a counter whose officer cannot (gone home, disabled): its tickets go
  // back to their lines.
  .post(
    '/:counterId/force-close',
    requireStaff('supervisor', 'admin'),
    validate('param', counterParams),
    validate('json', pauseBody),
    async (c) =>
      reply(
        c,
        await calling.forceClose(c.get('deps'), c.req.valid('param').counterId, actor(c), c.req.valid('json').reason),
        200,
      ),
  );
