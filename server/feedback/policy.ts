// The feedback channel's decisions, as pure functions over plain data: when an answer is due,
// when it is late, when to remind and to escalate, who may handle an item, and what of it may be
// published. The store (./store.ts) reads and writes; nothing here knows the database.
import type { FeedbackCategory, FeedbackState } from '../../db/schema';
import { addWorkingDays, endOfDay, isWorkingDay, type OfficeCalendar, startDay } from '../dossiers/working-days';
import { addDays, localDay } from '../time';

/**
 * Working days to answer, per category, unless the centre sets its own (settings
 * feedbackCategoryDays). Our choice, shorter than the 10 working days the rules on handling
 * residents' feedback allow: what a resident standing in a queue expects is quick; a procedure or
 * the building may need a unit's opinion.
 */
export const DEFAULT_CATEGORY_DAYS: Readonly<Record<FeedbackCategory, number>> = {
  attitude: 5,
  procedures: 10,
  facilities: 10,
  waiting: 5,
  online: 5,
  other: 10,
};

export function answerDays(category: FeedbackCategory, own?: Partial<Record<FeedbackCategory, number>>): number {
  return own?.[category] ?? DEFAULT_CATEGORY_DAYS[category];
}

/**
 * The answer's due instant for an item received at `at`: the end of office hours on the day
 * `days` working days after the day the count starts (the dossiers' rule: received after 15:00 or
 * on a day off, it starts the next working day).
 */
export function feedbackDueAt(at: number, days: number, cal: OfficeCalendar): number {
  return endOfDay(addWorkingDays(startDay(at, cal), days, cal), cal);
}

export const OPEN_STATES: readonly FeedbackState[] = ['new', 'assigned'];

interface Timed {
  state: FeedbackState;
  dueAt: number | null;
  answeredAt: number | null;
}

/** Late: answered after its due time, or still unanswered past it. */
export function isFeedbackLate(f: Timed, now: number): boolean {
  if (f.dueAt === null) return false;
  if (f.answeredAt !== null) return f.answeredAt > f.dueAt;
  return OPEN_STATES.includes(f.state) && now > f.dueAt;
}

/** The reminder's instant: the end of the last working day before the due day. */
export function reminderAt(dueAt: number, cal: OfficeCalendar): number {
  let day = addDays(localDay(dueAt, cal.timezone), -1);
  for (let i = 0; i < 400 && !isWorkingDay(day, cal); i++) day = addDays(day, -1);
  return Math.min(endOfDay(day, cal), dueAt);
}

/** What the periodic job owes an open item now: a reminder, an escalation to the city, or nothing. */
export function dueAction(
  f: Timed & { remindedAt: number | null; escalatedAt: number | null },
  now: number,
  cal: OfficeCalendar,
): 'remind' | 'escalate' | null {
  if (!OPEN_STATES.includes(f.state) || f.dueAt === null) return null;
  if (now > f.dueAt) return f.escalatedAt === null ? 'escalate' : null;
  if (f.remindedAt === null && now >= reminderAt(f.dueAt, cal)) return 'remind';
  return null;
}

/** Who is handling: a staff member with a role and an office (null: every office). */
export interface Handler {
  role: string;
  officeId: number | null;
}

/**
 * May this staff member read and act on this item? The centre's supervisors and admins handle
 * its items; the city (a city leader, or an admin of every office) handles the items sent to no
 * centre and the ones escalated to it when late. Officers do not.
 */
export function mayHandle(user: Handler, f: { officeId: number | null; escalatedAt: number | null }): boolean {
  if (user.role === 'officer') return false;
  if (user.role === 'city') return f.officeId === null || f.escalatedAt !== null;
  if (user.officeId === null) return true;
  return f.officeId !== null && f.officeId === user.officeId;
}

const PHONE = /(?:\+?84|0)(?:[\s.-]?\d){8,10}/g;
const LONG_NUMBER = /\d(?:[\s.-]?\d){7,}/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/**
 * Text fit to publish: phone numbers, other long numbers (an ID, an account) and e-mail
 * addresses masked, and the sender's own name wherever it was repeated in the text. A published
 * answer never carries the sender's name or phone fields at all; this guards the free text.
 */
export function redact(text: string, sender: { name?: string | null } = {}): string {
  let out = text.replace(EMAIL, '[…]').replace(PHONE, '[…]').replace(LONG_NUMBER, '[…]');
  const name = sender.name?.trim();
  if (name && name.length >= 2) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(escaped, 'giu'), '[…]');
  }
  return out;
}
