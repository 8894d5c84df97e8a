// Dossier statistics for a range of the office's local days (DESIGN.md, the dossier-stats row):
// received, resolved, early / on time / late (day level: before, on, after the due day), the
// on-time rate ("tỷ lệ hồ sơ giải quyết đúng hạn"), working days late, open late dossiers at the
// end of the range, apologies and requests for papers, broken down by sector, procedure, unit and
// officer, and the satisfaction of residents whose dossier was late against those on time. The
// CSV/XLSX exports are the same numbers as tables.
import { and, eq, inArray, lt } from 'drizzle-orm';
import { type Db, readAll, type Tx } from '../../db/client';
import { dossierApologies, dossierSupplements, dossiers, officeUnits, ratings, sectors, services, staff } from '../../db/schema';
import { getOffice } from '../offices/store';
import { round2, type Table } from '../reports/export';
import { type Satisfaction, satisfactionOf } from '../reports/stats';
import { localDay, zonedTime } from '../time';
import { type DossierRow, daysLateOf, isLate, officeCalendar } from './store';

type Reader = Db | Tx;

export interface DossierCounts {
  received: number;
  /** Result made ready, refused or withdrawn in the range. */
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  /** (early + onTime) / (early + onTime + late); null without data. */
  onTimeRate: number | null;
  refused: number;
  withdrawn: number;
  /** Open and past their due instant at the end of the range (or now, if sooner). */
  openLate: number;
  /** Working days late, summed over the late results of the range. */
  daysLate: number;
  /** Mean working days late of a late result; null without one. */
  meanDaysLate: number | null;
  apologies: number;
  supplementRequests: number;
}

export interface DossierGroup extends DossierCounts {
  id: number | null;
  code?: string;
  name: string;
}

export interface DossierStats extends DossierCounts {
  from: string;
  to: string;
  bySector: DossierGroup[];
  byService: DossierGroup[];
  /** By the unit holding the dossier (its last hand-off); id null: never handed off. */
  byUnit: DossierGroup[];
  /** By the officer who received the dossier. */
  byOfficer: DossierGroup[];
  /**
   * Ratings of the visit each dossier was received at, for dossiers whose result was made ready
   * in the range: late ones against early or on-time ones.
   */
  satisfaction: { late: Satisfaction; onTime: Satisfaction };
  /** The range's late results and the open late dossiers, most late first (no personal data). */
  lateDossiers: {
    id: number;
    code: string;
    serviceName: string;
    unitName: string | null;
    officerName: string | null;
    dueAt: string;
    resultReadyAt: string | null;
    daysLate: number;
    apologised: boolean;
  }[];
}

const NO_UNIT = 'Bộ phận tiếp nhận (chưa chuyển)';

export async function dossierStats(db: Reader, officeId: number, from: string, to: string, now: number): Promise<DossierStats> {
  const office = (await getOffice(db, officeId))!;
  const tz = office.timezone;
  const start = zonedTime(from, 0, tz);
  const end = zonedTime(to, 24 * 60, tz);
  const cutoff = Math.min(end, now);
  const cal = await officeCalendar(db, officeId, tz);
  // Every dossier received before the range ended: those received in it, resolved in it, or open at its end.
  const all = await db
    .select()
    .from(dossiers)
    .where(and(eq(dossiers.officeId, officeId), lt(dossiers.receivedAt, end)));
  const ids = all.map((d) => d.id);
  // When each dossier was apologised for, or asked for papers.
  const timesOf = (table: typeof dossierApologies | typeof dossierSupplements) => () =>
    ids.length
      ? db.select({ dossierId: table.dossierId, at: table.at }).from(table).where(inArray(table.dossierId, ids))
      : Promise.resolve([]);
  const [apologies, supplements, serviceRows, unitRows, staffRows] = await readAll(
    db,
    timesOf(dossierApologies),
    timesOf(dossierSupplements),
    () =>
      db
        .select({ id: services.id, code: services.code, name: services.name, sectorId: sectors.id, sectorName: sectors.name })
        .from(services)
        .innerJoin(sectors, eq(sectors.id, services.sectorId))
        .where(eq(services.officeId, officeId)),
    () => db.select({ id: officeUnits.id, name: officeUnits.name }).from(officeUnits).where(eq(officeUnits.officeId, officeId)),
    () => db.select({ id: staff.id, name: staff.displayName }).from(staff),
  );
  const serviceOf = new Map(serviceRows.map((s) => [s.id, s]));
  const unitName = new Map(unitRows.map((u) => [u.id, u.name]));
  const staffName = new Map(staffRows.map((s) => [s.id, s.name]));
  const inRange = (t: number | null) => t !== null && t >= start && t < end;
  const day = (t: number) => localDay(t, tz);
  const resolvedAt = (d: DossierRow) => d.resultReadyAt ?? d.endedAt;
  const apologiesIn = new Map<number, number>();
  const apologised = new Set<number>();
  for (const a of apologies) {
    apologised.add(a.dossierId);
    if (inRange(a.at)) apologiesIn.set(a.dossierId, (apologiesIn.get(a.dossierId) ?? 0) + 1);
  }
  const supplementsIn = new Map<number, number>();
  for (const s of supplements) if (inRange(s.at)) supplementsIn.set(s.dossierId, (supplementsIn.get(s.dossierId) ?? 0) + 1);
  /** Late at the cutoff: received before it, not resolved by it, its due instant passed. */
  const openLateAt = (d: DossierRow) => {
    const r = resolvedAt(d);
    if (!(d.receivedAt < cutoff && (r === null || r > cutoff) && d.dueAt < cutoff)) return false;
    // Still waiting for papers asked for before the cutoff: the clock stopped then.
    if (d.state === 'supplement_requested' && d.pausedAt !== null && d.pausedAt <= cutoff) return d.pausedAt > d.dueAt;
    return true;
  };

  const count = (ds: DossierRow[]): DossierCounts => {
    const ready = ds.filter((d) => inRange(d.resultReadyAt));
    const early = ready.filter((d) => day(d.resultReadyAt!) < day(d.dueAt)).length;
    const onTime = ready.filter((d) => day(d.resultReadyAt!) === day(d.dueAt)).length;
    const lateOnes = ready.filter((d) => day(d.resultReadyAt!) > day(d.dueAt));
    const daysLate = lateOnes.reduce((n, d) => n + daysLateOf(d, now, cal), 0);
    return {
      received: ds.filter((d) => inRange(d.receivedAt)).length,
      resolved: ds.filter((d) => inRange(resolvedAt(d))).length,
      early,
      onTime,
      late: lateOnes.length,
      onTimeRate: ready.length ? (early + onTime) / ready.length : null,
      refused: ds.filter((d) => d.state === 'refused' && inRange(d.endedAt)).length,
      withdrawn: ds.filter((d) => d.state === 'withdrawn' && inRange(d.endedAt)).length,
      openLate: ds.filter(openLateAt).length,
      daysLate,
      meanDaysLate: lateOnes.length ? daysLate / lateOnes.length : null,
      apologies: ds.reduce((n, d) => n + (apologiesIn.get(d.id) ?? 0), 0),
      supplementRequests: ds.reduce((n, d) => n + (supplementsIn.get(d.id) ?? 0), 0),
    };
  };
  /** Groups of the dossiers that count for anything in the range, each with its counts. */
  const relevant = all.filter(
    (d) => inRange(d.receivedAt) || inRange(resolvedAt(d)) || openLateAt(d) || apologiesIn.has(d.id) || supplementsIn.has(d.id),
  );
  const groupBy = (key: (d: DossierRow) => { id: number | null; code?: string; name: string }): DossierGroup[] => {
    const groups = new Map<string, { head: { id: number | null; code?: string; name: string }; ds: DossierRow[] }>();
    for (const d of relevant) {
      const head = key(d);
      const k = String(head.id);
      const g = groups.get(k) ?? { head, ds: [] };
      g.ds.push(d);
      groups.set(k, g);
    }
    return [...groups.values()]
      .map(({ head, ds }) => ({ ...head, ...count(ds) }))
      .sort((a, b) => (a.onTimeRate ?? 2) - (b.onTimeRate ?? 2) || b.openLate - a.openLate || a.name.localeCompare(b.name, 'vi'));
  };

  // Satisfaction: the rating of the ticket each dossier made ready in the range was received at.
  const readyIn = all.filter((d) => inRange(d.resultReadyAt) && d.ticketId !== null);
  const rated = readyIn.length
    ? await db
        .select({ ticketId: ratings.ticketId, level: ratings.level, scale: ratings.scale })
        .from(ratings)
        .where(
          inArray(
            ratings.ticketId,
            readyIn.map((d) => d.ticketId!),
          ),
        )
    : [];
  const ratingOf = new Map(rated.map((r) => [r.ticketId, r]));
  const ratingsWhere = (late: boolean) =>
    readyIn
      .filter((d) => isLate(d, now) === late && ratingOf.has(d.ticketId!))
      .map((d) => ({ ...ratingOf.get(d.ticketId!)!, waitMs: null, serviceId: d.serviceId, counterId: null, officerId: null }));

  const lateDossiers = all
    .filter((d) => (inRange(d.resultReadyAt) && day(d.resultReadyAt!) > day(d.dueAt)) || openLateAt(d))
    .map((d) => ({
      id: d.id,
      code: d.code,
      serviceName: serviceOf.get(d.serviceId)?.name ?? '',
      unitName: d.unitId === null ? null : (unitName.get(d.unitId) ?? null),
      officerName: d.receivedBy === null ? null : (staffName.get(d.receivedBy) ?? null),
      dueAt: new Date(d.dueAt).toISOString(),
      resultReadyAt: d.resultReadyAt === null ? null : new Date(d.resultReadyAt).toISOString(),
      daysLate: daysLateOf({ ...d, resultReadyAt: d.resultReadyAt ?? null }, cutoff, cal),
      apologised: apologised.has(d.id),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.dueAt.localeCompare(b.dueAt) || a.code.localeCompare(b.code));

  return {
    from,
    to,
    ...count(relevant),
    bySector: groupBy((d) => {
      const s = serviceOf.get(d.serviceId);
      return { id: s?.sectorId ?? null, name: s?.sectorName ?? '' };
    }),
    byService: groupBy((d) => {
      const s = serviceOf.get(d.serviceId);
      return { id: d.serviceId, code: s?.code ?? '', name: s?.name ?? '' };
    }),
    byUnit: groupBy((d) => ({ id: d.unitId, name: d.unitId === null ? NO_UNIT : (unitName.get(d.unitId) ?? '') })),
    byOfficer: groupBy((d) => ({ id: d.receivedBy, name: d.receivedBy === null ? '' : (staffName.get(d.receivedBy) ?? '') })),
    satisfaction: { late: satisfactionOf(ratingsWhere(true)), onTime: satisfactionOf(ratingsWhere(false)) },
    lateDossiers,
  };
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 100);
const countHeaders = [
  'Tiếp nhận',
  'Đã giải quyết',
  'Trước hạn',
  'Đúng hạn',
  'Quá hạn',
  'Tỷ lệ đúng hạn (%)',
  'Từ chối',
  'Rút hồ sơ',
  'Đang quá hạn',
  'Tổng ngày trễ (ngày làm việc)',
  'Số ngày trễ TB',
  'Phiếu xin lỗi',
  'Yêu cầu bổ sung',
];
const countCells = (c: DossierCounts) => [
  c.received,
  c.resolved,
  c.early,
  c.onTime,
  c.late,
  pct(c.onTimeRate),
  c.refused,
  c.withdrawn,
  c.openLate,
  c.daysLate,
  round2(c.meanDaysLate),
  c.apologies,
  c.supplementRequests,
];

/** The statistics as tables with Vietnamese headers, for the CSV and XLSX exports. */
export function dossierTables(s: DossierStats, officeName: string): Table[] {
  const sat = (x: Satisfaction) => [x.responses, round2(x.mean), pct(x.index)];
  return [
    {
      sheet: 'Tổng quan',
      headers: ['Chỉ tiêu', 'Giá trị'],
      rows: [
        ['Cơ quan', officeName],
        ['Từ ngày', s.from],
        ['Đến ngày', s.to],
        ...countHeaders.map((h, i) => [h, countCells(s)[i] ?? null]),
        ['Tỷ lệ hồ sơ giải quyết đúng hạn (%)', pct(s.onTimeRate)],
        ['Đánh giá của người có hồ sơ quá hạn: số / điểm TB / chỉ số hài lòng (%)', sat(s.satisfaction.late).join(' / ')],
        ['Đánh giá của người có hồ sơ đúng hạn: số / điểm TB / chỉ số hài lòng (%)', sat(s.satisfaction.onTime).join(' / ')],
      ],
    },
    { sheet: 'Theo lĩnh vực', headers: ['Lĩnh vực', ...countHeaders], rows: s.bySector.map((g) => [g.name, ...countCells(g)]) },
    {
      sheet: 'Theo thủ tục',
      headers: ['Mã thủ tục', 'Thủ tục', ...countHeaders],
      rows: s.byService.map((g) => [g.code ?? '', g.name, ...countCells(g)]),
    },
    { sheet: 'Theo đơn vị', headers: ['Đơn vị', ...countHeaders], rows: s.byUnit.map((g) => [g.name, ...countCells(g)]) },
    {
      sheet: 'Theo cán bộ',
      headers: ['Cán bộ tiếp nhận', ...countHeaders],
      rows: s.byOfficer.map((g) => [g.name, ...countCells(g)]),
    },
    {
      sheet: 'Hồ sơ quá hạn',
      headers: ['Mã hồ sơ', 'Thủ tục', 'Đơn vị', 'Cán bộ tiếp nhận', 'Hạn trả', 'Có kết quả lúc', 'Số ngày trễ', 'Đã xin lỗi'],
      rows: s.lateDossiers.map((d) => [
        d.code,
        d.serviceName,
        d.unitName,
        d.officerName,
        d.dueAt,
        d.resultReadyAt,
        d.daysLate,
        d.apologised ? 'Có' : 'Không',
      ]),
    },
  ];
}
