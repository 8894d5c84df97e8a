// The supervisor's staffing planner's words, Vietnamese first.
import { createT } from '../../web/i18n';

export const t = createT({
  heading: { vi: 'Kế hoạch bố trí quầy', en: 'Staffing plan' },
  advice: {
    vi: 'Chỉ là gợi ý: kế hoạch không thay đổi quầy nào đang hoạt động.',
    en: 'Advice only: the plan changes no counter of the live office.',
  },
  day: { vi: 'Ngày lập kế hoạch', en: 'Day to plan' },
  whatIf: { vi: 'Giả định', en: 'What if' },
  closeCounter: { vi: 'Đóng quầy', en: 'Close counter' },
  none: { vi: '(không)', en: '(none)' },
  fromHour: { vi: 'từ giờ', en: 'from hour' },
  arrivals: { vi: 'Lượng người đến (%)', en: 'Arrivals (%)' },
  service: { vi: 'Thời gian phục vụ của dịch vụ', en: 'Service time of' },
  minutes: { vi: 'Số phút mỗi lượt', en: 'Minutes each' },
  run: { vi: 'Lập kế hoạch', en: 'Make the plan' },
  running: { vi: 'Đang mô phỏng…', en: 'Simulating…' },
  target: { vi: 'Mục tiêu: 90% công dân chờ không quá {n} phút.', en: 'Target: 90% of residents wait at most {n} min.' },
  history: {
    vi: 'Dự báo từ {n} ngày cùng thứ của các tuần trước và {b} lịch hẹn đã đặt.',
    en: 'Forecast from {n} same weekdays of recent weeks and {b} bookings made.',
  },
  noHistory: {
    vi: 'Chưa có số liệu các tuần trước: dự báo chỉ gồm lịch hẹn đã đặt.',
    en: 'No history yet: the forecast holds only the bookings made.',
  },
  closed: { vi: 'Trung tâm không làm việc ngày này.', en: 'The centre is closed that day.' },
  hour: { vi: 'Giờ', en: 'Hour' },
  expected: { vi: 'Dự kiến đến', en: 'Expected' },
  counters: { vi: 'Số quầy', en: 'Counters' },
  which: { vi: 'Quầy mở', en: 'Open counters' },
  p90: { vi: 'Chờ P90 (phút)', en: 'P90 wait (min)' },
  idle: { vi: 'Thời gian rảnh', en: 'Idle' },
  erlang: { vi: 'Erlang C: P90 / số quầy cần', en: 'Erlang C: P90 / counters needed' },
  unstable: { vi: 'quá tải', en: 'overloaded' },
  differs: { vi: 'khác mô phỏng', en: 'differs' },
  unmet: {
    vi: 'Không đạt mục tiêu kể cả khi mở mọi quầy, lúc {hours}.',
    en: 'The target is not met even with every counter open, at {hours}.',
  },
  erlangNote: {
    vi: 'Erlang C coi mọi quầy như nhau và một hàng chờ duy nhất; mô phỏng tính cả ưu tiên, lịch hẹn và quầy chỉ phục vụ một số dịch vụ.',
    en: 'Erlang C treats every counter alike and one line; the simulation counts priority, bookings and counters that serve only some services.',
  },
  error: { vi: 'Không lập được kế hoạch: {m}', en: 'Could not make the plan: {m}' },
});
