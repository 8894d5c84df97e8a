// The booking feature's error codes, added to the shared catalogue at import time.
import { defineErrors } from '../errors';

defineErrors({
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
});
