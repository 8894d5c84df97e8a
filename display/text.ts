// The lobby display's words, Vietnamese first. The spoken announcement is always Vietnamese
// (web/voice/); this is only what the screen says.
import { createT } from '../web/i18n';

export const t = createT({
  title: { vi: 'Màn hình gọi số', en: 'Queue display' },
  nowCalling: { vi: 'Kính mời công dân', en: 'Now calling' },
  ticket: { vi: 'Số thứ tự', en: 'Number' },
  counter: { vi: 'Quầy', en: 'Counter' },
  counterN: { vi: 'Quầy {n}', en: 'Counter {n}' },
  toCounter: { vi: 'mời đến quầy {n}', en: 'please go to counter {n}' },
  recall: { vi: 'Gọi lại', en: 'Repeat' },
  earlier: { vi: 'Số đã gọi', en: 'Called earlier' },
  noCalls: { vi: 'Chưa có số nào được mời. Xin vui lòng chờ.', en: 'No numbers called yet. Please wait.' },
  waitingTitle: { vi: 'Đang chờ theo dịch vụ', en: 'Waiting by service' },
  waitingCol: { vi: 'Đang chờ', en: 'Waiting' },
  etaCol: { vi: 'Chờ khoảng', en: 'Est. wait' },
  serviceCol: { vi: 'Dịch vụ', en: 'Service' },
  people: { vi: '{n} người', en: '{n}' },
  minutes: { vi: '~{n} phút', en: '~{n} min' },
  range: { vi: '{low}–{high} phút', en: '{low}–{high} min' },
  pageOf: { vi: '(trang {page}/{pages})', en: '(page {page}/{pages})' },
  noWait: { vi: 'Không phải chờ', en: 'No wait' },
  offline: { vi: 'Mất kết nối', en: 'Offline' },
  offlineLong: { vi: 'Mất kết nối – đang kết nối lại…', en: 'Offline – reconnecting…' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  officeMissing: {
    vi: 'Không tìm thấy trung tâm (kiểm tra tham số office).',
    en: 'Office not found (check the office parameter).',
  },
  enableAudio: { vi: 'Bật âm thanh', en: 'Enable sound' },
  audioBlocked: { vi: 'Trình duyệt đang chặn âm thanh: bấm để bật.', en: 'The browser is blocking sound: press to enable.' },
  mute: { vi: 'Tắt tiếng', en: 'Mute' },
  unmute: { vi: 'Bật tiếng', en: 'Unmute' },
  volume: { vi: 'Âm lượng', en: 'Volume' },
  zone: { vi: 'Khu vực quầy {list}', en: 'Counters {list}' },
});
