import { createT } from '../../web/i18n';

export const t = createT({
  title: { vi: 'Thống kê mở về phục vụ người dân', en: 'Open statistics on public service' },
  intro: {
    vi: 'Số liệu tổng hợp theo từng trung tâm và từng ngày đã kết thúc: số lượt, thời gian chờ, mức độ hài lòng, hồ sơ đúng hạn. Không có dữ liệu cá nhân.',
    en: 'Figures per centre and ended day: visits, waits, satisfaction, dossiers on time. No personal data.',
  },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  csv: { vi: 'Tải CSV', en: 'Download CSV' },
  json: { vi: 'Dữ liệu JSON', en: 'JSON data' },
  empty: { vi: 'Chưa có số liệu cho khoảng ngày này.', en: 'No figures for these days yet.' },
  chart: {
    vi: 'Biểu đồ lượt phục vụ mỗi ngày và thời gian chờ P90 của {name}',
    en: 'Visits served per day and 90th percentile wait at {name}',
  },
  legend: {
    vi: 'Cột: lượt đã phục vụ mỗi ngày. Đường: thời gian chờ phân vị 90.',
    en: 'Bars: visits served per day. Line: 90th percentile wait.',
  },
  columns: { vi: 'Ý nghĩa các cột', en: 'What each column means' },
  privacy: {
    vi: 'Chỉ số hài lòng để trống khi một ngày có dưới 5 lượt đánh giá, để không thể nhận ra đánh giá của một người.',
    en: 'The satisfaction index is blank on a day with fewer than 5 ratings, so no one person’s rating can be singled out.',
  },
  city: { vi: 'Các trung tâm trong thành phố', en: 'The centres of the city' },
});
