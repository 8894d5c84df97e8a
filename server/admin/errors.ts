// The admin API's own error codes (added to the catalogue in server/errors.ts at import time).
import { defineErrors } from '../errors';

defineErrors({
  UNKNOWN_TIMEZONE: [400, 'Múi giờ không hợp lệ.', 'Unknown time zone.'],
  INVALID_HOURS: [
    400,
    'Giờ làm việc không hợp lệ: giờ mở phải trước giờ đóng và các buổi trong ngày không được chồng nhau.',
    'Invalid opening hours: each session must open before it closes and sessions of a day must not overlap.',
  ],
  INVALID_DATE: [400, 'Ngày không hợp lệ (định dạng YYYY-MM-DD).', 'Invalid date (YYYY-MM-DD).'],
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
});
