import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { deviceKinds } from '../../db/schema';
import { addDevice } from '../admin/devices';
import { fail, sendFailure } from '../errors';
import { listServices } from '../estimates/store';
import { type AppEnv, officeScope, publicBaseUrl, reply, requireStaff, validate } from '../http';
import { recentCalls } from '../realtime/log';
import { freeText, id, officeParams } from '../schemas';
import { getOffice, listCounters, listOffices } from './store';

const callsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });
const deviceBody = z.object({
  kind: z.enum(deviceKinds),
  name: freeText({ max: 100 }),
  counterId: id('UNKNOWN_COUNTER').optional(),
});

export const officeRoutes = new Hono<AppEnv>()
  .get('/', describeRoute({ summary: 'The offices: [{id, name, address, timezone}]' }), async (c) =>
    c.json(await listOffices(c.get('deps').db), 200),
  )
  .get('/:officeId/services', validate('param', officeParams), async (c) => {
    const { officeId } = c.req.valid('param');
    const { db, clock } = c.get('deps');
    if (!(await getOffice(db, officeId))) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    return c.json(await listServices(db, officeId, clock.now()), 200);
  })
  .get('/:officeId/counters', validate('param', officeParams), async (c) => {
    const { officeId } = c.req.valid('param');
    if (!(await getOffice(c.get('deps').db, officeId))) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    return c.json(await listCounters(c.get('deps').db, officeId), 200);
  })
  .get('/:officeId/calls', validate('param', officeParams), validate('query', callsQuery), async (c) => {
    const { officeId } = c.req.valid('param');
    if (!(await getOffice(c.get('deps').db, officeId))) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    return c.json(await recentCalls(c.get('deps').db, officeId, c.req.valid('query').limit), 200);
  })
  .get('/:officeId/settings/public', validate('param', officeParams), async (c) => {
    const office = await getOffice(c.get('deps').db, c.req.valid('param').officeId);
    if (!office) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    const s = office.settings;
    return c.json(
      {
        id: office.id,
        name: office.name,
        address: office.address,
        timezone: office.timezone,
        priorityCategories: s.priorityCategories,
        ratingScale: s.ratingScale,
        ticker: s.ticker,
        targetWaitMinutes: s.targetWaitMinutes,
        // The server's clock: a display whose own clock is wrong (a TV's often is) shows the
        // office's time and keeps today's calls.
        serverTime: new Date(c.get('deps').clock.now()).toISOString(),
      },
      200,
    );
  })
  .post(
    '/:officeId/devices',
    requireStaff('admin'),
    officeScope,
    validate('param', officeParams),
    validate('json', deviceBody),
    async (c) => {
      const { officeId } = c.req.valid('param');
      const { config } = c.get('deps');
      const body = c.req.valid('json');
      if (body.kind === 'pad' && body.counterId === undefined) {
        return sendFailure(
          c,
          fail('VALIDATION_FAILED', { vi: 'Bảng đánh giá cần gắn với một quầy.', en: 'A rating pad needs a counter.' }),
        );
      }
      // The admin API's device creation: validated the same way and written to the audit log.
      const made = await addDevice(c.get('deps'), c.get('staff'), officeId, body);
      if (!made.ok) return sendFailure(c, made);
      const { device, pairToken } = made.value;
      return reply(
        c,
        {
          ok: true,
          value: { id: device.id, kind: device.kind, pairUrl: `${publicBaseUrl(c, config.PUBLIC_URL)}/pair/${pairToken}` },
        },
        201,
      );
    },
  );
