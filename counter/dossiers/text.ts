// The dossier screens' words (receiving at the counter, the printed forms, the office's list),
// Vietnamese first. The forms follow the one-stop rules' templates (Circular 01/2018/TT-VPCP,
// carried on by Decree 118/2025 and Circular 03/2025/TT-VPCP).
import { createT, lang } from '../../web/i18n';

export const t = createT({
  // receiving
  receive: { vi: 'Nhận hồ sơ', en: 'Receive dossier' },
  receiveTitle: { vi: 'Nhận hồ sơ – số {number}', en: 'Receive a dossier – ticket {number}' },
  receiveNoTicket: {
    vi: 'Chưa có số nào đang được phục vụ tại quầy này.',
    en: 'No ticket is being served at this counter.',
  },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  applicantName: { vi: 'Họ và tên người nộp', en: 'Applicant’s full name' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  fromBooking: { vi: 'Lấy từ lịch hẹn của công dân.', en: 'Taken from the resident’s booking.' },
  papersReceived: { vi: 'Giấy tờ đã nhận', en: 'Papers received' },
  papersNone: { vi: 'Thủ tục này chưa có danh mục giấy tờ.', en: 'This procedure has no list of papers.' },
  otherPapers: { vi: 'Giấy tờ khác (mỗi dòng một loại)', en: 'Other papers (one per line)' },
  outcome: { vi: 'Kết quả tiếp nhận', en: 'Outcome' },
  outcome_received: { vi: 'Tiếp nhận (mẫu 01)', en: 'Receive (form 01)' },
  outcome_supplement_requested: { vi: 'Yêu cầu bổ sung (mẫu 02)', en: 'Ask for more papers (form 02)' },
  outcome_refused: { vi: 'Từ chối tiếp nhận (mẫu 03)', en: 'Refuse (form 03)' },
  missingPapers: { vi: 'Giấy tờ còn thiếu', en: 'Papers missing' },
  reasonSupplement: { vi: 'Nội dung yêu cầu bổ sung', en: 'What must be added, and why' },
  reasonRefused: { vi: 'Lý do từ chối', en: 'Reason for refusing' },
  note: { vi: 'Ghi chú trên giấy hẹn (không bắt buộc)', en: 'Note on the receipt (optional)' },
  noteShort: { vi: 'Ghi chú', en: 'Note' },
  dueIfNow: {
    vi: 'Hẹn trả kết quả: {date} ({days} ngày làm việc)',
    en: 'Result promised for {date} ({days} working days)',
  },
  promisedOn: { vi: 'Hẹn trả kết quả: {date}', en: 'Result promised for {date}' },
  dueSameDay: { vi: 'Hẹn trả kết quả: {date} (trong ngày)', en: 'Result promised for {date} (same day)' },
  submit_received: { vi: 'Tiếp nhận hồ sơ', en: 'Receive the dossier' },
  submit_supplement_requested: { vi: 'Ghi yêu cầu bổ sung', en: 'Record the request' },
  submit_refused: { vi: 'Ghi từ chối', en: 'Record the refusal' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  close: { vi: 'Đóng', en: 'Close' },
  needName: { vi: 'Hãy nhập họ và tên người nộp.', en: 'Enter the applicant’s name.' },
  needPhone: { vi: 'Hãy nhập số điện thoại (8–15 chữ số).', en: 'Enter a phone number (8–15 digits).' },
  needReason: { vi: 'Hãy nhập lý do.', en: 'Enter the reason.' },
  doneReceived: { vi: 'Đã tiếp nhận hồ sơ {code}.', en: 'Dossier {code} received.' },
  doneSupplement: { vi: 'Đã ghi yêu cầu bổ sung cho hồ sơ {code}.', en: 'Request for papers recorded on dossier {code}.' },
  doneRefused: { vi: 'Đã ghi từ chối hồ sơ {code}.', en: 'Refusal of dossier {code} recorded.' },
  printA5: { vi: 'In giấy hẹn (A5)', en: 'Print the receipt (A5)' },
  print80: { vi: 'In giấy hẹn (khổ 80 mm)', en: 'Print the receipt (80 mm)' },
  printForm02: { vi: 'In phiếu yêu cầu bổ sung (mẫu 02)', en: 'Print the request (form 02)' },
  printForm03: { vi: 'In phiếu từ chối (mẫu 03)', en: 'Print the refusal (form 03)' },
  printForm04: { vi: 'In thư xin lỗi (mẫu 04)', en: 'Print the apology (form 04)' },
  printForm05: { vi: 'In phiếu kiểm soát (mẫu 05)', en: 'Print the control sheet (form 05)' },
  opensNewWindow: { vi: '(mở cửa sổ mới)', en: '(opens a new window)' },
  // states
  state_received: { vi: 'Đã tiếp nhận', en: 'Received' },
  state_processing: { vi: 'Đang giải quyết', en: 'Processing' },
  state_supplement_requested: { vi: 'Chờ bổ sung', en: 'Awaiting papers' },
  state_result_ready: { vi: 'Có kết quả', en: 'Result ready' },
  state_returned: { vi: 'Đã trả kết quả', en: 'Returned' },
  state_refused: { vi: 'Từ chối', en: 'Refused' },
  state_withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
  // printed forms
  nation: { vi: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', en: 'SOCIALIST REPUBLIC OF VIET NAM' },
  motto: { vi: 'Độc lập - Tự do - Hạnh phúc', en: 'Independence - Freedom - Happiness' },
  form01Title: { vi: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', en: 'DOSSIER RECEIPT AND RESULT APPOINTMENT' },
  form02Title: { vi: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', en: 'REQUEST TO COMPLETE THE DOSSIER' },
  form03Title: { vi: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', en: 'REFUSAL TO RECEIVE THE DOSSIER' },
  form04Title: { vi: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', en: 'APOLOGY AND NEW RESULT DATE' },
  form05Title: { vi: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', en: 'DOSSIER PROCESS CONTROL SHEET' },
  formNo: { vi: 'Mẫu số {n}', en: 'Form {n}' },
  dossierCode: { vi: 'Mã hồ sơ', en: 'Dossier code' },
  centre: { vi: 'Đơn vị tiếp nhận', en: 'Receiving centre' },
  applicant: { vi: 'Người nộp', en: 'Applicant' },
  receivedAt: { vi: 'Thời gian tiếp nhận', en: 'Received at' },
  dueAt: { vi: 'Hẹn trả kết quả', en: 'Result promised for' },
  newDueAt: { vi: 'Ngày hẹn mới', en: 'New promised date' },
  originalDueAt: { vi: 'Ngày hẹn cũ', en: 'Original date' },
  papersCol: { vi: 'Giấy tờ', en: 'Paper' },
  noPapers: { vi: '(không có)', en: '(none)' },
  returnAt: { vi: 'Nơi trả kết quả', en: 'Where the result is returned' },
  returnAtText: {
    vi: 'Bộ phận trả kết quả của trung tâm (lấy số tại máy lấy số bằng mã QR trên giấy này).',
    en: 'The centre’s result desk (take a number at the kiosk with the QR on this paper).',
  },
  followQr: {
    vi: 'Quét mã QR để theo dõi hồ sơ, hoặc tra cứu tại {url} bằng mã hồ sơ và 4 số cuối điện thoại.',
    en: 'Scan the QR to follow the dossier, or look it up at {url} with the code and the phone’s last 4 digits.',
  },
  officerSign: { vi: 'Người tiếp nhận', en: 'Received by' },
  applicantSign: { vi: 'Người nộp hồ sơ', en: 'Applicant' },
  signHint: { vi: '(Ký, ghi rõ họ tên)', en: '(Signature and full name)' },
  request02: {
    vi: 'Sau khi xem xét, hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện như sau:',
    en: 'Having examined it, your dossier needs to be completed as follows:',
  },
  refusal03: {
    vi: 'Hồ sơ của Ông/Bà không đủ điều kiện để tiếp nhận giải quyết vì lý do sau:',
    en: 'Your dossier cannot be accepted for the following reason:',
  },
  apology04: {
    vi: 'Cơ quan giải quyết thành thật xin lỗi Ông/Bà vì chưa trả được kết quả đúng hẹn, và hẹn lại ngày trả kết quả như sau.',
    en: 'The office sincerely apologises that the result could not be returned on the promised date, and sets a new date as follows.',
  },
  reason: { vi: 'Lý do', en: 'Reason' },
  contact: { vi: 'Cán bộ hướng dẫn', en: 'Officer to contact' },
  signer: { vi: 'Thủ trưởng cơ quan', en: 'Head of the office' },
  unitAtFault: { vi: 'Cơ quan, đơn vị', en: 'Unit' },
  step: { vi: 'Bước', en: 'Step' },
  stepWhen: { vi: 'Thời gian', en: 'When' },
  stepWho: { vi: 'Người thực hiện', en: 'By' },
  stepUnit: { vi: 'Đơn vị', en: 'Unit' },
  stepWhat: { vi: 'Nội dung', en: 'What' },
  handoffTo: { vi: 'Chuyển đến {unit}', en: 'Handed to {unit}' },
  moveTo: { vi: '{from} → {to}', en: '{from} → {to}' },
  atReception: { vi: 'Bộ phận tiếp nhận', en: 'Reception' },
  printNow: { vi: 'In', en: 'Print' },
  paper: { vi: 'Khổ giấy', en: 'Paper size' },
  notFound: { vi: 'Không tìm thấy hồ sơ này.', en: 'This dossier was not found.' },
  noSuchForm: { vi: 'Hồ sơ này chưa có mẫu này.', en: 'This dossier has no such form yet.' },
  signInNeeded: { vi: 'Hãy đăng nhập tại quầy trước.', en: 'Sign in at the counter first.' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
});

/** An office-local date and time for a form: "14:05 ngày 03/12/2026". */
export function formDateTime(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const d = new Date(iso);
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone, ...o }).format(d);
  const time = part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = part({ day: '2-digit', month: '2-digit', year: 'numeric' });
  return lang() === 'vi' ? `${time} ngày ${date}` : `${time} on ${date}`;
}

/** A weekday and date for the receive form's due date: "thứ Hai, 14/12/2026 17:00". */
export function dueText(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** The print view of one of a dossier's forms, in a new window. */
export function printUrl(id: number, form: '01' | '02' | '03' | '04' | '05', paper: 'a4' | 'a5' | '80mm' = 'a5'): string {
  return `/counter/print/dossier/${id}?form=${form}&paper=${paper}&lang=${lang()}`;
}
