// Supervisor, admin and city reports: statistics for a range of office-local days (JSON, CSV, XLSX)
// and the live office snapshot.
import { Hono } from 'hono';
import { z } from 'zod';
import { fail, sendFailure } from '../errors';
import { type AppEnv, officeDays, officeScope, requireStaff, validate } from '../http';
import { plannerRoutes } from '../planner/routes';
import { officeParams } from '../schemas';
import { isValidDay } from '../time';
import { reportTables, toCsv, toXlsx } from './export';
import { liveOffice, officeStats } from './store';

const day = z.string().refine(isValidDay, { error: 'INVALID_RANGE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });

// Supervisors and admins of the office, and the city's leaders, read its reports.
const readers = requireStaff('supervisor', 'admin', 'city');
const guard = [readers, officeScope, validate('param', officeParams), validate('query', rangeQuery)] as const;

export const reportRoutes = new Hono<AppEnv>()
  // The staffing planner reads the same history the reports do (server/planner/).
  .route('/', plannerRoutes)
  .get('/offices/:officeId/stats', ...guard, async (c) => {
    const range = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
    if (!range.ok) return sendFailure(c, range);
    const scope = range.value;
    return c.json((await officeStats(c.get('deps').db, scope.office.id, scope.from, scope.to, c.get('deps').clock.now()))!, 200);
  })
  .get('/offices/:officeId/stats.csv', ...guard, async (c) => {
    const range = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
    if (!range.ok) return sendFailure(c, range);
    const scope = range.value;
    const stats = (await officeStats(c.get('deps').db, scope.office.id, scope.from, scope.to, c.get('deps').clock.now()))!;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="bao-cao-${scope.from}_${scope.to}.csv"`);
    return c.body(toCsv(reportTables(stats, scope.office.name)), 200);
  })
  .get('/offices/:officeId/stats.xlsx', ...guard, async (c) => {
    const range = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
    if (!range.ok) return sendFailure(c, range);
    const scope = range.value;
    const stats = (await officeStats(c.get('deps').db, scope.office.id, scope.from, scope.to, c.get('deps').clock.now()))!;
    const file = await toXlsx(reportTables(stats, scope.office.name));
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="bao-cao-${scope.from}_${scope.to}.xlsx"`);
    return c.body(new Uint8Array(file), 200);
  })
  .get('/offices/:officeId/live', readers, officeScope, validate('param', officeParams), async (c) => {
    const { officeId } = c.req.valid('param');
    const live = await liveOffice(c.get('deps').db, officeId, c.get('deps').clock.now());
    if (!live) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    return c.json(live, 200);
  });
