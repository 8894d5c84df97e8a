// The demo city a new database starts with: a ward-level Public Administration Service Centre
// (Trung tâm Phục vụ hành chính công) with real procedures, six counters serving overlapping
// sets of services, an admin, a supervisor, three officers and one kiosk, display and rating pad;
// and a second ward's centre (fewer procedures with the same national codes, three counters,
// other hours, its own supervisor, officers, kiosk and display), so the city pages compare two.
// Seeded at the first start (server/main.ts) through the features' own functions (passwords,
// device pairing, holidays, office settings), so it is what the admin screens would have made.
import { and, count, eq } from 'drizzle-orm';
import type { Db, Store, Tx } from '../db/client';
import { counterServices, counters, offices, officeUnits, openingHours, sectors, services, staff } from '../db/schema';
import { seedHolidays } from './booking/holidays';
import { createDevice } from './devices/store';
import { RESULT_RETURN_CODE } from './dossiers/store';
import { officeSettingsSchema } from './offices/settings';
import { hashPassword, randomPassword } from './staff/password';

interface SeedService {
  code: string;
  name: string;
  prefix: string;
  minutes: number;
  /**
   * Working days the procedure takes by law, as the national procedure database describes it
   * (recalled, not checked here; a guess where marked): civil status and certification the same
   * day (marriage up to 5 days when it needs checking; we take the usual case), contract
   * certification 2, land change registration 10, first land certificate 20 (a guess: provinces
   * set 20 to 30), monthly social allowance 20 (a guess), preferential allowance 12 (a guess),
   * household business 3, house building permit 15.
   */
  processingDays: number;
  whatToBring?: string;
}

// Procedure names as listed in the national database of administrative procedures; codes are
// those of the national catalogue (thủ tục cấp xã).
const catalogue: { sector: string; services: SeedService[] }[] = [
  {
    sector: 'Hộ tịch',
    services: [
      {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        prefix: 'A',
        processingDays: 0,
        minutes: 10,
        whatToBring: 'Giấy chứng sinh; CCCD của cha hoặc mẹ; giấy chứng nhận kết hôn (nếu có).',
      },
      {
        code: '1.000894',
        name: 'Đăng ký kết hôn',
        prefix: 'B',
        processingDays: 0,
        minutes: 15,
        whatToBring: 'Tờ khai đăng ký kết hôn; CCCD của hai bên; xác nhận tình trạng hôn nhân (nếu cư trú nơi khác).',
      },
      {
        code: '1.000656',
        name: 'Đăng ký khai tử',
        prefix: 'C',
        processingDays: 0,
        minutes: 10,
        whatToBring: 'Giấy báo tử hoặc giấy tờ thay giấy báo tử; CCCD của người đi đăng ký.',
      },
      {
        code: '2.000635',
        name: 'Cấp bản sao trích lục hộ tịch',
        prefix: 'D',
        processingDays: 0,
        minutes: 5,
        whatToBring: 'CCCD; thông tin về sự kiện hộ tịch đã đăng ký.',
      },
    ],
  },
  {
    sector: 'Chứng thực',
    services: [
      {
        code: '2.000815',
        name: 'Chứng thực bản sao từ bản chính',
        prefix: 'E',
        processingDays: 0,
        minutes: 5,
        whatToBring: 'Bản chính giấy tờ và bản sao cần chứng thực.',
      },
      {
        code: '2.000884',
        name: 'Chứng thực chữ ký trong giấy tờ, văn bản',
        prefix: 'F',
        processingDays: 0,
        minutes: 8,
        whatToBring: 'CCCD; giấy tờ, văn bản cần chứng thực chữ ký (ký trước mặt cán bộ).',
      },
      {
        code: '2.001035',
        name: 'Chứng thực hợp đồng, giao dịch',
        prefix: 'G',
        processingDays: 2,
        minutes: 20,
        whatToBring: 'Dự thảo hợp đồng; CCCD của các bên; giấy tờ về tài sản.',
      },
    ],
  },
  {
    sector: 'Đất đai',
    services: [
      {
        code: '1.004227',
        name: 'Đăng ký biến động đất đai, tài sản gắn liền với đất',
        prefix: 'H',
        processingDays: 10,
        minutes: 20,
        whatToBring: 'Đơn đăng ký biến động; giấy chứng nhận đã cấp; hợp đồng hoặc văn bản liên quan.',
      },
      {
        code: '1.004203',
        name: 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu',
        prefix: 'K',
        processingDays: 20,
        minutes: 25,
        whatToBring: 'Đơn đề nghị; giấy tờ về quyền sử dụng đất; sơ đồ thửa đất (nếu có).',
      },
    ],
  },
  {
    sector: 'Chính sách xã hội, người có công',
    services: [
      {
        code: '1.001776',
        name: 'Trợ cấp xã hội hằng tháng',
        prefix: 'L',
        processingDays: 20,
        minutes: 15,
        whatToBring: 'Tờ khai theo mẫu; CCCD; giấy xác nhận khuyết tật hoặc giấy tờ liên quan.',
      },
      {
        code: '1.010821',
        name: 'Giải quyết chế độ trợ cấp ưu đãi người có công',
        prefix: 'M',
        processingDays: 12,
        minutes: 15,
        whatToBring: 'Bản khai cá nhân; giấy tờ chứng minh là người có công.',
      },
    ],
  },
  {
    sector: 'Thành lập và hoạt động của hộ kinh doanh',
    services: [
      {
        code: '2.000720',
        name: 'Đăng ký thành lập hộ kinh doanh',
        prefix: 'N',
        processingDays: 3,
        minutes: 15,
        whatToBring: 'Giấy đề nghị đăng ký hộ kinh doanh; CCCD của chủ hộ.',
      },
      {
        code: '2.000719',
        name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh',
        prefix: 'P',
        processingDays: 3,
        minutes: 10,
        whatToBring: 'Thông báo thay đổi; giấy chứng nhận đăng ký hộ kinh doanh.',
      },
    ],
  },
  {
    sector: 'Xây dựng',
    services: [
      {
        code: '1.009994',
        name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
        prefix: 'R',
        processingDays: 15,
        minutes: 20,
        whatToBring: 'Đơn đề nghị; giấy tờ về quyền sử dụng đất; bản vẽ thiết kế.',
      },
    ],
  },
];

// The result-return line: a resident whose dossier's result is ready scans the receipt's QR at
// the kiosk and gets a ticket here (server/dossiers, RESULT_RETURN_CODE), called like any other.
catalogue.push({
  sector: 'Trả kết quả',
  services: [{ code: RESULT_RETURN_CODE, name: 'Nhận kết quả hồ sơ', prefix: 'Z', minutes: 3, processingDays: 0 }],
});

// Counters and what they serve (by prefix), main service first: overlapping on purpose.
const counterPlan: { number: number; name: string; prefixes: string[] }[] = [
  { number: 1, name: 'Quầy 1 – Hộ tịch', prefixes: ['A', 'B', 'C', 'D', 'Z'] },
  { number: 2, name: 'Quầy 2 – Hộ tịch, chứng thực', prefixes: ['D', 'A', 'E', 'F'] },
  { number: 3, name: 'Quầy 3 – Chứng thực', prefixes: ['E', 'F', 'G'] },
  { number: 4, name: 'Quầy 4 – Đất đai, xây dựng', prefixes: ['H', 'K', 'R'] },
  { number: 5, name: 'Quầy 5 – Chính sách xã hội, hộ kinh doanh', prefixes: ['L', 'M', 'N', 'P'] },
  { number: 6, name: 'Quầy 6 – Đa năng', prefixes: ['N', 'P', 'H', 'E', 'L', 'Z'] },
];

/** A centre of the demo city: where it is, what it offers (by prefix), its counters and hours. */
interface CentrePlan {
  name: string;
  address: string;
  /** Approximate (the ward's office on the map), for sorting centres by distance. */
  latitude: number;
  longitude: number;
  ticker: string;
  /** The catalogue's services it offers, by prefix (same national codes as the first centre). */
  prefixes: string[];
  counters: { number: number; name: string; prefixes: string[] }[];
  hours: { weekday: number; opensAt: number; closesAt: number }[];
  /** The units its dossiers go through (hand-offs, server/dossiers/units.ts). */
  units: string[];
}

const weekdays = (sessions: [number, number][]) =>
  [1, 2, 3, 4, 5].flatMap((weekday) => sessions.map(([opensAt, closesAt]) => ({ weekday, opensAt, closesAt })));

const centres: CentrePlan[] = [
  {
    name: 'Trung tâm Phục vụ hành chính công phường Ba Đình',
    address: 'Số 10 phố Phan Đình Phùng, phường Ba Đình, thành phố Hà Nội',
    latitude: 21.0405,
    longitude: 105.8441,
    ticker: 'Trung tâm làm việc từ thứ Hai đến thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00; sáng thứ Bảy 7:30–11:30.',
    prefixes: catalogue.flatMap((g) => g.services.map((x) => x.prefix)),
    counters: counterPlan,
    // Mon–Fri 07:30–11:30 and 13:30–17:00; Saturday morning.
    hours: [
      ...weekdays([
        [450, 690],
        [810, 1020],
      ]),
      { weekday: 6, opensAt: 450, closesAt: 690 },
    ],

    // A ward after the 2025 reform: the centre's one-stop section, the ward's offices, and the
    // province's land registration branch and the tax office that ward dossiers go to.
    units: [
      'Bộ phận Một cửa',
      'Văn phòng HĐND và UBND phường',
      'Phòng Kinh tế, Hạ tầng và Đô thị',
      'Phòng Văn hóa – Xã hội',
      'Chi nhánh Văn phòng đăng ký đất đai',
      'Thuế cơ sở',
    ],
  },
  {
    // The second demo centre: another ward of the same city, fewer procedures, other hours.
    name: 'Trung tâm Phục vụ hành chính công phường Ngọc Hà',
    address: 'Số 25 phố Liễu Giai, phường Ngọc Hà, thành phố Hà Nội',
    latitude: 21.0339,
    longitude: 105.8167,
    ticker: 'Trung tâm làm việc từ thứ Hai đến thứ Sáu: sáng 8:00–12:00, chiều 13:00–17:00.',
    prefixes: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'L', 'M', 'Z'],
    counters: [
      { number: 1, name: 'Quầy 1 – Hộ tịch', prefixes: ['A', 'B', 'C', 'D'] },
      { number: 2, name: 'Quầy 2 – Chứng thực', prefixes: ['E', 'F', 'G'] },
      { number: 3, name: 'Quầy 3 – Chính sách xã hội, đa năng', prefixes: ['L', 'M', 'D', 'E', 'Z'] },
    ],
    hours: weekdays([
      [480, 720],
      [780, 1020],
    ]),

    units: ['Bộ phận Một cửa', 'Văn phòng HĐND và UBND phường', 'Phòng Văn hóa – Xã hội'],
  },
];

/** One centre: its office row, sectors and services, counters, hours and holidays. */
async function seedCentre(tx: Tx, plan: CentrePlan, now: number): Promise<number> {
  const office = (
    await tx
      .insert(offices)
      .values({
        name: plan.name,
        address: plan.address,
        timezone: 'Asia/Ho_Chi_Minh',
        latitude: plan.latitude,
        longitude: plan.longitude,
        settings: officeSettingsSchema.parse({ ticker: plan.ticker }),
        createdAt: now,
      })
      .returning()
  )[0]!;
  const byPrefix = new Map<string, number>();
  for (const [si, group] of catalogue.entries()) {
    const offered = group.services.filter((x) => plan.prefixes.includes(x.prefix));
    if (!offered.length) continue;
    const sector = (await tx.insert(sectors).values({ officeId: office.id, name: group.sector, position: si }).returning())[0]!;
    for (const [i, x] of offered.entries()) {
      const row = (
        await tx
          .insert(services)
          .values({
            officeId: office.id,
            sectorId: sector.id,
            code: x.code,
            name: x.name,
            prefix: x.prefix,
            avgServiceMinutes: x.minutes,
            processingDays: x.processingDays,
            slotMinutes: 30,
            whatToBring: x.whatToBring ?? null,
            position: si * 10 + i,
          })
          .returning()
      )[0]!;
      byPrefix.set(x.prefix, row.id);
    }
  }
  for (const c of plan.counters) {
    const row = (await tx.insert(counters).values({ officeId: office.id, number: c.number, name: c.name }).returning())[0]!;
    for (const [position, prefix] of c.prefixes.entries()) {
      await tx.insert(counterServices).values({ counterId: row.id, serviceId: byPrefix.get(prefix)!, position });
    }
  }
  for (const h of plan.hours) await tx.insert(openingHours).values({ officeId: office.id, ...h });
  await seedHolidays(tx, office.id);
  for (const [position, name] of plan.units.entries())
    await tx.insert(officeUnits).values({ officeId: office.id, name, position });
  return office.id;
}

export interface SeedOptions {
  adminPassword?: string;
  staffPassword?: string;
  now?: number;
}

export interface SeedResult {
  officeId: number;
  credentials: { username: string; password: string; role: string }[];
  /** One-time pairing paths (append to the server's base URL). */
  pairPaths: { kind: string; name: string; path: string }[];
}

export async function isSeeded(db: Db): Promise<boolean> {
  return ((await db.select({ n: count() }).from(offices))[0]?.n ?? 0) > 0;
}

export async function seed(store: Store, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? Date.now();
  const adminPassword = options.adminPassword ?? randomPassword();
  const staffPassword = options.staffPassword ?? randomPassword();
  const people = [
    { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin' as const, password: adminPassword, office: false },
    { username: 'giamsat', displayName: 'Trần Thị Minh Hà', role: 'supervisor' as const, password: staffPassword, office: true },
    { username: 'canbo1', displayName: 'Nguyễn Văn An', role: 'officer' as const, password: staffPassword, office: true },
    { username: 'canbo2', displayName: 'Lê Thị Bình', role: 'officer' as const, password: staffPassword, office: true },
    { username: 'canbo3', displayName: 'Phạm Quốc Cường', role: 'officer' as const, password: staffPassword, office: true },
    // The second centre's.
    { username: 'giamsat.ngocha', displayName: 'Đỗ Thu Trang', role: 'supervisor' as const, password: staffPassword, office: 2 },
    { username: 'canbo.ngocha1', displayName: 'Vũ Minh Đức', role: 'officer' as const, password: staffPassword, office: 2 },
    { username: 'canbo.ngocha2', displayName: 'Ngô Thị Hồng', role: 'officer' as const, password: staffPassword, office: 2 },
  ];
  const hashes = await Promise.all(people.map((p) => hashPassword(p.password)));

  const result = await store.write(async (tx) => {
    const ids: number[] = [];
    for (const plan of centres) ids.push(await seedCentre(tx, plan, now));
    const office = { id: ids[0]! };
    const second = ids[1]!;
    for (const [i, p] of people.entries()) {
      await tx.insert(staff).values({
        officeId: p.office === 2 ? second : p.office ? office.id : null,
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        passwordHash: hashes[i]!,
        createdAt: now,
      });
    }
    return { first: office.id, second };
  });

  const db = store.db;
  const counter1 = (
    await db
      .select({ id: counters.id })
      .from(counters)
      .where(and(eq(counters.officeId, result.first), eq(counters.number, 1)))
  )[0];
  const pairPaths: SeedResult['pairPaths'] = [];
  for (const d of [
    { kind: 'kiosk' as const, name: 'Kiosk sảnh chính' },
    { kind: 'display' as const, name: 'Màn hình sảnh chờ' },
    { kind: 'pad' as const, name: 'Bảng đánh giá quầy 1', counterId: counter1?.id },
  ]) {
    const made = await store.write((tx) => createDevice(tx, result.first, d, now));
    if (made.ok) pairPaths.push({ kind: d.kind, name: d.name, path: `/pair/${made.value.pairToken}` });
  }
  for (const d of [
    { kind: 'kiosk' as const, name: 'Kiosk Ngọc Hà' },
    { kind: 'display' as const, name: 'Màn hình Ngọc Hà' },
  ]) {
    const made = await store.write((tx) => createDevice(tx, result.second, d, now));
    if (made.ok) pairPaths.push({ kind: d.kind, name: d.name, path: `/pair/${made.value.pairToken}` });
  }
  return {
    officeId: result.first,
    credentials: people.map((p) => ({ username: p.username, password: p.password, role: p.role })),
    pairPaths,
  };
}
