// Dossiers over HTTP (DESIGN.md, the contract's v2 rows): received at the counter, read by the
// resident with the receipt's token, moved and apologised for by the office's staff, picked up at
// the kiosk, listed and counted for the office.
import { Hono, type MiddlewareHandler } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { dossierStates } from '../../db/schema';
import { counterScope } from '../calling/routes';
import { fail, sendFailure } from '../errors';
import { type AppEnv, officeScope, reply, requireStaff, scopedBy, staffInScope, validate } from '../http';
import { getOffice } from '../offices/store';
import { counterParams, freeText, id, idParam, officeParams, optionalText } from '../schemas';
import { addDays, isValidDay, localDay } from '../time';
import {
  apologise,
  dossierByToken,
  dossierOffice,
  dossierStats,
  listDossiers,
  pickup,
  publicView,
  receiveDossier,
  transitionDossier,
} from './store';

const phone = z
  .string({ error: 'INVALID_PHONE' })
  .trim()
  .regex(/^\+?[0-9 .]{8,15}$/, { error: 'INVALID_PHONE' });
const receiveBody = z.object({
  serviceId: id('UNKNOWN_SERVICE').optional(),
  applicantName: freeText({ max: 100, error: 'NAME_REQUIRED' }),
  phone,
  papers: z
    .array(freeText({ max: 200 }))
    .max(50)
    .optional(),
});
const transitionBody = z.object({ to: z.enum(dossierStates, { error: 'INVALID_TRANSITION' }), reason: optionalText(500) });
const apologyBody = z.object({
  reason: freeText({ max: 1000, error: 'REASON_REQUIRED' }),
  newDueAt: z.iso.datetime({ offset: true, error: 'VALIDATION_FAILED' }).transform((s) => Date.parse(s)),
  signer: optionalText(100),
});
const dossierParams = z.object({ dossierId: idParam('DOSSIER_NOT_FOUND') });
const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'DOSSIER_NOT_FOUND' }) });
const pickupBody = z.object({ code: z.string({ error: 'DOSSIER_NOT_FOUND' }).trim().min(1).max(40) });
const listQuery = z.object({ state: z.enum(dossierStates).optional(), late: z.enum(['true', 'false']).optional() });
const day = z.string().refine(isValidDay, { error: 'INVALID_RANGE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });

const dossierScope = scopedBy('dossierId', dossierOffice, 'DOSSIER_NOT_FOUND');
/** The office's staff move dossiers; a city leader reads and changes nothing. */
const movers = requireStaff('officer', 'supervisor', 'admin');

/** A paired kiosk of the office, or its staff. */
const kioskOrStaff = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!c.var.staff && !c.var.device) return sendFailure(c, fail('UNAUTHENTICATED'));
  await next();
};

export const dossierCounterRoutes = new Hono<AppEnv>()
  .use('/:counterId/dossiers', requireStaff(), counterScope)
  .post('/:counterId/dossiers', validate('param', counterParams), validate('json', receiveBody), async (c) => {
    const staff = c.var.staff!;
    const body = c.req.valid('json');
    return reply(
      c,
      await receiveDossier(c.var.deps, { counterId: c.req.valid('param').counterId, officerId: staff.id, ...body }),
      201,
    );
  });

export const dossierRoutes = new Hono<AppEnv>()
  .get('/dossiers/:token', validate('param', tokenParams), async (c) => {
    const d = await dossierByToken(c.var.deps.db, c.req.valid('param').token);
    if (!d) return sendFailure(c, fail('DOSSIER_NOT_FOUND'));
    c.header('Cache-Control', 'no-store');
    return c.json(await publicView(c.var.deps.db, d, c.var.deps.clock.now()), 200);
  })
  .post(
    '/dossiers/:dossierId/transition',
    movers,
    dossierScope,
    validate('param', dossierParams),
    validate('json', transitionBody),
    async (c) => {
      const { to, reason } = c.req.valid('json');
      return reply(c, await transitionDossier(c.var.deps, c.req.valid('param').dossierId, c.var.staff.id, to, reason), 200);
    },
  )
  .post(
    '/dossiers/:dossierId/apology',
    movers,
    dossierScope,
    validate('param', dossierParams),
    validate('json', apologyBody),
    async (c) => reply(c, await apologise(c.var.deps, c.req.valid('param').dossierId, c.var.staff.id, c.req.valid('json')), 201),
  )
  .post('/offices/:officeId/pickup', kioskOrStaff(), validate('param', officeParams), validate('json', pickupBody), async (c) => {
    const { officeId } = c.req.valid('param');
    if (!(await getOffice(c.var.deps.db, officeId))) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    const kioskHere = c.var.device?.kind === 'kiosk' && c.var.device.officeId === officeId;
    if (!kioskHere && !staffInScope(c, officeId)) return sendFailure(c, fail('FORBIDDEN'));
    return reply(c, await pickup(c.var.deps, officeId, c.req.valid('json').code), 201);
  })
  .get(
    '/offices/:officeId/dossiers',
    requireStaff(),
    officeScope,
    validate('param', officeParams),
    validate('query', listQuery),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listDossiers(
          c.var.deps.db,
          c.req.valid('param').officeId,
          { state: q.state, late: q.late === 'true' },
          c.var.deps.clock.now(),
        ),
        200,
      );
    },
  )
  .get(
    '/offices/:officeId/dossier-stats',
    describeRoute({ summary: 'Dossiers received, resolved, early / on time / late and the on-time rate' }),
    requireStaff('supervisor', 'admin', 'city'),
    officeScope,
    validate('param', officeParams),
    validate('query', rangeQuery),
    async (c) => {
      const { officeId } = c.req.valid('param');
      const office = (await getOffice(c.var.deps.db, officeId))!;
      const q = c.req.valid('query');
      const today = localDay(c.var.deps.clock.now(), office.timezone);
      const from = q.from ?? q.to ?? today;
      const to = q.to ?? q.from ?? today;
      if (from > to) return sendFailure(c, fail('INVALID_RANGE'));
      if (addDays(from, 366) <= to) return sendFailure(c, fail('RANGE_TOO_LONG'));
      return c.json(await dossierStats(c.var.deps.db, officeId, from, to, c.var.deps.clock.now()), 200);
    },
  );
