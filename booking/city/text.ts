import { createT } from '../../web/i18n';

export const t = createT({
  title: { vi: 'Các trung tâm phục vụ hành chính công', en: 'Public administration service centres' },
  intro: {
    vi: 'Nộp hồ sơ tại bất kỳ trung tâm nào trong thành phố. Số người đang chờ và thời gian chờ dự kiến được cập nhật trực tiếp.',
    en: 'You may file at any centre of the city. People waiting and estimated waits update live.',
  },
  procedure: { vi: 'Thủ tục cần làm', en: 'Procedure' },
  anyProcedure: { vi: 'Tất cả thủ tục', en: 'All procedures' },
  sortBy: { vi: 'Sắp xếp', en: 'Sort by' },
  sortWait: { vi: 'Chờ ít nhất', en: 'Shortest wait' },
  sortDistance: { vi: 'Gần tôi nhất', en: 'Nearest to me' },
  locating: { vi: 'Đang xác định vị trí…', en: 'Finding your location…' },
  noLocation: {
    vi: 'Không lấy được vị trí của bạn; đang sắp xếp theo thời gian chờ.',
    en: 'Your location is not available; sorted by waiting time.',
  },
  open: { vi: 'Đang mở cửa', en: 'Open now' },
  closed: { vi: 'Đang đóng cửa', en: 'Closed now' },
  closedToday: { vi: 'Hôm nay nghỉ', en: 'Closed today' },
  hoursToday: { vi: 'Giờ làm việc hôm nay', en: "Today's hours" },
  waiting: { vi: 'Đang chờ', en: 'Waiting' },
  people: { vi: '{n} người', en: '{n} people' },
  eta: { vi: 'Chờ khoảng {n} phút', en: 'About {n} min wait' },
  notOffered: { vi: 'Trung tâm này không làm thủ tục này', en: 'This centre does not offer this procedure' },
  distance: { vi: 'cách {km} km', en: '{km} km away' },
  book: { vi: 'Đặt lịch tại đây', en: 'Book here' },
  walkIn: { vi: 'Lấy số trực tiếp tại máy lấy số của trung tâm.', en: 'Walk-in numbers are taken at the centre’s kiosk.' },
  live: { vi: 'Trực tiếp', en: 'Live' },
  offline: { vi: 'Mất kết nối, đang thử lại…', en: 'Offline, retrying…' },
  openData: { vi: 'Thống kê mở', en: 'Open statistics' },
  centres: { vi: '{n} trung tâm', en: '{n} centres' },
});
