// Supervisor, admin and city reports: statistics for a range of office-local days (JSON, CSV, XLSX)
// and the live office snapshot.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { fail, sendFailure } from '../errors';
import { type AppEnv, officeScope, requireStaff, type StaffEnv, validate } from '../http';
import { getOffice } from '../offices/store';
import { officeParams } from '../schemas';
import { addDays, isValidDay, localDay } from '../time';
import { reportTables, toCsv, toXlsx } from './export';
import { liveOffice, officeStats } from './store';

const MAX_DAYS = 366;
const day = z.string().refine(isValidDay, { error: 'INVALID_RANGE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });

/** The office and the range of days asked for (default: today), or a failure. */
async function reportRange(c: Context<StaffEnv>, officeId: number, q: { from?: string; to?: string }) {
  const office = await getOffice(c.var.deps.db, officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const today = localDay(c.var.deps.clock.now(), office.timezone);
  const from = q.from ?? q.to ?? today;
  const to = q.to ?? q.from ?? today;
  if (from > to) return fail('INVALID_RANGE');
  if (addDays(from, MAX_DAYS) <= to) return fail('RANGE_TOO_LONG');
  return { ok: true as const, office, from, to };
}

// Supervisors and admins of the office, and the city's leaders, read its reports.
const readers = requireStaff('supervisor', 'admin', 'city');
const guard = [readers, officeScope, validate('param', officeParams), validate('query', rangeQuery)] as const;

export const reportRoutes = new Hono<AppEnv>()
  .get('/offices/:officeId/stats', ...guard, async (c) => {
    const scope = await reportRange(c, c.req.valid('param').officeId, c.req.valid('query'));
    if (!scope.ok) return sendFailure(c, scope);
    return c.json((await officeStats(c.var.deps.db, scope.office.id, scope.from, scope.to, c.var.deps.clock.now()))!, 200);
  })
  .get('/offices/:officeId/stats.csv', ...guard, async (c) => {
    const scope = await reportRange(c, c.req.valid('param').officeId, c.req.valid('query'));
    if (!scope.ok) return sendFailure(c, scope);
    const stats = (await officeStats(c.var.deps.db, scope.office.id, scope.from, scope.to, c.var.deps.clock.now()))!;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="bao-cao-${scope.from}_${scope.to}.csv"`);
    return c.body(toCsv(reportTables(stats, scope.office.name)), 200);
  })
  .get('/offices/:officeId/stats.xlsx', ...guard, async (c) => {
    const scope = await reportRange(c, c.req.valid('param').officeId, c.req.valid('query'));
    if (!scope.ok) return sendFailure(c, scope);
    const stats = (await officeStats(c.var.deps.db, scope.office.id, scope.from, scope.to, c.var.deps.clock.now()))!;
    const file = await toXlsx(reportTables(stats, scope.office.name));
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="bao-cao-${scope.from}_${scope.to}.xlsx"`);
    return c.body(new Uint8Array(file), 200);
  })
  .get('/offices/:officeId/live', readers, officeScope, validate('param', officeParams), async (c) => {
    const { officeId } = c.req.valid('param');
    const live = await liveOffice(c.var.deps.db, officeId, c.var.deps.clock.now());
    if (!live) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    return c.json(live, 200);
  });
