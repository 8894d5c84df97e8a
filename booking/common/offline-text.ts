import { createT } from '../../web/i18n';

export const t = createT({
  offline: { vi: 'Bạn đang ngoại tuyến.', en: 'You are offline.' },
  savedAt: {
    vi: 'Thông tin dưới đây là bản đã lưu lúc {time}, {date}; có thể đã thay đổi.',
    en: 'What you see was saved at {time}, {date}; it may have changed since.',
  },
  noCopy: { vi: 'Không gửi được yêu cầu cho đến khi có mạng trở lại.', en: 'Nothing can be sent until the network is back.' },
});
