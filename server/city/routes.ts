// The city over HTTP: every centre live (/api/city), the earliest slot of a procedure anywhere
// (/api/city/earliest), the open statistics (/api/open-data/daily.json and .csv, cacheable with
// an ETag) and the leaders' comparison of centres (/api/city/compare, the city role and admins).
import { createHash } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { csvFile, csvRow } from '../csv';
import { fail, sendFailure } from '../errors';
import { type AppDeps, type AppEnv, requireStaff, type StaffEnv, validate } from '../http';
import { listOffices } from '../offices/store';
import { toXlsx } from '../reports/export';
import { mayAccess } from '../staff/scope';
import { addDays, isValidDay, localDay } from '../time';
import { dailyRows } from './daily';
import { combine, type DailyStatsRow, OPEN_DATA_COLUMNS, openDataRow } from './open-data';
import { cityOverview, earliestSlots } from './store';

const MAX_DAYS = 366;
const day = z.string().refine(isValidDay, { error: 'INVALID_RANGE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });
// A national procedure code (Cơ sở dữ liệu quốc gia về thủ tục hành chính), e.g. 1.001193: the
// key that matches one procedure across centres.
const earliestQuery = z.object({
  code: z.string({ error: 'VALIDATION_FAILED' }).regex(/^\d{1,2}\.\d{6}$/, { error: 'VALIDATION_FAILED' }),
});

/** The days asked for; by default the 30 ended days before today (in the first centre's zone). */
export function range(deps: AppDeps, q: { from?: string; to?: string }, timezone: string) {
  const yesterday = addDays(localDay(deps.clock.now(), timezone), -1);
  // Day strings compare as dates: the earlier of 30 days on and yesterday.
  const to = q.to ?? [q.from ? addDays(q.from, 29) : yesterday, yesterday].sort()[0]!;
  const from = q.from ?? addDays(to, -29);
  if (from > to) return fail('INVALID_RANGE');
  if (addDays(from, MAX_DAYS) <= to) return fail('RANGE_TOO_LONG');
  return { ok: true as const, from, to };
}

/** Public, cacheable: the same body answers 304 to a poller that already has it. */
export function cacheable(c: Context, body: string, type: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', 'public, max-age=300');
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  c.header('Content-Type', type);
  return c.body(body, 200);
}

async function openData(deps: AppDeps, q: { from?: string; to?: string }) {
  const offices = await listOffices(deps.db);
  const r = range(deps, q, offices[0]?.timezone ?? 'Asia/Ho_Chi_Minh');
  if (!r.ok) return r;
  const names = new Map(offices.map((o) => [o.id, o.name]));
  const rows = await dailyRows(deps.db, r.from, r.to);
  return { ...r, rows: rows.map((x) => openDataRow(x, names.get(x.officeId) ?? '')) };
}

/** Lower is worse: centres are listed worst first, by satisfaction, then by the share within target. */
function worstFirst(a: ReturnType<typeof combine>, b: ReturnType<typeof combine>) {
  const key = (x: ReturnType<typeof combine>) => [x.satisfactionIndex ?? 2, x.servedWithinTargetShare ?? 2, -(x.waitP90 ?? 0)];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return 0;
}

/** Each centre over the period and the one before it, worst first. */
async function compare(deps: AppDeps, q: { from?: string; to?: string }) {
  const offices = await listOffices(deps.db);
  const r = range(deps, q, offices[0]?.timezone ?? 'Asia/Ho_Chi_Minh');
  if (!r.ok) return r;
  const days = Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000) + 1;
  const prevTo = addDays(r.from, -1);
  const prevFrom = addDays(prevTo, -(days - 1));
  const [now, before] = await Promise.all([dailyRows(deps.db, r.from, r.to), dailyRows(deps.db, prevFrom, prevTo)]);
  const by = (rows: DailyStatsRow[], id: number) => rows.filter((x) => x.officeId === id);
  const centres = offices
    .map((o) => {
      const current = combine(by(now, o.id));
      const previous = combine(by(before, o.id));
      const { histogram: _h, ...cur } = current;
      const { histogram: _p, ...prev } = previous;
      const delta = (k: 'satisfactionIndex' | 'waitP90' | 'servedWithinTargetShare' | 'noShowRate' | 'dossiersOnTimeRate') =>
        cur[k] !== null && prev[k] !== null ? Math.round((cur[k]! - prev[k]!) * 1000) / 1000 : null;
      return {
        officeId: o.id,
        officeName: o.name,
        current: cur,
        previous: prev,
        change: {
          satisfactionIndex: delta('satisfactionIndex'),
          waitP90: delta('waitP90'),
          servedWithinTargetShare: delta('servedWithinTargetShare'),
          noShowRate: delta('noShowRate'),
          dossiersOnTimeRate: delta('dossiersOnTimeRate'),
        },
        sortKey: current,
      };
    })
    .sort((a, b) => worstFirst(a.sortKey, b.sortKey))
    .map(({ sortKey: _s, ...x }) => x);
  const { histogram: _all, ...city } = combine(now);
  return { ok: true as const, from: r.from, to: r.to, previous: { from: prevFrom, to: prevTo }, city, centres };
}

const COMPARE_COLUMNS = [
  ['officeName', 'Trung tâm'],
  ['issued', 'Số đã cấp'],
  ['served', 'Đã phục vụ'],
  ['satisfactionIndex', 'Chỉ số hài lòng'],
  ['responses', 'Lượt đánh giá'],
  ['waitP50', 'Chờ trung vị (phút)'],
  ['waitP90', 'Chờ P90 (phút)'],
  ['servedWithinTargetShare', 'Tỷ lệ trong thời gian mục tiêu'],
  ['noShowRate', 'Tỷ lệ không có mặt'],
  ['dossiersOnTimeRate', 'Tỷ lệ hồ sơ đúng hạn'],
  ['feedbackLate', 'Phản ánh trả lời muộn'],
] as const;

type Compared = Extract<Awaited<ReturnType<typeof compare>>, { ok: true }>;
function compareTable(r: Compared) {
  return {
    sheet: 'So sánh trung tâm',
    headers: COMPARE_COLUMNS.map(([, h]) => h),
    rows: r.centres.map((x) =>
      COMPARE_COLUMNS.map(([k]) =>
        k === 'officeName' ? x.officeName : (((x.current as Record<string, unknown>)[k] as number | null) ?? null),
      ),
    ),
  };
}

/**
 * The city's leaders and the admins of every office (no office of their own): the comparison
 * shows every centre, so an office's own admin is refused it like any other office's data.
 */
const leaders: MiddlewareHandler<StaffEnv> = async (c, next) => {
  if (!mayAccess(c.get('staff'), null, 'read')) return sendFailure(c, fail('FORBIDDEN'));
  await next();
};
const cityWide = [requireStaff('city', 'admin'), leaders] as const;

export const cityRoutes = new Hono<AppEnv>()
  .get(
    '/city',
    describeRoute({ summary: 'Every centre of the city, live: hours today, open now, waiting and estimates' }),
    async (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.json({ offices: await cityOverview(c.get('deps').db, c.get('deps').clock.now()) }, 200);
    },
  )
  .get(
    '/city/earliest',
    describeRoute({ summary: 'The earliest free slot of a procedure (national code) at each centre offering it' }),
    validate('query', earliestQuery),
    async (c) => c.json(await earliestSlots(c.get('deps').db, c.req.valid('query').code, c.get('deps').clock.now()), 200),
  )
  .get(
    '/city/compare',
    describeRoute({ summary: 'Every centre side by side over a period, worst first, with the previous period' }),
    ...cityWide,
    validate('query', rangeQuery),
    async (c) => {
      const r = await compare(c.get('deps'), c.req.valid('query'));
      return r.ok ? c.json(r, 200) : sendFailure(c, r);
    },
  )
  .get(
    '/city/compare.csv',
    describeRoute({ summary: "The leaders' comparison as CSV" }),
    ...cityWide,
    validate('query', rangeQuery),
    async (c) => {
      const r = await compare(c.get('deps'), c.req.valid('query'));
      if (!r.ok) return sendFailure(c, r);
      const t = compareTable(r);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="so-sanh-${r.from}_${r.to}.csv"`);
      return c.body(csvFile([csvRow(t.headers), ...t.rows.map(csvRow)]), 200);
    },
  )
  .get(
    '/city/compare.xlsx',
    describeRoute({ summary: "The leaders' comparison as XLSX" }),
    ...cityWide,
    validate('query', rangeQuery),
    async (c) => {
      const r = await compare(c.get('deps'), c.req.valid('query'));
      if (!r.ok) return sendFailure(c, r);
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="so-sanh-${r.from}_${r.to}.xlsx"`);
      return c.body(new Uint8Array(await toXlsx([compareTable(r)])), 200);
    },
  )
  .get(
    '/open-data/daily.json',
    describeRoute({ summary: 'Open statistics: one row per centre and ended day (JSON, ETag)' }),
    validate('query', rangeQuery),
    async (c) => {
      const r = await openData(c.get('deps'), c.req.valid('query'));
      if (!r.ok) return sendFailure(c, r);
      return cacheable(c, JSON.stringify(r.rows), 'application/json; charset=utf-8');
    },
  )
  .get(
    '/open-data/daily.csv',
    describeRoute({ summary: 'Open statistics: one row per centre and ended day (CSV, ETag)' }),
    validate('query', rangeQuery),
    async (c) => {
      const r = await openData(c.get('deps'), c.req.valid('query'));
      if (!r.ok) return sendFailure(c, r);
      const keys = OPEN_DATA_COLUMNS.map(([k]) => k);
      const body = csvFile([csvRow(keys), ...r.rows.map((row) => csvRow(keys.map((k) => row[k])))]);
      c.header('Content-Disposition', `attachment; filename="thong-ke-mo-${r.from}_${r.to}.csv"`);
      return cacheable(c, body, 'text/csv; charset=utf-8');
    },
  )
  .get('/open-data/columns', describeRoute({ summary: "The open statistics' columns and what each means" }), (c) =>
    c.json(
      OPEN_DATA_COLUMNS.map(([key, vi, en]) => ({ key, vi, en })),
      200,
    ),
  );
