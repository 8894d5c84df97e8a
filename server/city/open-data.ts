// What the maintained daily rows (./daily.ts) say in public: the open statistics per centre and
// day, and the city leaders' comparison of centres over a period. Only aggregates: a day (or a
// period) with fewer than MIN_RESPONSES ratings shows no satisfaction figure, so one person's
// rating cannot be singled out. Pure functions over the rows; nothing here reads the database.
import type { officeDailyStats } from '../../db/schema';

export type DailyStatsRow = typeof officeDailyStats.$inferSelect;

export const MIN_RESPONSES = 5;

/** The wait, in whole minutes, that a share `p` of the served waited at most (null: nobody served). */
export function histogramPercentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  // The nearest-rank percentile: the smallest minute whose cumulative count reaches p of all.
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let minute = 0; minute < histogram.length; minute++) {
    seen += histogram[minute]!;
    if (seen >= rank) return minute;
  }
  return histogram.length - 1;
}

const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 1000 : null);
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** Several rows (days, centres) as one: counts and sums add, the histogram adds bucket by bucket. */
export function combine(rows: readonly DailyStatsRow[]) {
  const histogram: number[] = [];
  const factors: Record<string, { sum: number; n: number }> = {};
  const t = {
    issued: 0,
    served: 0,
    noShows: 0,
    servedWithinTarget: 0,
    bookingsCheckedIn: 0,
    bookingsNoShow: 0,
    responses: 0,
    satisfied: 0,
    etaAbsErrorMinutes: 0,
    etaErrorMinutes: 0,
    etaCount: 0,
    dossiersReceived: 0,
    dossiersResolved: 0,
    dossiersOnTime: 0,
    dossiersLate: 0,
    feedbackReceived: 0,
    feedbackAnsweredOnTime: 0,
    feedbackLate: 0,
  };
  for (const r of rows) {
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
    r.waitHistogram.forEach((n, i) => {
      histogram[i] = (histogram[i] ?? 0) + n;
    });
    for (const [k, f] of Object.entries(r.factors)) {
      const into = factors[k] ?? { sum: 0, n: 0 };
      into.sum += f.sum;
      into.n += f.n;
      factors[k] = into;
    }
  }
  const enough = t.responses >= MIN_RESPONSES;
  return {
    ...t,
    histogram,
    waitP50: histogramPercentile(histogram, 0.5),
    waitP90: histogramPercentile(histogram, 0.9),
    servedWithinTargetShare: share(t.servedWithinTarget, t.served),
    noShowRate: share(t.noShows, t.served + t.noShows),
    satisfactionIndex: enough ? share(t.satisfied, t.responses) : null,
    factors: enough
      ? Object.fromEntries(Object.entries(factors).map(([k, f]) => [k, f.n ? Math.round((f.sum / f.n) * 100) / 100 : null]))
      : {},
    dossiersOnTimeRate: share(t.dossiersOnTime, t.dossiersOnTime + t.dossiersLate),
    etaMaeMinutes: t.etaCount ? round1(t.etaAbsErrorMinutes / t.etaCount) : null,
    etaBiasMinutes: t.etaCount ? round1(t.etaErrorMinutes / t.etaCount) : null,
  };
}

/** The open statistics' columns, in order, with what each means (the page and README show it). */
export const OPEN_DATA_COLUMNS = [
  ['officeId', 'Mã trung tâm', 'Centre id'],
  ['officeName', 'Tên trung tâm', 'Centre'],
  ['day', 'Ngày (giờ địa phương)', 'Day (local)'],
  ['issued', 'Số thứ tự đã cấp', 'Tickets issued'],
  ['served', 'Lượt đã phục vụ xong', 'Visits served'],
  ['noShows', 'Lượt gọi không có mặt', 'Called, not present'],
  ['waitP50', 'Thời gian chờ trung vị (phút)', 'Median wait (minutes)'],
  ['waitP90', 'Thời gian chờ phân vị 90 (phút)', '90th percentile wait (minutes)'],
  ['servedWithinTargetShare', 'Tỷ lệ được phục vụ trong thời gian chờ mục tiêu', 'Share served within the target wait'],
  ['bookingsUsed', 'Lịch hẹn đã dùng (đến và lấy số)', 'Bookings used (checked in)'],
  ['bookingsNoShow', 'Lịch hẹn không đến', 'Bookings not used'],
  ['satisfactionResponses', 'Số lượt đánh giá', 'Ratings given'],
  [
    'satisfactionIndex',
    `Chỉ số hài lòng (để trống khi dưới ${MIN_RESPONSES} đánh giá)`,
    `Satisfaction index (blank under ${MIN_RESPONSES} ratings)`,
  ],
  ['dossiersResolved', 'Hồ sơ đã giải quyết', 'Dossiers resolved'],
  ['dossiersOnTimeRate', 'Tỷ lệ hồ sơ giải quyết đúng hạn', 'Share of dossiers resolved on time'],
  ['feedbackReceived', 'Phản ánh, kiến nghị nhận được', 'Feedback received'],
  ['feedbackAnsweredOnTime', 'Phản ánh được trả lời đúng hạn', 'Feedback answered on time'],
  ['etaMaeMinutes', 'Sai số dự báo thời gian chờ (phút)', 'Wait estimate mean absolute error (minutes)'],
] as const;

export type OpenDataRow = Record<(typeof OPEN_DATA_COLUMNS)[number][0], string | number | null>;

/** One centre's day in the open statistics. */
export function openDataRow(row: DailyStatsRow, officeName: string): OpenDataRow {
  const c = combine([row]);
  return {
    officeId: row.officeId,
    officeName,
    day: row.day,
    issued: c.issued,
    served: c.served,
    noShows: c.noShows,
    waitP50: c.waitP50,
    waitP90: c.waitP90,
    servedWithinTargetShare: c.servedWithinTargetShare,
    bookingsUsed: c.bookingsCheckedIn,
    bookingsNoShow: c.bookingsNoShow,
    satisfactionResponses: c.responses,
    satisfactionIndex: c.satisfactionIndex,
    dossiersResolved: c.dossiersResolved,
    dossiersOnTimeRate: c.dossiersOnTimeRate,
    feedbackReceived: c.feedbackReceived,
    feedbackAnsweredOnTime: c.feedbackAnsweredOnTime,
    etaMaeMinutes: c.etaMaeMinutes,
  };
}
