// The Vietnamese public holidays of 2026 and 2027 as days the office is closed (Labour Code 2019,
// art. 112, and the government's yearly schedule for civil servants). Tết Nguyên Đán and Giỗ Tổ
// Hùng Vương follow the lunar calendar; their solar dates are tabled here, not computed:
//   Tết Bính Ngọ = 17 Feb 2026, Tết Đinh Mùi = 6 Feb 2027;
//   Giỗ Tổ (10/3 âm lịch) = 26 Apr 2026 (a Sunday: off on Monday 27 Apr), 16 Apr 2027.
// A holiday on a weekly rest day is taken on the next working day (art. 112(3)). Saturdays inside
// a break are listed too, for offices open on Saturday morning. Admins edit these per year.
// Not listed: Ngày Văn hóa Việt Nam (24/11), a day off decided in principle by Resolution
// 80-NQ/TW (2026) but waiting for the amendment of art. 112; add it once the law is in force.
import type { Db, Tx } from '../../db/client';
import { holidays } from '../../db/schema';

export interface HolidaySeed {
  date: string;
  name: string;
}

const tet2026 = 'Tết Nguyên Đán Bính Ngọ';
const tet2027 = 'Tết Nguyên Đán Đinh Mùi';

export const vietnamHolidays: readonly HolidaySeed[] = [
  { date: '2026-01-01', name: 'Tết Dương lịch' },
  // Official 2026 break for civil servants: Sat 14 Feb (27 tháng Chạp) to Sun 22 Feb (mùng 6).
  ...range('2026-02-14', 9).map((date) => ({ date, name: tet2026 })),
  { date: '2026-04-27', name: 'Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/4)' },
  { date: '2026-04-30', name: 'Ngày Chiến thắng (30/4)' },
  { date: '2026-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
  { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)' },
  { date: '2026-09-02', name: 'Quốc khánh (2/9)' },
  { date: '2027-01-01', name: 'Tết Dương lịch' },
  // 2027: five days from the last day of the lunar year (Fri 5 Feb), the two on the weekend taken on
  // Wed 10 and Thu 11 Feb. Check against the government's 2027 schedule once it is published.
  ...range('2027-02-05', 7).map((date) => ({ date, name: tet2027 })),
  { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { date: '2027-04-30', name: 'Ngày Chiến thắng (30/4)' },
  { date: '2027-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
  { date: '2027-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)' },
  { date: '2027-09-02', name: 'Quốc khánh (2/9)' },
  { date: '2027-09-03', name: 'Quốc khánh (ngày liền kề)' },
];

function range(first: string, n: number): string[] {
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10));
}

/** Adds the tabled holidays to an office (idempotent: existing dates are kept as they are). */
export async function seedHolidays(db: Db | Tx, officeId: number, list: readonly HolidaySeed[] = vietnamHolidays): Promise<void> {
  for (const h of list) {
    await db.insert(holidays).values({ officeId, date: h.date, name: h.name }).onConflictDoNothing();
  }
}
