import { createT } from '../../web/i18n';

export const t = createT({
  title: { vi: 'So sánh các trung tâm', en: 'Centres side by side' },
  intro: {
    vi: 'Tất cả trung tâm trong kỳ đã chọn, trung tâm kém nhất trước (theo chỉ số hài lòng, rồi tỷ lệ được phục vụ trong thời gian chờ mục tiêu), so với kỳ trước liền kề.',
    en: 'Every centre over the chosen period, worst first (by satisfaction, then the share served within the target wait), against the period before.',
  },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  show: { vi: 'Xem', en: 'Show' },
  csv: { vi: 'Tải CSV', en: 'Download CSV' },
  xlsx: { vi: 'Tải Excel (XLSX)', en: 'Download Excel (XLSX)' },
  centre: { vi: 'Trung tâm', en: 'Centre' },
  served: { vi: 'Đã phục vụ', en: 'Served' },
  satisfaction: { vi: 'Chỉ số hài lòng', en: 'Satisfaction index' },
  waitP90: { vi: 'Chờ P90 (phút)', en: 'Wait P90 (min)' },
  withinTarget: { vi: 'Trong thời gian mục tiêu', en: 'Within target wait' },
  noShows: { vi: 'Không có mặt', en: 'No-shows' },
  onTime: { vi: 'Hồ sơ đúng hạn', en: 'Dossiers on time' },
  feedbackLate: { vi: 'Phản ánh trả lời muộn', en: 'Feedback answered late' },
  factors: { vi: 'Các yếu tố SIPAS', en: 'SIPAS factors' },
  change: { vi: 'so với kỳ trước', en: 'vs previous period' },
  drill: { vi: 'Chi tiết trung tâm', en: 'Centre details' },
  city: { vi: 'Toàn thành phố', en: 'Whole city' },
  chartTitle: {
    vi: 'Chỉ số hài lòng và thời gian chờ P90 theo trung tâm',
    en: 'Satisfaction and 90th percentile wait by centre',
  },
  signInNeeded: {
    vi: 'Cần đăng nhập bằng tài khoản lãnh đạo hoặc quản trị.',
    en: 'Sign in as a city leader or an administrator.',
  },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  notAllowed: {
    vi: 'Màn hình này dành cho lãnh đạo thành phố và quản trị toàn hệ thống.',
    en: 'This screen is for the city’s leaders and system-wide administrators.',
  },
  language: { vi: 'English', en: 'Tiếng Việt' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  back: { vi: 'Về màn hình quầy', en: 'Back to the counter' },
  none: { vi: '—', en: '—' },
});
