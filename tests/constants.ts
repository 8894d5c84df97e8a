// What the seeded test databases are made with, shared by tests/helpers.ts and the PostgreSQL
// template (tests/pg-template.ts, which runs outside any test file).
import { zonedTime } from '../server/time';

export const ADMIN_PASSWORD = 'admin-password-1';
export const STAFF_PASSWORD = 'staff-password-1';
/** The test clock's default: a Monday 09:00 in Ha Noi. */
export const TEST_START = zonedTime('2026-11-30', 9 * 60, 'Asia/Ho_Chi_Minh');
