import { createT } from '../../web/i18n';

export const t = createT({
  title: { vi: 'Theo dõi hồ sơ', en: 'Your dossier' },
  notFound: { vi: 'Không tìm thấy hồ sơ này.', en: 'This dossier was not found.' },
  code: { vi: 'Mã hồ sơ', en: 'Dossier code' },
  state_received: { vi: 'Đã tiếp nhận', en: 'Received' },
  state_processing: { vi: 'Đang giải quyết', en: 'Being processed' },
  state_supplement_requested: { vi: 'Cần bổ sung giấy tờ', en: 'More papers needed' },
  state_result_ready: { vi: 'Đã có kết quả', en: 'The result is ready' },
  state_returned: { vi: 'Đã trả kết quả', en: 'Result collected' },
  state_refused: { vi: 'Không tiếp nhận', en: 'Refused' },
  state_withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
  readyHow: {
    vi: 'Mang giấy tiếp nhận (hoặc mã hồ sơ) đến máy lấy số của trung tâm để lấy số nhận kết quả.',
    en: 'Bring the receipt (or the dossier code) to the centre’s kiosk to get a number for the result.',
  },
  papersAsked: { vi: 'Giấy tờ cần bổ sung:', en: 'Papers to add:' },
  clockStopped: {
    vi: 'Thời hạn giải quyết tạm dừng cho đến khi bạn nộp bổ sung; ngày hẹn sẽ được tính lại.',
    en: 'The time limit is paused until you bring them; the date will be recomputed.',
  },
  received: { vi: 'Ngày tiếp nhận', en: 'Received on' },
  due: { vi: 'Ngày hẹn trả kết quả', en: 'Result promised for' },
  late: { vi: '(đã quá hạn)', en: '(overdue)' },
  newDue: { vi: 'Ngày hẹn mới', en: 'New promised date' },
  readyAt: { vi: 'Có kết quả lúc', en: 'Result ready at' },
  apologies: { vi: 'Thư xin lỗi của cơ quan', en: 'Apology from the office' },
  apologyText: {
    vi: 'Cơ quan xin lỗi vì không trả được kết quả đúng hẹn và hẹn lại ngày {date}.',
    en: 'The office apologises that the result cannot be ready on the promised date, and promises it for {date}.',
  },
  reason: { vi: 'Lý do', en: 'Reason' },
  heldBy: { vi: 'Đang xử lý tại', en: 'Now with' },
  live: { vi: 'Tự động cập nhật', en: 'Updates by itself' },
  offline: { vi: 'Đang kết nối lại…', en: 'Reconnecting…' },
  lookupTitle: { vi: 'Tra cứu hồ sơ', en: 'Find your dossier' },
  lookupIntro: {
    vi: 'Mất giấy tiếp nhận? Nhập mã hồ sơ và 4 số cuối của số điện thoại đã khai khi nộp hồ sơ.',
    en: 'Lost the receipt? Enter the dossier code and the last 4 digits of the phone given when you filed it.',
  },
  lookupCode: { vi: 'Mã hồ sơ', en: 'Dossier code' },
  lookupCodeHint: {
    vi: 'Ví dụ: HS001-261203-0001 (in trên giấy tiếp nhận)',
    en: 'For example: HS001-261203-0001 (printed on the receipt)',
  },
  lookupPhone: { vi: '4 số cuối số điện thoại', en: 'Last 4 digits of the phone' },
  lookupGo: { vi: 'Tra cứu', en: 'Find it' },
  lookupNotFound: {
    vi: 'Không tìm thấy hồ sơ với mã và số điện thoại này. Hãy kiểm tra lại.',
    en: 'No dossier matches this code and phone. Please check them.',
  },
  lookupLimited: {
    vi: 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {n} giây.',
    en: 'Too many tries. Please try again in {n} seconds.',
  },
  lookupFailed: { vi: 'Không tra cứu được lúc này. Vui lòng thử lại.', en: 'The lookup failed. Please try again.' },
  lookupAgain: { vi: 'Tra cứu hồ sơ khác', en: 'Find another dossier' },
});
