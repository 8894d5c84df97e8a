// Every expected failure has a stable code, an HTTP status and a message in Vietnamese and
// English. Features return `Failure`s; routes turn them into the one error shape of the contract:
// { error: { code, message } }, in the client's language (Vietnamese unless it prefers English).
import type { Context } from 'hono';

type Status = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503;

/**
 * The one catalogue: every code the API answers with, its status and its Vietnamese and English
 * messages. `ErrorCode` is its keys, so a misspelt code does not compile.
 */
const catalogue = {
  // The HTTP edge, sign-in, tickets and counters.
  VALIDATION_FAILED: [400, 'Dữ liệu gửi lên không hợp lệ.', 'The request is not valid.'],
  MALFORMED_JSON: [400, 'Nội dung gửi lên không phải JSON hợp lệ.', 'The body is not valid JSON.'],
  REASON_REQUIRED: [400, 'Cần nhập lý do.', 'A reason is required.'],
  UNKNOWN_PRIORITY: [400, 'Loại ưu tiên không hợp lệ.', 'Unknown priority category.'],
  UNKNOWN_SERVICE: [400, 'Dịch vụ không tồn tại ở cơ quan này.', 'No such service at this office.'],
  UNKNOWN_COUNTER: [400, 'Quầy không tồn tại ở cơ quan này.', 'No such counter at this office.'],
  BAD_CREDENTIALS: [401, 'Sai tên đăng nhập hoặc mật khẩu.', 'Wrong username or password.'],
  UNAUTHENTICATED: [401, 'Cần đăng nhập.', 'Please sign in.'],
  FORBIDDEN: [403, 'Bạn không có quyền thực hiện thao tác này.', 'You are not allowed to do this.'],
  CSRF_REJECTED: [403, 'Yêu cầu không xuất phát từ trang của hệ thống.', 'The request did not come from this site.'],
  NOT_AT_COUNTER: [403, 'Quầy này đang do cán bộ khác phụ trách.', 'Another officer is at this counter.'],
  NOT_FOUND: [404, 'Không tìm thấy.', 'Not found.'],
  OFFICE_NOT_FOUND: [404, 'Không tìm thấy cơ quan.', 'No such office.'],
  SERVICE_NOT_FOUND: [404, 'Không tìm thấy dịch vụ.', 'No such service.'],
  COUNTER_NOT_FOUND: [404, 'Không tìm thấy quầy.', 'No such counter.'],
  TICKET_NOT_FOUND: [404, 'Không tìm thấy số thứ tự.', 'No such ticket.'],
  PAIR_LINK_INVALID: [404, 'Liên kết ghép nối không hợp lệ hoặc đã được dùng.', 'This pairing link is invalid or already used.'],
  QUEUE_EMPTY: [404, 'Không còn ai đang chờ.', 'Nobody is waiting.'],
  COUNTER_CLOSED: [409, 'Quầy chưa mở.', 'The counter is not open.'],
  COUNTER_PAUSED: [409, 'Quầy đang tạm nghỉ.', 'The counter is paused.'],
  COUNTER_IN_USE: [409, 'Quầy đang do cán bộ khác phụ trách.', 'Another officer has this counter open.'],
  ALREADY_AT_COUNTER: [409, 'Bạn đang mở một quầy khác.', 'You already have another counter open.'],
  TICKET_IN_PROGRESS: [
    409,
    'Quầy đang có công dân được gọi hoặc đang phục vụ.',
    'The counter already has a ticket called or in service.',
  ],
  NO_CURRENT_TICKET: [409, 'Quầy chưa gọi số nào.', 'The counter has no current ticket.'],
  TICKETS_ON_HOLD: [409, 'Quầy còn hồ sơ đang tạm giữ.', 'The counter still holds tickets on hold.'],
  RECALL_LIMIT: [409, 'Đã gọi đủ 3 lần.', 'This ticket has been called 3 times already.'],
  ILLEGAL_TRANSITION: [
    409,
    'Không thể thực hiện thao tác này ở trạng thái hiện tại.',
    'This is not possible in the ticket’s current state.',
  ],
  NOT_SERVED_HERE: [409, 'Quầy này không phục vụ số thứ tự đó.', 'This counter does not serve that ticket.'],
  TARGET_COUNTER_CLOSED: [409, 'Quầy nhận chuyển đang đóng.', 'The counter to transfer to is closed.'],
  SAME_TARGET: [409, 'Số thứ tự đã ở đúng nơi đó.', 'The ticket is already there.'],
  RATE_LIMITED: [429, 'Quá nhiều yêu cầu, vui lòng thử lại sau.', 'Too many requests; please try again later.'],
  // Answered by the city's load balancer in a rush (deploy/haproxy.cfg), never by a process.
  BOOKING_BUSY: [
    429,
    'Hệ thống đặt lịch đang quá tải, vui lòng thử lại sau ít giây.',
    'Booking is very busy right now; please try again in a few seconds.',
  ],
  PAYLOAD_TOO_LARGE: [413, 'Nội dung gửi lên quá lớn.', 'The request body is too large.'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Nội dung phải là JSON.', 'The body must be JSON.'],
  INTERNAL: [500, 'Đã có lỗi hệ thống.', 'Something went wrong on our side.'],
  NOT_READY: [503, 'Hệ thống chưa sẵn sàng.', 'Not ready.'],
  BUSY: [503, 'Hệ thống đang bận, vui lòng thử lại sau giây lát.', 'The system is busy; please try again in a moment.'],
  // The database cannot take writes now (a failover, a full disk, read-only maintenance):
  // nothing was written, so the client may try again later.
  STORAGE_UNAVAILABLE: [
    503,
    'Hệ thống lưu trữ tạm thời không ghi được dữ liệu, vui lòng thử lại sau.',
    'The storage cannot take writes right now; please try again later.',
  ],

  // Dossiers (server/dossiers).
  DOSSIER_NOT_FOUND: [404, 'Không tìm thấy hồ sơ.', 'No such dossier.'],
  INVALID_TRANSITION: [
    409,
    'Hồ sơ ở trạng thái này không chuyển sang trạng thái đó được.',
    'A dossier in this state cannot move to that one.',
  ],
  DOSSIER_RESOLVED: [409, 'Hồ sơ đã có kết quả hoặc đã kết thúc.', 'The dossier already has its result or has ended.'],
  RESULT_NOT_READY: [409, 'Hồ sơ chưa có kết quả.', 'The result of this dossier is not ready yet.'],
  APOLOGY_ALREADY_GIVEN: [
    409,
    'Hồ sơ này đã có thư xin lỗi và ngày hẹn mới; ngày hẹn chỉ được hẹn lại một lần.',
    'This dossier already has its apology and new date; the date may be moved only once.',
  ],
  APOLOGY_DATE_NOT_LATER: [
    400,
    'Ngày hẹn mới phải sau ngày hẹn trả hiện tại.',
    'The new date must be after the currently promised one.',
  ],
  UNIT_NOT_FOUND: [404, 'Không tìm thấy đơn vị xử lý ở cơ quan này.', 'No such unit at this office.'],
  UNIT_NAME_TAKEN: [409, 'Cơ quan đã có đơn vị cùng tên.', 'The office already has a unit with that name.'],
  SAME_UNIT: [409, 'Hồ sơ đang ở đơn vị này.', 'The dossier is already with that unit.'],
  // Administration (server/admin).
  UNKNOWN_TIMEZONE: [400, 'Múi giờ không hợp lệ.', 'Unknown time zone.'],
  INVALID_HOURS: [
    400,
    'Giờ làm việc không hợp lệ: giờ mở phải trước giờ đóng và các buổi trong ngày không được chồng nhau.',
    'Invalid opening hours: each session must open before it closes and sessions of a day must not overlap.',
  ],
  INVALID_SETTINGS: [400, 'Cấu hình không hợp lệ.', 'Invalid settings.'],
  DUPLICATE_PRIORITY_CODE: [400, 'Mã đối tượng ưu tiên bị trùng.', 'Duplicate priority category code.'],
  INVALID_PREFIX: [400, 'Ký hiệu số phải là 1–2 chữ cái in hoa.', 'The prefix must be one or two capital letters.'],
  UNKNOWN_SECTOR: [400, 'Lĩnh vực không tồn tại ở cơ quan này.', 'No such sector at this office.'],
  DUPLICATE_SERVICE_IDS: [400, 'Danh sách dịch vụ của quầy bị trùng.', 'A service is listed twice for the counter.'],
  WEAK_PASSWORD: [400, 'Mật khẩu phải có ít nhất 8 ký tự.', 'The password must have at least 8 characters.'],
  INVALID_USERNAME: [
    400,
    'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch nối, gạch dưới.',
    'A username has 3–40 characters: lower-case letters, digits, dot, hyphen, underscore.',
  ],
  OFFICE_REQUIRED: [400, 'Cán bộ và giám sát viên phải thuộc một cơ quan.', 'Officers and supervisors must belong to an office.'],
  CITY_WITHOUT_OFFICE: [
    400,
    'Lãnh đạo thành phố xem mọi cơ quan, không thuộc riêng cơ quan nào.',
    'A city leader sees every office and belongs to none.',
  ],
  COUNTER_REQUIRED: [400, 'Bảng đánh giá cần gắn với một quầy.', 'A rating pad needs a counter.'],
  SECTOR_NOT_FOUND: [404, 'Không tìm thấy lĩnh vực.', 'No such sector.'],
  STAFF_NOT_FOUND: [404, 'Không tìm thấy cán bộ.', 'No such staff member.'],
  DEVICE_NOT_FOUND: [404, 'Không tìm thấy thiết bị.', 'No such device.'],
  HOLIDAY_NOT_FOUND: [404, 'Không tìm thấy ngày nghỉ.', 'No such holiday.'],
  DUPLICATE_PREFIX: [409, 'Ký hiệu số này đã được dịch vụ khác sử dụng.', 'Another service already uses this prefix.'],
  DUPLICATE_COUNTER_NUMBER: [409, 'Số quầy này đã tồn tại.', 'A counter with this number already exists.'],
  DUPLICATE_USERNAME: [409, 'Tên đăng nhập đã tồn tại.', 'This username is taken.'],
  HOLIDAY_EXISTS: [409, 'Ngày này đã là ngày nghỉ.', 'This day is already a holiday.'],
  SECTOR_IN_USE: [409, 'Lĩnh vực còn dịch vụ, không thể xoá.', 'The sector still has services; it cannot be deleted.'],
  SERVICE_HAS_TICKETS: [
    409,
    'Dịch vụ còn số đang chờ hoặc đang phục vụ; hãy ngừng hoạt động dịch vụ thay vì xoá.',
    'The service has tickets waiting or in service; deactivate it instead of deleting it.',
  ],
  SERVICE_IN_USE: [
    409,
    'Dịch vụ đã có lịch sử số thứ tự hoặc lịch hẹn; hãy ngừng hoạt động thay vì xoá.',
    'The service has ticket or booking history; deactivate it instead of deleting it.',
  ],
  COUNTER_OPEN: [409, 'Quầy đang mở; hãy đóng quầy trước.', 'The counter is open; close it first.'],
  COUNTER_HAS_HISTORY: [
    409,
    'Quầy đã có lịch sử phục vụ hoặc thiết bị gắn kèm, không thể xoá.',
    'The counter has service history or devices attached; it cannot be deleted.',
  ],
  SELF_CHANGE: [
    409,
    'Không thể tự đổi vai trò, cơ quan hoặc tự khoá tài khoản của mình.',
    'You cannot change your own role or office, or disable your own account.',
  ],
  DEVICE_REVOKED: [409, 'Thiết bị đã bị thu hồi.', 'The device has been revoked.'],

  // Booking and check-in (server/booking).
  INVALID_PHONE: [
    400,
    'Số điện thoại di động không hợp lệ (0 hoặc +84, rồi 9 chữ số).',
    'Not a valid Vietnamese mobile number (0 or +84, then 9 digits).',
  ],
  INVALID_ID_NUMBER: [400, 'Số CCCD phải gồm đúng 12 chữ số.', 'The ID (CCCD) number must be exactly 12 digits.'],
  NAME_REQUIRED: [400, 'Cần nhập họ và tên.', 'Please enter your name.'],
  INVALID_DATE: [400, 'Ngày không hợp lệ (định dạng YYYY-MM-DD).', 'Not a valid date (YYYY-MM-DD).'],
  INVALID_DAYS: [400, 'Số ngày phải từ 1 đến 31.', 'The number of days must be between 1 and 31.'],
  INVALID_START: [400, 'Thời điểm bắt đầu không hợp lệ.', 'Not a valid start time (an ISO instant).'],
  INVALID_IDEMPOTENCY_KEY: [400, 'Idempotency-Key không hợp lệ.', 'The Idempotency-Key header is not valid.'],
  NOT_A_SLOT: [400, 'Thời điểm này không phải là một khung giờ đặt lịch.', 'This is not one of the bookable slots.'],
  SLOT_IN_PAST: [400, 'Khung giờ này đã qua.', 'This slot is in the past.'],
  OUTSIDE_WINDOW: [400, 'Khung giờ này nằm ngoài thời gian cho phép đặt lịch.', 'This slot is outside the booking window.'],
  SERVICE_NOT_BOOKABLE: [400, 'Thủ tục này không nhận đặt lịch trực tuyến.', 'This service cannot be booked online.'],
  SLOT_FULL: [409, 'Khung giờ này đã hết chỗ.', 'This slot is full.'],
  HOLIDAY_HITS_BOOKINGS: [
    409,
    'Ngày nghỉ này trùng với các lịch hẹn đã đặt. Xem danh sách và xác nhận để hủy các lịch hẹn đó (người dân sẽ thấy lý do trên trang lịch hẹn).',
    'This holiday falls on existing bookings. Review them and confirm to cancel them (residents see the reason on their booking page).',
  ],
  HOURS_HIT_BOOKINGS: [
    409,
    'Giờ làm việc mới làm một số lịch hẹn đã đặt nằm ngoài giờ. Xem danh sách và xác nhận để hủy các lịch hẹn đó.',
    'The new opening hours leave some existing bookings outside them. Review them and confirm to cancel them.',
  ],
  TIMEZONE_CHANGE_WITH_TICKETS: [
    409,
    'Không thể đổi múi giờ khi văn phòng đã có số thứ tự trong ngày hôm nay: số sẽ bị đánh lại từ đầu. Hãy đổi sau khi hết ngày làm việc.',
    "The time zone cannot change while the office has tickets today: numbering would start again. Change it after the day's end.",
  ],
  ALREADY_BOOKED: [
    409,
    'Số điện thoại hoặc số CCCD này đã có lịch hẹn cho thủ tục này trong ngày.',
    'This phone or ID number already has a booking for this service that day.',
  ],
  IDEMPOTENCY_KEY_REUSED: [
    409,
    'Idempotency-Key đã được dùng cho một yêu cầu khác.',
    'This Idempotency-Key was used for a different request.',
  ],
  APPOINTMENT_NOT_FOUND: [404, 'Không tìm thấy lịch hẹn.', 'No such booking.'],
  APPOINTMENT_CANCELLED: [409, 'Lịch hẹn này đã bị hủy.', 'This booking was cancelled.'],
  ALREADY_CHECKED_IN: [409, 'Lịch hẹn này đã được xác nhận và lấy số.', 'This booking has already been checked in.'],
  APPOINTMENT_CLOSED: [409, 'Lịch hẹn này đã kết thúc.', 'This booking is over.'],
  APPOINTMENT_EXPIRED: [
    409,
    'Lịch hẹn này thuộc một ngày đã qua. Vui lòng lấy số thứ tự thông thường.',
    'This booking was for an earlier day. Please take a regular number.',
  ],
  SAME_SLOT: [409, 'Lịch hẹn đã ở khung giờ này.', 'The booking is already in this slot.'],
  CHECK_IN_TOO_EARLY: [409, 'Chưa đến giờ xác nhận lịch hẹn.', 'It is too early to check in.'],

  // Ratings and the feedback inbox (server/surveys).
  ALREADY_RATED: [409, 'Số thứ tự này đã được đánh giá.', 'This ticket has already been rated.'],
  NOT_SERVED: [
    409,
    'Chỉ đánh giá được sau khi đã được phục vụ xong.',
    'A ticket can be rated only once its service is finished.',
  ],
  LEVEL_OUT_OF_SCALE: [400, 'Mức đánh giá nằm ngoài thang điểm.', 'The level is outside the rating scale.'],
  NOT_A_PAD: [403, 'Thiết bị này không phải bảng đánh giá.', 'This device is not a rating pad.'],
  PAD_WRONG_COUNTER: [
    403,
    'Bảng đánh giá chỉ đánh giá số vừa phục vụ tại quầy của mình.',
    'A pad rates only tickets of its own counter.',
  ],
  RATING_WINDOW_CLOSED: [
    409,
    'Đã hết thời gian đánh giá trên bảng cho số này.',
    'This ticket can no longer be rated on the pad.',
  ],
  FEEDBACK_NOT_FOUND: [404, 'Không tìm thấy phản ánh.', 'No such feedback.'],
  FEEDBACK_CLOSED: [409, 'Phản ánh đã đóng.', 'This feedback is closed.'],
  FEEDBACK_NOT_ANSWERED: [409, 'Cần trả lời phản ánh trước khi đóng.', 'Answer the feedback before closing it.'],
  ANSWER_REQUIRED: [400, 'Cần nhập nội dung trả lời.', 'An answer is required.'],

  // The feedback channel (server/feedback).
  FEEDBACK_CATEGORY_INVALID: [
    400,
    'Lĩnh vực phản ánh không hợp lệ (thái độ, thủ tục, cơ sở vật chất, thời gian chờ, dịch vụ trực tuyến, khác).',
    'Unknown category (attitude, procedures, facilities, waiting, online, other).',
  ],
  FEEDBACK_TEXT_REQUIRED: [
    400,
    'Cần nhập nội dung phản ánh, kiến nghị (tối đa 4000 ký tự).',
    'Please write your feedback or proposal (at most 4000 characters).',
  ],
  FEEDBACK_ALREADY_ANSWERED: [409, 'Phản ánh đã được trả lời.', 'This feedback has already been answered.'],
  FEEDBACK_NOT_MOVABLE: [
    409,
    'Phản ánh từ phiếu đánh giá thuộc trung tâm đã phục vụ, không chuyển được.',
    'Feedback from a rating belongs to the centre that served the visit and cannot be moved.',
  ],
  FEEDBACK_SAME_OFFICE: [409, 'Phản ánh đã ở nơi này.', 'The feedback is already there.'],
  FEEDBACK_ASSIGNEE_INVALID: [
    409,
    'Người được giao không phụ trách phản ánh này.',
    'That staff member does not handle this feedback.',
  ],

  // Outreach sessions (server/outreach).
  OUTREACH_NOT_FOUND: [404, 'Không tìm thấy buổi hỗ trợ lưu động.', 'No such outreach session.'],
  OUTREACH_BOOKING_NOT_FOUND: [404, 'Không tìm thấy lượt đăng ký tham dự.', 'No such outreach booking.'],
  OUTREACH_CLOSED: [409, 'Buổi hỗ trợ này đã kết thúc hoặc bị hủy.', 'This outreach session has ended or was cancelled.'],
  OUTREACH_TIME_INVALID: [
    400,
    'Thời gian buổi hỗ trợ không hợp lệ (bắt đầu trong tương lai, kết thúc sau khi bắt đầu).',
    'Invalid session time (it must start in the future and end after it starts).',
  ],

  // Reports (server/reports).
  INVALID_RANGE: [
    400,
    'Khoảng ngày không hợp lệ (YYYY-MM-DD, từ ngày không sau đến ngày).',
    'Invalid date range (YYYY-MM-DD, from not after to).',
  ],
  RANGE_TOO_LONG: [400, 'Khoảng ngày tối đa là 366 ngày.', 'The range may span at most 366 days.'],
} as const satisfies Record<string, readonly [Status, string, string]>;

export type ErrorCode = keyof typeof catalogue;

/** For codes that arrive as plain strings (a zod issue's message). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(catalogue, code);
}

export interface Failure {
  ok: false;
  code: ErrorCode;
  /** Overrides the catalogue message (for example with the time to come back). */
  message?: { vi: string; en: string };
  /** Extra fields merged into the error object (for example retryAfterSeconds). */
  details?: Record<string, unknown>;
}
export interface Success<T> {
  ok: true;
  value: T;
}
export type Result<T> = Success<T> | Failure;

export const ok = <T>(value: T): Success<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message?: { vi: string; en: string }, details?: Record<string, unknown>): Failure => ({
  ok: false,
  code,
  message,
  details,
});

/**
 * Thrown inside a transaction to roll it back with an expected failure; `transact` catches it
 * and returns the Failure, so callers still see a returned result, never an exception.
 */
export class Rejection extends Error {
  constructor(readonly failure: Failure) {
    // An expected outcome, not a bug: no stack trace to capture (a booking rush is thousands
    // of SLOT_FULL a second, and capturing the stack was most of the cost of each).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(failure.code);
    Error.stackTraceLimit = limit;
  }
}
/** Rolls the transaction back with an expected failure (see Rejection). */
export function reject(code: ErrorCode, message?: { vi: string; en: string }, details?: Record<string, unknown>): never {
  throw new Rejection(fail(code, message, details));
}

export type Lang = 'vi' | 'en';

/** Vietnamese unless the client prefers English (Accept-Language, or ?lang=en). */
export function clientLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'en' || q === 'vi') return q;
  const header = c.req.header('accept-language') ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export function statusOf(code: ErrorCode): Status {
  return catalogue[code][0];
}

export function errorBody(failure: Failure, lang: Lang) {
  const [, vi, en] = catalogue[failure.code];
  const message = failure.message?.[lang] ?? (lang === 'en' ? en : vi);
  return { error: { code: failure.code, message, ...failure.details } };
}

/** Maps a failure to the contract's error response. */
export function sendFailure(c: Context, failure: Failure) {
  const status = statusOf(failure.code);
  const retry = failure.details?.retryAfterSeconds;
  if (status === 429 && typeof retry === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(retry))));
  return c.json(errorBody(failure, clientLang(c)), status);
}
