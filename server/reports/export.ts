// The report as tables with Vietnamese headers, written as CSV (UTF-8 with a BOM, so Excel
// shows the diacritics) or as an XLSX workbook (exceljs), one sheet per table.
import { csvCell, csvFile, csvRow } from '../csv';
import type { Group, Stats, Summary } from './stats';

type Cell = string | number | null;
export interface Table {
  /** Sheet name: at most 31 characters, none of : \ / ? * [ ]. */
  sheet: string;
  headers: string[];
  rows: Cell[][];
}

/** Minutes and ratios as shown in the exports: two decimals (the JSON keeps full precision). */
export const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);
const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 100);

const groupHeaders = [
  'Số lượt cấp',
  'Đã phục vụ',
  'Vắng mặt',
  'Đã hủy',
  'Chờ TB (phút)',
  'Chờ P50 (phút)',
  'Chờ P90 (phút)',
  'Phục vụ TB (phút)',
  'Phục vụ P50 (phút)',
  'Phục vụ P90 (phút)',
  'Tỷ lệ chờ trong mục tiêu (%)',
  'Số đánh giá',
  'Điểm hài lòng TB',
  'Chỉ số hài lòng (%)',
];

/** For a counter or an officer: the tickets they ended (served or no-show). */
const deskHeaders = ['Số lượt tiếp nhận', ...groupHeaders.slice(1)];

const summaryCells = (s: Summary): Cell[] => [round2(s.mean), round2(s.p50), round2(s.p90)];
const groupCells = (g: Group): Cell[] => [
  g.issued,
  g.served,
  g.noShow,
  g.cancelled,
  ...summaryCells(g.waitMinutes),
  ...summaryCells(g.serviceMinutes),
  pct(g.withinTarget),
  g.satisfaction.responses,
  round2(g.satisfaction.mean),
  pct(g.satisfaction.index),
];

export function reportTables(s: Stats, officeName: string): Table[] {
  return [
    {
      sheet: 'Tổng quan',
      headers: ['Chỉ tiêu', 'Giá trị'],
      rows: [
        ['Cơ quan', officeName],
        ['Từ ngày', s.from],
        ['Đến ngày', s.to],
        ['Số lượt cấp', s.tickets.issued],
        ['Đã phục vụ', s.tickets.served],
        ['Vắng mặt', s.tickets.noShow],
        ['Đã hủy', s.tickets.cancelled],
        ['Thời gian chờ trung bình (phút)', round2(s.waitMinutes.mean)],
        ['Thời gian chờ P50 (phút)', round2(s.waitMinutes.p50)],
        ['Thời gian chờ P90 (phút)', round2(s.waitMinutes.p90)],
        ['Thời gian phục vụ trung bình (phút)', round2(s.serviceMinutes.mean)],
        ['Thời gian phục vụ P50 (phút)', round2(s.serviceMinutes.p50)],
        ['Thời gian phục vụ P90 (phút)', round2(s.serviceMinutes.p90)],
        ['Mục tiêu thời gian chờ (phút)', s.targetWaitMinutes],
        ['Tỷ lệ phục vụ trong mục tiêu (%)', pct(s.servedWithinTarget)],
        ['Tỷ lệ vắng mặt (%)', pct(s.noShowRate)],
        ['Số đánh giá', s.satisfaction.responses],
        ['Điểm hài lòng trung bình', round2(s.satisfaction.mean)],
        ['Chỉ số hài lòng (%)', pct(s.satisfaction.index)],
        ['Chỗ hẹn trực tuyến: sức chứa', s.booking.capacity],
        ['Chỗ hẹn trực tuyến: đã đặt', s.booking.booked],
        ['Tỷ lệ sử dụng lịch hẹn (%)', pct(s.booking.use)],
        ['Tỷ lệ lịch hẹn vắng mặt (%)', pct(s.booking.noShowRate)],
        ['Sai số dự báo thời gian chờ TB (phút)', round2(s.etaAccuracy.overall.maeMinutes)],
        ['Độ lệch dự báo thời gian chờ TB (phút)', round2(s.etaAccuracy.overall.biasMinutes)],
        ['Thời gian chờ trong khoảng báo (%)', pct(s.etaAccuracy.overall.insideRange)],
        ['Cách tính phân vị', 'Nội suy tuyến tính (như PERCENTILE.INC của Excel)'],
      ],
    },
    {
      sheet: 'Theo dịch vụ',
      headers: ['Mã thủ tục', 'Dịch vụ', ...groupHeaders],
      rows: s.byService.map((g) => [g.code, g.name, ...groupCells(g)]),
    },
    {
      sheet: 'Theo quầy',
      headers: ['Quầy', 'Tên quầy', ...deskHeaders],
      rows: s.byCounter.map((g) => [g.number, g.name, ...groupCells(g)]),
    },
    {
      sheet: 'Theo cán bộ',
      headers: ['Cán bộ', ...deskHeaders],
      rows: s.byOfficer.map((g) => [g.name, ...groupCells(g)]),
    },
    {
      sheet: 'Theo ngày',
      headers: ['Ngày', ...groupHeaders],
      rows: s.byDay.map((g) => [g.day, ...groupCells(g)]),
    },
    {
      sheet: 'Theo giờ',
      headers: ['Giờ', 'Hoàn thành trong giờ', ...groupHeaders],
      rows: s.byHour.map((g) => [`${String(g.hour).padStart(2, '0')}:00`, g.finished, ...groupCells(g)]),
    },
    {
      sheet: 'Hài lòng theo thời gian chờ',
      headers: ['Thời gian chờ (phút)', 'Số đánh giá', 'Điểm hài lòng TB', 'Chỉ số hài lòng (%)'],
      rows: s.satisfactionByWaitBand.map((b) => [b.band, b.responses, round2(b.mean), pct(b.index)]),
    },
    {
      sheet: 'Độ chính xác dự báo',
      headers: ['Dịch vụ / giờ', 'Số lượt', 'Sai số tuyệt đối TB (phút)', 'Độ lệch TB (phút)', 'Trong khoảng báo (%)'],
      rows: [
        ...s.etaAccuracy.byService.map((x) => [x.name, ...accuracyCells(x)] as Cell[]),
        ...s.etaAccuracy.byHour.map((x) => [`${String(x.hour).padStart(2, '0')}:00`, ...accuracyCells(x)] as Cell[]),
        ['Tất cả', ...accuracyCells(s.etaAccuracy.overall)],
      ],
    },
  ];
}

/** One CSV file: each table under its title, separated by an empty line; CRLF as Excel writes. */
export function toCsv(tables: Table[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    if (lines.length) lines.push('');
    lines.push(csvCell(t.sheet));
    lines.push(csvRow(t.headers));
    for (const r of t.rows) lines.push(csvRow(r));
  }
  return csvFile(lines);
}

export async function toXlsx(tables: Table[]): Promise<Buffer> {
  // Loaded on the first export: exceljs is ~30 MB of a server that otherwise idles at ~120 MB.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Model reception office';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.headers).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.columns.forEach((col, i) => {
      const widest = Math.max(t.headers[i]?.length ?? 8, ...t.rows.map((r) => String(r[i] ?? '').length));
      col.width = Math.min(60, Math.max(10, widest + 2));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Tickets, mean absolute error, bias and the share inside the range shown. */
function accuracyCells(x: {
  tickets: number;
  maeMinutes: number | null;
  biasMinutes: number | null;
  insideRange: number | null;
}): Cell[] {
  return [x.tickets, round2(x.maeMinutes), round2(x.biasMinutes), pct(x.insideRange)];
}
