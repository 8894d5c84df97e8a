// Every expected failure has a stable code, an HTTP status and a message in Vietnamese and
// English. Features return `Failure`s; routes turn them into the one error shape of the contract:
// { error: { code, message } }, in the client's language (Vietnamese unless it prefers English).
import type { Context } from 'hono';

type Status = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503;

const catalog = {
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
  PAYLOAD_TOO_LARGE: [413, 'Nội dung gửi lên quá lớn.', 'The request body is too large.'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Nội dung phải là JSON.', 'The body must be JSON.'],
  INTERNAL: [500, 'Đã có lỗi hệ thống.', 'Something went wrong on our side.'],
  NOT_READY: [503, 'Hệ thống chưa sẵn sàng.', 'Not ready.'],
  BUSY: [503, 'Hệ thống đang bận, vui lòng thử lại sau giây lát.', 'The system is busy; please try again in a moment.'],
} as const satisfies Record<string, readonly [Status, string, string]>;

export type CoreErrorCode = keyof typeof catalog;
export type ErrorCode = CoreErrorCode | (string & {});

/** Feature modules add their own codes here at import time (booking, ratings, ...). */
const extra = new Map<string, readonly [Status, string, string]>();
export function defineErrors(codes: Record<string, readonly [Status, string, string]>): void {
  for (const [code, entry] of Object.entries(codes)) extra.set(code, entry);
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
export const reject = (code: ErrorCode, message?: { vi: string; en: string }, details?: Record<string, unknown>): never => {
  throw new Rejection(fail(code, message, details));
};

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
  return (catalog as Record<string, readonly [Status, string, string]>)[code]?.[0] ?? extra.get(code)?.[0] ?? 400;
}

export function errorBody(failure: Failure, lang: Lang) {
  const entry = (catalog as Record<string, readonly [Status, string, string]>)[failure.code] ?? extra.get(failure.code);
  const message = failure.message?.[lang] ?? (entry ? (lang === 'en' ? entry[2] : entry[1]) : failure.code);
  return { error: { code: failure.code, message, ...failure.details } };
}

/** Maps a failure to the contract's error response. */
export function sendFailure(c: Context, failure: Failure) {
  const status = statusOf(failure.code);
  const retry = failure.details?.retryAfterSeconds;
  if (status === 429 && typeof retry === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(retry))));
  return c.json(errorBody(failure, clientLang(c)), status);
}
