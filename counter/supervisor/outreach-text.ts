// The supervisor's outreach tab's words, Vietnamese first.
import { createT } from '../../web/i18n';

export const t = createT({
  heading: { vi: 'Hỗ trợ lưu động', en: 'Outreach sessions' },
  schedule: { vi: 'Lên lịch buổi hỗ trợ', en: 'Schedule a session' },
  place: { vi: 'Địa điểm', en: 'Place' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  day: { vi: 'Ngày', en: 'Day' },
  from: { vi: 'Từ', en: 'From' },
  to: { vi: 'Đến', en: 'To' },
  capacity: { vi: 'Số người tối đa', en: 'Capacity' },
  procedures: { vi: 'Thủ tục hỗ trợ', en: 'Procedures offered' },
  save: { vi: 'Lên lịch', en: 'Schedule' },
  saved: { vi: 'Đã lên lịch.', en: 'Scheduled.' },
  upcoming: { vi: 'Các buổi sắp tới', en: 'Upcoming sessions' },
  none: { vi: 'Chưa có buổi nào.', en: 'None yet.' },
  left: { vi: 'còn {n}/{c} chỗ', en: '{n} of {c} places left' },
  open: { vi: 'Mở chế độ lưu động', en: 'Open outreach mode' },
  report: { vi: 'Kết quả 30 ngày qua', en: 'The last 30 days' },
  held: { vi: 'Buổi đã tổ chức', en: 'Sessions held' },
  helped: { vi: 'Người được hỗ trợ', en: 'Residents helped' },
  filed: { vi: 'Hồ sơ nộp trực tuyến với hỗ trợ', en: 'Online filings with help' },
  eid: { vi: 'Tài khoản định danh điện tử', en: 'Electronic IDs set up' },
  satisfaction: { vi: 'Chỉ số hài lòng', en: 'Satisfaction index' },
  assisted: {
    vi: 'Tại trung tâm: hỗ trợ nộp trực tuyến / lượt phục vụ',
    en: 'At the centre: assisted online filings / visits served',
  },
});
