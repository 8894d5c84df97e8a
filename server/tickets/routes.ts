import { Hono } from 'hono';
import { z } from 'zod';
import { readAll } from '../../db/client';
import { fail, sendFailure } from '../errors';
import { refreshIfStale } from '../estimates/forecasts';
import { type AppEnv, kioskOrStaff, kioskOrStaffOf, reply, validate } from '../http';
import { getOffice, getService } from '../offices/store';
import { id, officeParams, tokenParams } from '../schemas';
import { counterNumberOf, getTicketByToken, issueTicket, ticketView } from './store';

const issueBody = z.object({
  serviceId: id('UNKNOWN_SERVICE'),
  priority: z.string().max(40).nullish(),
});

export const ticketRoutes = new Hono<AppEnv>()
  .post('/offices/:officeId/tickets', kioskOrStaff(), validate('param', officeParams), validate('json', issueBody), async (c) => {
    const { officeId } = c.req.valid('param');
    const allowed = await kioskOrStaffOf(c, officeId);
    if (!allowed.ok) return sendFailure(c, allowed);
    const body = c.req.valid('json');
    const issued = await issueTicket(c.get('deps'), { officeId, serviceId: body.serviceId, priority: body.priority ?? null });
    return reply(c, issued, 201);
  })
  .get('/tickets/:token', validate('param', tokenParams), async (c) => {
    const { db, clock } = c.get('deps');
    const t = await getTicketByToken(db, c.req.valid('param').token);
    if (!t) return sendFailure(c, fail('TICKET_NOT_FOUND'));
    // A phone polling a ticket on a process whose forecast has aged (another process changed the
    // queue) asks for a fresh one, for the next reads.
    refreshIfStale(db, t.officeId, clock.now());
    // Independent reads, together: a phone re-reads its ticket after every change of its office.
    const [view, office, service, lastCounterNumber] = await readAll(
      db,
      () => ticketView(db, t, clock.now()),
      () => getOffice(db, t.officeId),
      () => getService(db, t.officeId, t.serviceId),
      () => counterNumberOf(db, t.counterId),
    );
    return c.json(
      {
        ...view,
        officeId: t.officeId,
        officeName: office?.name,
        // The page shows it under the number: with it here, the phone needs no second request
        // (the office's services) before it can show the ticket.
        serviceName: service?.name ?? '',
        createdAt: new Date(t.issuedAt).toISOString(),
        lastCounterNumber: lastCounterNumber ?? null,
      },
      200,
    );
  });
