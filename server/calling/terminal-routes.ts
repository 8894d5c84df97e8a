// The counter terminal's reads beyond GET /api/counters/:counterId (terminal-store.ts): the
// signed-in officer's work today and the booking behind the ticket being served.
import { Hono } from 'hono';
import { fail, sendFailure } from '../errors';
import { type AppEnv, reply, requireStaff, validate } from '../http';
import { counterParams, idParam } from '../schemas';
import { counterScope } from './routes';
import { counterOffice, officerToday, servedBooking } from './terminal-store';

const bookingParams = counterParams.extend({ appointmentId: idParam('NOT_FOUND') });

export const terminalRoutes = new Hono<AppEnv>()
  .get('/:counterId/bookings/:appointmentId', requireStaff(), counterScope, validate('param', bookingParams), async (c) => {
    const { counterId, appointmentId } = c.req.valid('param');
    return reply(c, await servedBooking(c.get('deps').db, counterId, c.get('staff').id, appointmentId), 200);
  })
  .get('/:counterId/today', requireStaff(), counterScope, validate('param', counterParams), async (c) => {
    const { db, clock } = c.get('deps');
    const office = await counterOffice(db, c.req.valid('param').counterId);
    if (!office) return sendFailure(c, fail('COUNTER_NOT_FOUND'));
    return c.json(await officerToday(db, office.id, c.get('staff').id, clock.now(), office.timezone), 200);
  });
