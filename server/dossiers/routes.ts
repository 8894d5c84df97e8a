// Dossiers over HTTP (DESIGN.md, the contract's v2 rows, and the extras the screens need):
// received at the counter (or refused, or papers asked for, on the spot), read by the resident
// with the receipt's token or found again by code and phone, moved, handed off between units and
// apologised for by the office's staff, picked up at the kiosk, listed and counted for the office
// (JSON, CSV, XLSX); the office's units.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { dossierStates } from '../../db/schema';
import { counterScope } from '../calling/routes';
import { fail, sendFailure } from '../errors';
import {
  type AppEnv,
  kioskOrStaff,
  kioskOrStaffOf,
  limitedByAddress,
  officeDays,
  officeScope,
  reply,
  requireStaff,
  scopedBy,
  validate,
} from '../http';
import { toCsv, toXlsx } from '../reports/export';
import { counterParams, freeText, id, idParam, officeParams, optionalText } from '../schemas';
import { isValidDay } from '../time';
import { dossierStats, dossierTables } from './stats';
import {
  apologise,
  dossierById,
  dossierByToken,
  dossierOffice,
  handOff,
  listDossiers,
  listUnits,
  lookupDossier,
  pickup,
  publicView,
  receiveDossier,
  receiveDraft,
  staffView,
  transitionDossier,
} from './store';
import { createUnit, unitOffice, updateUnit } from './units';

const phone = z
  .string({ error: 'INVALID_PHONE' })
  .trim()
  .regex(/^\+?[0-9 .]{8,15}$/, { error: 'INVALID_PHONE' });
const paperList = z
  .array(freeText({ max: 200 }))
  .max(50)
  .optional();
const receiveBody = z.object({
  serviceId: id('UNKNOWN_SERVICE').optional(),
  applicantName: freeText({ max: 100, error: 'NAME_REQUIRED' }),
  phone,
  /** The papers received (the checklist of the service's papers, or typed). */
  papers: paperList,
  note: optionalText(1000, true),
  /** received (default); supplement_requested: form 02 on the spot; refused: form 03 on the spot. */
  outcome: z.enum(['received', 'supplement_requested', 'refused']).optional(),
  /** Needed with another outcome than received. */
  reason: optionalText(1000, true),
  /** With supplement_requested: the papers missing. */
  missing: paperList,
});
const transitionBody = z.object({
  to: z.enum(dossierStates, { error: 'INVALID_TRANSITION' }),
  reason: optionalText(1000, true),
  /** With supplement_requested: the papers missing (form 02). */
  missing: paperList,
});
const handoffBody = z.object({ unitId: id('UNIT_NOT_FOUND'), note: optionalText(500) });
const apologyBody = z.object({
  reason: freeText({ max: 1000, multiline: true, error: 'REASON_REQUIRED' }),
  newDueAt: z.iso.datetime({ offset: true, error: 'VALIDATION_FAILED' }).transform((s) => Date.parse(s)),
  signer: optionalText(100),
});
const dossierParams = z.object({ dossierId: idParam('DOSSIER_NOT_FOUND') });
const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'DOSSIER_NOT_FOUND' }) });
const pickupBody = z.object({
  code: z.string({ error: 'DOSSIER_NOT_FOUND' }).trim().min(1, { error: 'DOSSIER_NOT_FOUND' }).max(300),
});
const lookupQuery = z.object({
  code: z.string({ error: 'DOSSIER_NOT_FOUND' }).trim().min(1).max(40),
  phone4: z.string({ error: 'DOSSIER_NOT_FOUND' }).regex(/^\d{4}$/, { error: 'DOSSIER_NOT_FOUND' }),
});
const flag = z.enum(['true', 'false']).optional();
const listQuery = z.object({
  state: z.enum(dossierStates).optional(),
  late: flag,
  dueThisWeek: flag,
  unitId: id('UNIT_NOT_FOUND').optional(),
  sectorId: id('UNKNOWN_SECTOR').optional(),
  serviceId: id('UNKNOWN_SERVICE').optional(),
  q: z.string().trim().max(40).optional(),
});
const day = z.string().refine(isValidDay, { error: 'INVALID_RANGE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });
const unitBody = z
  .object({
    name: freeText({ max: 200, error: 'NAME_REQUIRED' }),
    active: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
const unitPatch = unitBody.partial().strict();
const unitParams = z.object({ unitId: idParam('UNIT_NOT_FOUND') });

const dossierScope = scopedBy('dossierId', dossierOffice, 'DOSSIER_NOT_FOUND');
const unitScope = scopedBy('unitId', unitOffice, 'UNIT_NOT_FOUND');
/** The office's staff move dossiers; a city leader reads and changes nothing. */
const movers = requireStaff('officer', 'supervisor', 'admin');
/** Statistics: the office's supervisors and admins, and the city's leaders. */
const readers = requireStaff('supervisor', 'admin', 'city');

export const dossierCounterRoutes = new Hono<AppEnv>()
  .use('/:counterId/dossiers', requireStaff(), counterScope)
  .use('/:counterId/dossier-draft', requireStaff(), counterScope)
  .get(
    '/:counterId/dossier-draft',
    describeRoute({
      summary:
        "The counter's receive form: the ticket being served (or null), the booking's name and phone, the services with their papers and the due date if received now, the office's units",
    }),
    validate('param', counterParams),
    async (c) => {
      const draft = await receiveDraft(
        c.get('deps').db,
        c.req.valid('param').counterId,
        c.get('deps').clock.now(),
        c.get('staff')!.id,
      );
      return draft ? c.json(draft, 200) : sendFailure(c, fail('COUNTER_NOT_FOUND'));
    },
  )
  .post(
    '/:counterId/dossiers',
    describeRoute({
      summary:
        'Receives a dossier for the ticket being served (or records a refusal / a request for papers on the spot): 201 {id, code, token, serviceId, state, receivedAt, dueAt}',
    }),
    validate('param', counterParams),
    validate('json', receiveBody),
    async (c) => {
      const staff = c.get('staff')!;
      const body = c.req.valid('json');
      return reply(
        c,
        await receiveDossier(c.get('deps'), { counterId: c.req.valid('param').counterId, officerId: staff.id, ...body }),
        201,
      );
    },
  );

export const dossierRoutes = new Hono<AppEnv>()
  // Before /dossiers/:token, which "lookup" would otherwise be taken for.
  .get(
    '/dossiers/lookup',
    describeRoute({
      summary: 'A lost receipt: the dossier code and the last four digits of the phone give {token}; 404 otherwise; rate limited',
    }),
    validate('query', lookupQuery),
    async (c) => {
      const slow = await limitedByAddress(c, 'dossier-lookup');
      if (slow) return slow;
      const { db } = c.get('deps');
      const { code, phone4 } = c.req.valid('query');
      const token = await lookupDossier(db, code, phone4);
      c.header('Cache-Control', 'no-store');
      return token ? c.json({ token }, 200) : sendFailure(c, fail('DOSSIER_NOT_FOUND'));
    },
  )
  .get(
    '/dossiers/:token',
    describeRoute({ summary: "The resident's view of a dossier (the receipt's QR): no name, no phone" }),
    validate('param', tokenParams),
    async (c) => {
      const d = await dossierByToken(c.get('deps').db, c.req.valid('param').token);
      if (!d) return sendFailure(c, fail('DOSSIER_NOT_FOUND'));
      c.header('Cache-Control', 'no-store');
      return c.json(await publicView(c.get('deps').db, d, c.get('deps').clock.now()), 200);
    },
  )
  .get(
    '/dossiers/:dossierId/staff',
    describeRoute({
      summary: 'The staff view of a dossier: applicant, papers, unit, history of moves and hand-offs, forms 02/03/04',
    }),
    requireStaff(),
    dossierScope,
    validate('param', dossierParams),
    async (c) => {
      const d = await dossierById(c.get('deps').db, c.req.valid('param').dossierId);
      if (!d) return sendFailure(c, fail('DOSSIER_NOT_FOUND'));
      return c.json(await staffView(c.get('deps').db, d, c.get('deps').clock.now()), 200);
    },
  )
  .post(
    '/dossiers/:dossierId/transition',
    describeRoute({ summary: 'Moves a dossier (reason needed for supplement_requested and refused): 200 the staff view' }),
    movers,
    dossierScope,
    validate('param', dossierParams),
    validate('json', transitionBody),
    async (c) => {
      const { to, reason, missing } = c.req.valid('json');
      return reply(
        c,
        await transitionDossier(c.get('deps'), c.req.valid('param').dossierId, c.get('staff').id, to, reason, missing ?? []),
        200,
      );
    },
  )
  .post(
    '/dossiers/:dossierId/handoff',
    describeRoute({ summary: 'Hands an open dossier to another unit of the office: 200 the staff view' }),
    movers,
    dossierScope,
    validate('param', dossierParams),
    validate('json', handoffBody),
    async (c) => {
      const { unitId, note } = c.req.valid('json');
      return reply(c, await handOff(c.get('deps'), c.req.valid('param').dossierId, c.get('staff').id, unitId, note), 200);
    },
  )
  .post(
    '/dossiers/:dossierId/apology',
    describeRoute({ summary: 'Records the apology letter (form 04) with the new date; dueAt stays: 201 the apology' }),
    movers,
    dossierScope,
    validate('param', dossierParams),
    validate('json', apologyBody),
    async (c) =>
      reply(c, await apologise(c.get('deps'), c.req.valid('param').dossierId, c.get('staff').id, c.req.valid('json')), 201),
  )
  .post(
    '/offices/:officeId/pickup',
    describeRoute({
      summary: "A ready result: 201 a ticket in the office's result-return line, from the dossier code or its /h/<token> link",
    }),
    kioskOrStaff(),
    validate('param', officeParams),
    validate('json', pickupBody),
    async (c) => {
      const { officeId } = c.req.valid('param');
      const allowed = await kioskOrStaffOf(c, officeId);
      if (!allowed.ok) return sendFailure(c, allowed);
      return reply(c, await pickup(c.get('deps'), officeId, c.req.valid('json').code), 201);
    },
  )
  .get(
    '/offices/:officeId/dossiers',
    describeRoute({
      summary: "The office's dossiers, late first then due within a day (warning 'late' / 'soon'), with filters",
    }),
    requireStaff(),
    officeScope,
    validate('param', officeParams),
    validate('query', listQuery),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listDossiers(
          c.get('deps').db,
          c.req.valid('param').officeId,
          { ...q, late: q.late === 'true', dueThisWeek: q.dueThisWeek === 'true' },
          c.get('deps').clock.now(),
        ),
        200,
      );
    },
  )
  .get(
    '/offices/:officeId/dossier-stats',
    describeRoute({ summary: 'Dossiers received, resolved, early / on time / late and the on-time rate, with breakdowns' }),
    readers,
    officeScope,
    validate('param', officeParams),
    validate('query', rangeQuery),
    async (c) => {
      const range = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
      if (!range.ok) return sendFailure(c, range);
      const r = range.value;
      return c.json(await dossierStats(c.get('deps').db, r.office.id, r.from, r.to, c.get('deps').clock.now()), 200);
    },
  )
  .get(
    '/offices/:officeId/dossier-stats.csv',
    describeRoute({ summary: 'The dossier statistics as CSV (UTF-8 with BOM), one table after another' }),
    readers,
    officeScope,
    validate('param', officeParams),
    validate('query', rangeQuery),
    async (c) => {
      const range = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
      if (!range.ok) return sendFailure(c, range);
      const r = range.value;
      const stats = await dossierStats(c.get('deps').db, r.office.id, r.from, r.to, c.get('deps').clock.now());
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="ho-so-${r.from}_${r.to}.csv"`);
      return c.body(toCsv(dossierTables(stats, r.office.name)), 200);
    },
  )
  .get(
    '/offices/:officeId/dossier-stats.xlsx',
    describeRoute({ summary: 'The dossier statistics as an XLSX workbook, one sheet per table' }),
    readers,
    officeScope,
    validate('param', officeParams),
    validate('query', rangeQuery),
    async (c) => {
      const range = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
      if (!range.ok) return sendFailure(c, range);
      const r = range.value;
      const stats = await dossierStats(c.get('deps').db, r.office.id, r.from, r.to, c.get('deps').clock.now());
      const file = await toXlsx(dossierTables(stats, r.office.name));
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="ho-so-${r.from}_${r.to}.xlsx"`);
      return c.body(new Uint8Array(file), 200);
    },
  )
  .get(
    '/offices/:officeId/units',
    describeRoute({ summary: "The office's units (for hand-offs): [{id, name, active, position}]" }),
    requireStaff(),
    officeScope,
    validate('param', officeParams),
    async (c) => c.json(await listUnits(c.get('deps').db, c.req.valid('param').officeId), 200),
  )
  .post(
    '/offices/:officeId/units',
    describeRoute({ summary: 'Adds a unit to the office (its admin): 201 the unit; 409 UNIT_NAME_TAKEN' }),
    requireStaff('admin'),
    officeScope,
    validate('param', officeParams),
    validate('json', unitBody),
    async (c) =>
      reply(c, await createUnit(c.get('deps'), c.req.valid('param').officeId, c.get('staff').id, c.req.valid('json')), 201),
  )
  .patch(
    '/units/:unitId',
    describeRoute({ summary: 'Renames, reorders or (de)activates a unit (its office admin): 200 the unit' }),
    requireStaff('admin'),
    unitScope,
    validate('param', unitParams),
    validate('json', unitPatch),
    async (c) =>
      reply(c, await updateUnit(c.get('deps'), c.req.valid('param').unitId, c.get('staff').id, c.req.valid('json')), 200),
  );
