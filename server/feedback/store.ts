// The feedback channel (kênh tiếp nhận phản ánh, kiến nghị): one inbox and one state machine
// (new -> assigned -> answered -> closed) for the items residents send through /feedback and the
// ones an unhappy rating opens at a counter. Each item is due in working days set per category,
// routed to a centre's supervisors (or to the city when no centre is named), may be handed to
// another centre, is reminded before its due time and escalated to the city once late, and its
// answer is published without personal data when the sender agreed.
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import {
  counters,
  type FeedbackCategory,
  type FeedbackState,
  type FeedbackStepKind,
  feedback,
  feedbackSteps,
  offices,
  ratings,
  services,
  staff,
  tickets,
} from '../../db/schema';
import { officeCalendar } from '../dossiers/store';
import type { OfficeCalendar } from '../dossiers/working-days';
import { fail, ok, type Result, reject } from '../errors';
import { type Deps, type Outbox, transact } from '../events';
import { getOffice, listOffices } from '../offices/store';
import { maskPhone } from '../privacy/mask';
import type { FeedbackPublicView } from '../realtime/contract';
import { mayAccess } from '../staff/scope';
import { addDays, zonedTime } from '../time';
import { answerDays, dueAction, feedbackDueAt, type Handler, isFeedbackLate, mayHandle, OPEN_STATES, redact } from './policy';

type Reader = Db | Tx;
export type FeedbackRow = typeof feedback.$inferSelect;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const minutes = (ms: number | null) => Math.round((ms ?? 0) / 60_000);
const CITY_TIMEZONE = 'Asia/Ho_Chi_Minh';

/**
 * The calendar an item's working days are counted on: its centre's, or for the city's own items
 * the first centre's (the centres of one city keep the same public holidays).
 */
export async function feedbackCalendar(db: Reader, officeId: number | null): Promise<OfficeCalendar> {
  const id = officeId ?? (await listOffices(db))[0]?.id;
  const office = id !== undefined ? await getOffice(db, id) : undefined;
  if (!office) return { timezone: CITY_TIMEZONE, holidays: new Set(), closesAt: new Map() };
  return officeCalendar(db, office.id, office.timezone);
}

async function step(
  tx: Tx,
  f: { id: number; officeId: number | null },
  kind: FeedbackStepKind,
  at: number,
  staffId: number | null = null,
  note: string | null = null,
) {
  await tx.insert(feedbackSteps).values({ feedbackId: f.id, kind, officeId: f.officeId, staffId, note, at });
}

async function officeName(db: Reader, officeId: number | null): Promise<string | null> {
  if (officeId === null) return null;
  return (await db.select({ name: offices.name }).from(offices).where(eq(offices.id, officeId)))[0]?.name ?? null;
}

export async function publicView(db: Reader, f: FeedbackRow, now: number): Promise<FeedbackPublicView> {
  return {
    code: f.code ?? '',
    category: f.category,
    kind: f.kind === 'proposal' ? 'proposal' : 'feedback',
    state: f.state,
    officeName: await officeName(db, f.officeId),
    text: f.text ?? '',
    createdAt: new Date(f.createdAt).toISOString(),
    dueAt: new Date(f.dueAt ?? f.createdAt).toISOString(),
    late: isFeedbackLate(f, now),
    answer: f.answer,
    answeredAt: iso(f.answeredAt),
    publish: f.publish,
  };
}

/** After a change: the sender's page (channel items) and the centre's inbox are told. */
async function pushChange(tx: Tx, out: Outbox, f: FeedbackRow, now: number, previousOffice?: number | null) {
  if (f.token) out.push({ to: 'feedback', token: f.token, payload: await publicView(tx, f, now) });
  for (const officeId of new Set([f.officeId, previousOffice ?? null])) {
    if (officeId !== null) out.push({ to: 'staff', officeId, payload: { id: f.id, state: f.state } });
  }
}

// ---------------------------------------------------------------- receiving

export interface SubmitInput {
  officeId?: number | null;
  category: FeedbackCategory;
  kind?: 'feedback' | 'proposal';
  text: string;
  name?: string | null;
  phone?: string | null;
  publish?: boolean;
}

export interface Submitted {
  code: string;
  token: string;
  dueAt: string;
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A code to quote on the phone: PA- and 8 letters and digits that are never confused (no 0/O, 1/I/L). */
export function newFeedbackCode(): string {
  const bytes = randomBytes(8);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `PA-${s}`;
}

/** A resident's feedback or proposal: routed to the centre named, else to the city. */
export function submitFeedback(deps: Deps, input: SubmitInput): Promise<Result<Submitted>> {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const officeId = input.officeId ?? null;
    const office = officeId !== null ? await getOffice(tx, officeId) : undefined;
    if (officeId !== null && !office) reject('OFFICE_NOT_FOUND');
    const cal = await feedbackCalendar(tx, officeId);
    const due = feedbackDueAt(now, answerDays(input.category, office?.settings.feedbackCategoryDays), cal);
    // Codes are random: a clash is one in 10^11, and the unique index turns it into a retry.
    const code = newFeedbackCode();
    const token = randomBytes(18).toString('base64url');
    const row = (
      await tx
        .insert(feedback)
        .values({
          officeId,
          source: 'channel',
          code,
          token,
          category: input.category,
          kind: input.kind ?? 'feedback',
          text: input.text,
          senderName: input.name ?? null,
          senderPhone: input.phone ?? null,
          publish: input.publish ?? false,
          state: 'new',
          createdAt: now,
          dueAt: due,
        })
        .returning()
    )[0]!;
    await step(tx, row, 'received', now);
    await pushChange(tx, out, row, now);
    return { code, token, dueAt: new Date(due).toISOString() };
  });
}

/**
 * The item an unhappy rating opens, in the rating's transaction: at the centre that served the
 * ticket, category "other", due in the centre's feedbackAnswerDays working days.
 */
export async function openFromRating(
  tx: Tx,
  r: { officeId: number; ratingId: number; ticketId: number; text: string | null },
  now: number,
): Promise<FeedbackRow> {
  const office = await getOffice(tx, r.officeId);
  const cal = await feedbackCalendar(tx, r.officeId);
  const due = feedbackDueAt(now, office?.settings.feedbackAnswerDays ?? 2, cal);
  const row = (
    await tx
      .insert(feedback)
      .values({
        officeId: r.officeId,
        source: 'rating',
        ratingId: r.ratingId,
        ticketId: r.ticketId,
        category: 'other',
        text: r.text,
        state: 'new',
        createdAt: now,
        dueAt: due,
      })
      .returning()
  )[0]!;
  await step(tx, row, 'received', now);
  return row;
}

export async function feedbackByToken(db: Reader, token: string): Promise<FeedbackRow | undefined> {
  return (await db.select().from(feedback).where(eq(feedback.token, token)))[0];
}

/** The sender's tracking page. */
export async function trackFeedback(db: Db, token: string, now: number): Promise<Result<FeedbackPublicView>> {
  const f = await feedbackByToken(db, token);
  return f ? ok(await publicView(db, f, now)) : fail('FEEDBACK_NOT_FOUND');
}

// ---------------------------------------------------------------- the inbox

export interface InboxItem {
  id: number;
  source: 'rating' | 'channel';
  code: string | null;
  category: FeedbackCategory;
  kind: string;
  state: FeedbackState;
  officeId: number | null;
  officeName: string | null;
  createdAt: string;
  dueAt: string | null;
  late: boolean;
  remindedAt: string | null;
  escalatedAt: string | null;
  assignedTo: { id: number; name: string } | null;
  /** The sender's text (a channel item) or the rating's comment. */
  text: string | null;
  senderName: string | null;
  /** Masked: the answer goes back through the tracking page, not a call. */
  senderPhone: string | null;
  publish: boolean;
  // A rating's item: the visit as measured.
  ticketNumber: string | null;
  serviceName: string | null;
  counterNumber: number | null;
  officerName: string | null;
  level: number | null;
  scale: number | null;
  channel: string | null;
  comment: string | null;
  answers: unknown;
  waitMinutes: number | null;
  serviceMinutes: number | null;
  answer: string | null;
  answeredAt: string | null;
  closedAt: string | null;
}

/** Whose inbox: a centre's, or the city's (its own items and every centre's escalated ones). */
export type InboxScope = { officeId: number } | { city: true };

/** The inbox: late first, then newest first; one state, or several. */
export async function listInbox(db: Db, scope: InboxScope, states: FeedbackState[], now: number): Promise<InboxItem[]> {
  const where: SQL =
    'officeId' in scope ? eq(feedback.officeId, scope.officeId) : or(isNull(feedback.officeId), isNotNull(feedback.escalatedAt))!;
  const rows = await db
    .select({
      f: feedback,
      r: ratings,
      number: tickets.number,
      serviceName: services.name,
      counterNumber: counters.number,
      officeName: offices.name,
    })
    .from(feedback)
    .leftJoin(ratings, eq(ratings.id, feedback.ratingId))
    .leftJoin(tickets, eq(tickets.id, feedback.ticketId))
    .leftJoin(services, eq(services.id, ratings.serviceId))
    .leftJoin(counters, eq(counters.id, ratings.counterId))
    .leftJoin(offices, eq(offices.id, feedback.officeId))
    .where(and(where, inArray(feedback.state, states)))
    .orderBy(desc(feedback.createdAt), desc(feedback.id))
    .limit(500);
  const staffIds = [
    ...new Set(
      rows.flatMap((x) => [x.r?.officerId ?? null, x.f.assignedTo]).filter((x): x is number => x !== null && x !== undefined),
    ),
  ];
  const names = new Map(
    staffIds.length
      ? (await db.select({ id: staff.id, name: staff.displayName }).from(staff).where(inArray(staff.id, staffIds))).map((s) => [
          s.id,
          s.name,
        ])
      : [],
  );
  const items = rows.map(({ f, r, number, serviceName, counterNumber, officeName: name }) => ({
    id: f.id,
    source: f.source,
    code: f.code,
    category: f.category,
    kind: f.kind,
    state: f.state,
    officeId: f.officeId,
    officeName: name ?? null,
    createdAt: new Date(f.createdAt).toISOString(),
    dueAt: iso(f.dueAt),
    late: isFeedbackLate(f, now),
    remindedAt: iso(f.remindedAt),
    escalatedAt: iso(f.escalatedAt),
    assignedTo: f.assignedTo !== null ? { id: f.assignedTo, name: names.get(f.assignedTo) ?? '' } : null,
    text: f.text ?? r?.comment ?? null,
    senderName: f.senderName,
    senderPhone: f.senderPhone ? maskPhone(f.senderPhone) : null,
    publish: f.publish,
    ticketNumber: number ?? null,
    serviceName: serviceName ?? null,
    counterNumber: counterNumber ?? null,
    officerName: r?.officerId ? (names.get(r.officerId) ?? null) : null,
    level: r?.level ?? null,
    scale: r?.scale ?? null,
    channel: r?.channel ?? null,
    comment: r?.comment ?? null,
    answers: r?.answers ?? null,
    waitMinutes: r ? minutes(r.waitMs) : null,
    serviceMinutes: r ? minutes(r.serviceMs) : null,
    answer: f.answer,
    answeredAt: iso(f.answeredAt),
    closedAt: iso(f.closedAt),
  }));
  // Late ones first (they are what the inbox is for), each group newest first.
  return items.sort((a, b) => Number(b.late) - Number(a.late));
}

export async function getFeedback(db: Reader, id: number): Promise<FeedbackRow | undefined> {
  return (await db.select().from(feedback).where(eq(feedback.id, id)))[0];
}

export interface StepView {
  kind: FeedbackStepKind;
  at: string;
  officeName: string | null;
  staffName: string | null;
  note: string | null;
}

/** An item's history, oldest first, for staff who may handle it, and the city's leaders (who read every centre). */
export async function feedbackHistory(db: Db, user: Handler, id: number): Promise<Result<StepView[]>> {
  const f = await getFeedback(db, id);
  if (!f) return fail('FEEDBACK_NOT_FOUND');
  if (!mayHandle(user, f) && !(f.officeId !== null && mayAccess(user, f.officeId, 'read') && user.role !== 'officer'))
    return fail('FORBIDDEN');
  const rows = await db
    .select({ s: feedbackSteps, officeName: offices.name, staffName: staff.displayName })
    .from(feedbackSteps)
    .leftJoin(offices, eq(offices.id, feedbackSteps.officeId))
    .leftJoin(staff, eq(staff.id, feedbackSteps.staffId))
    .where(eq(feedbackSteps.feedbackId, id))
    .orderBy(asc(feedbackSteps.id));
  return ok(
    rows.map(({ s, officeName: o, staffName }) => ({
      kind: s.kind,
      at: new Date(s.at).toISOString(),
      officeName: o ?? null,
      staffName: staffName ?? null,
      note: s.note,
    })),
  );
}

export interface FeedbackStaffView {
  id: number;
  state: FeedbackState;
  officeId: number | null;
  assignedTo: number | null;
  answer: string | null;
  answeredAt: string | null;
  dueAt: string | null;
  late: boolean;
}

function staffView(f: FeedbackRow, now: number): FeedbackStaffView {
  return {
    id: f.id,
    state: f.state,
    officeId: f.officeId,
    assignedTo: f.assignedTo,
    answer: f.answer,
    answeredAt: iso(f.answeredAt),
    dueAt: iso(f.dueAt),
    late: isFeedbackLate(f, now),
  };
}

/** Reads the item for a change by someone who may handle it, or rolls back with why not. */
async function forChange(tx: Tx, user: Handler, id: number): Promise<FeedbackRow> {
  const f = await getFeedback(tx, id);
  if (!f) reject('FEEDBACK_NOT_FOUND');
  if (!mayHandle(user, f)) reject('FORBIDDEN');
  if (f.state === 'closed') reject('FEEDBACK_CLOSED');
  return f;
}

/**
 * new/assigned -> assigned: taken by the one who asks, or given to a supervisor of the item's
 * centre (or to a city leader for the city's items).
 */
export function assignFeedback(
  deps: Deps,
  user: Handler & { id: number },
  id: number,
  to?: number,
): Promise<Result<FeedbackStaffView>> {
  return transact(deps, async (tx, out) => {
    const f = await forChange(tx, user, id);
    if (!OPEN_STATES.includes(f.state)) reject('FEEDBACK_ALREADY_ANSWERED');
    const target = to ?? user.id;
    if (target !== user.id) {
      const s = (await tx.select().from(staff).where(eq(staff.id, target)))[0];
      if (!s?.active) reject('STAFF_NOT_FOUND');
      if (!mayHandle(s, f)) reject('FEEDBACK_ASSIGNEE_INVALID');
    }
    const now = deps.clock.now();
    const u = (
      await tx
        .update(feedback)
        .set({ state: 'assigned', assignedTo: target, assignedAt: now })
        .where(eq(feedback.id, id))
        .returning()
    )[0]!;
    await step(tx, u, 'assigned', now, target);
    await pushChange(tx, out, u, now);
    return staffView(u, now);
  });
}

/**
 * Hands an open item to another centre (or to the city: `toOfficeId` null): it arrives there as
 * new, nobody's yet, with the same due time (the sender's wait does not start again).
 */
export function reassignFeedback(
  deps: Deps,
  user: Handler & { id: number },
  id: number,
  toOfficeId: number | null,
  note: string | null,
): Promise<Result<FeedbackStaffView>> {
  return transact(deps, async (tx, out) => {
    const f = await forChange(tx, user, id);
    if (!OPEN_STATES.includes(f.state)) reject('FEEDBACK_ALREADY_ANSWERED');
    if (f.source === 'rating') reject('FEEDBACK_NOT_MOVABLE');
    if (toOfficeId !== null && !(await getOffice(tx, toOfficeId))) reject('OFFICE_NOT_FOUND');
    if (toOfficeId === f.officeId) reject('FEEDBACK_SAME_OFFICE');
    const now = deps.clock.now();
    const u = (
      await tx
        .update(feedback)
        // A late item handed on stays escalated: the city keeps seeing it until it is answered.
        .set({ officeId: toOfficeId, state: 'new', assignedTo: null, assignedAt: null })
        .where(eq(feedback.id, id))
        .returning()
    )[0]!;
    await step(tx, u, 'reassigned', now, user.id, note);
    await pushChange(tx, out, u, now, f.officeId);
    return staffView(u, now);
  });
}

/** new/assigned/answered -> answered (answering again corrects the answer); closed is final. */
export function answerFeedback(
  deps: Deps,
  user: Handler & { id: number },
  id: number,
  answer: string,
): Promise<Result<FeedbackStaffView>> {
  return transact(deps, async (tx, out) => {
    const f = await forChange(tx, user, id);
    const now = deps.clock.now();
    const u = (
      await tx
        .update(feedback)
        .set({
          state: 'answered',
          answer,
          answeredBy: user.id,
          // The first answer's time is the one judged against the due time; a correction keeps it.
          answeredAt: f.answeredAt ?? now,
          assignedTo: f.assignedTo ?? user.id,
          assignedAt: f.assignedAt ?? now,
        })
        .where(eq(feedback.id, id))
        .returning()
    )[0]!;
    await step(tx, u, 'answered', now, user.id);
    await pushChange(tx, out, u, now);
    // A rating's item: the resident's ticket page shows the answer as it is given.
    if (u.ticketId !== null && u.officeId !== null) {
      const ticket = (await tx.select({ token: tickets.token }).from(tickets).where(eq(tickets.id, u.ticketId)))[0];
      if (ticket) {
        out.log(now, {
          officeId: u.officeId,
          kind: 'feedback',
          ticketToken: ticket.token,
          payload: { ticketId: u.ticketId, answer, answeredAt: new Date(now).toISOString() },
        });
      }
    }
    return staffView(u, now);
  });
}

/** answered -> closed: the sender has had the answer. */
export function closeFeedback(deps: Deps, user: Handler & { id: number }, id: number): Promise<Result<FeedbackStaffView>> {
  return transact(deps, async (tx, out) => {
    const f = await forChange(tx, user, id);
    if (f.state !== 'answered') reject('FEEDBACK_NOT_ANSWERED');
    const now = deps.clock.now();
    const u = (await tx.update(feedback).set({ state: 'closed', closedAt: now }).where(eq(feedback.id, id)).returning())[0]!;
    await step(tx, u, 'closed', now, user.id);
    await pushChange(tx, out, u, now);
    return staffView(u, now);
  });
}

// ---------------------------------------------------------------- the periodic job

/**
 * Reminds the handlers of open items due soon (once) and escalates the late ones to the city
 * (once): a step each, and the centre's inbox is told. Reads only open items due within a
 * fortnight (the state and due index), so it does not grow with the history.
 */
export async function runFeedbackJobs(deps: Deps): Promise<{ reminded: number; escalated: number }> {
  const now = deps.clock.now();
  const candidates = await deps.store.db
    .select()
    .from(feedback)
    .where(
      and(
        inArray(feedback.state, [...OPEN_STATES]),
        isNotNull(feedback.dueAt),
        lte(feedback.dueAt, now + 14 * 86_400_000),
        or(isNull(feedback.remindedAt), isNull(feedback.escalatedAt)),
      ),
    )
    .limit(1000);
  const calendars = new Map<number | null, OfficeCalendar>();
  let reminded = 0;
  let escalated = 0;
  for (const c of candidates) {
    let cal = calendars.get(c.officeId);
    if (!cal) {
      cal = await feedbackCalendar(deps.store.db, c.officeId);
      calendars.set(c.officeId, cal);
    }
    const action = dueAction(c, now, cal);
    if (!action) continue;
    const r = await transact(deps, async (tx, out) => {
      // Read again under the write: another process may have answered or acted meanwhile.
      const f = await getFeedback(tx, c.id);
      if (!f || dueAction(f, now, cal) !== action) return false;
      const set = action === 'remind' ? { remindedAt: now } : { escalatedAt: now, remindedAt: f.remindedAt ?? now };
      const u = (await tx.update(feedback).set(set).where(eq(feedback.id, f.id)).returning())[0]!;
      await step(tx, u, action === 'remind' ? 'reminded' : 'escalated', now);
      await pushChange(tx, out, u, now);
      return true;
    });
    if (r.ok && r.value) {
      if (action === 'remind') reminded++;
      else escalated++;
    }
  }
  await purgeSenders(deps, now);
  return { reminded, escalated };
}

const lastPurge = new WeakMap<object, number>();

/**
 * The sender's name and phone are kept while the item is open (the centre may need to reach
 * them), then for the centre's retentionDays after the answer (90 for the city's own items), then
 * cleared. The text and the answer stay: they carry no contact data of their own once published
 * texts are masked (policy.ts redact).
 */
async function purgeSenders(deps: Deps, now: number): Promise<void> {
  // A day's precision is plenty for a retention in days: at most one pass an hour per store,
  // not a write per centre every minute the jobs run.
  if (Math.abs(now - (lastPurge.get(deps.store) ?? Number.NEGATIVE_INFINITY)) < 3_600_000) return;
  lastPurge.set(deps.store, now);
  const retention = new Map<number | null, number>([[null, 90]]);
  for (const o of await listOffices(deps.store.db)) {
    retention.set(o.id, (await getOffice(deps.store.db, o.id))?.settings.retentionDays ?? 90);
  }
  await deps.store.write(async (tx) => {
    for (const [officeId, days] of retention) {
      await tx
        .update(feedback)
        .set({ senderName: null, senderPhone: null })
        .where(
          and(
            officeId === null ? isNull(feedback.officeId) : eq(feedback.officeId, officeId),
            inArray(feedback.state, ['answered', 'closed']),
            lt(feedback.answeredAt, now - days * 86_400_000),
            or(isNotNull(feedback.senderName), isNotNull(feedback.senderPhone)),
          ),
        );
    }
  });
}

// ---------------------------------------------------------------- publication and reports

export interface PublishedAnswer {
  code: string;
  category: FeedbackCategory;
  kind: string;
  officeName: string | null;
  question: string;
  answer: string;
  createdAt: string;
  answeredAt: string;
}

/**
 * The public answers of a centre (or of the city's own items: `officeId` null): only items whose
 * sender agreed, answered; never the sender's name or phone, and the text with personal data
 * masked (policy.ts redact). Newest answer first.
 */
export async function publishedAnswers(db: Db, officeId: number | null, limit = 50): Promise<PublishedAnswer[]> {
  const rows = await db
    .select({ f: feedback, officeName: offices.name })
    .from(feedback)
    .leftJoin(offices, eq(offices.id, feedback.officeId))
    .where(
      and(
        officeId === null ? isNull(feedback.officeId) : eq(feedback.officeId, officeId),
        eq(feedback.source, 'channel'),
        eq(feedback.publish, true),
        inArray(feedback.state, ['answered', 'closed']),
      ),
    )
    .orderBy(desc(feedback.answeredAt), desc(feedback.id))
    .limit(limit);
  return rows.map(({ f, officeName: name }) => ({
    code: f.code ?? '',
    category: f.category,
    kind: f.kind,
    officeName: name ?? null,
    question: redact(f.text ?? '', { name: f.senderName }),
    answer: redact(f.answer ?? '', { name: f.senderName }),
    createdAt: new Date(f.createdAt).toISOString(),
    answeredAt: new Date(f.answeredAt ?? f.createdAt).toISOString(),
  }));
}

export interface FeedbackReportRow {
  /** null: the city's own items. */
  officeId: number | null;
  officeName: string | null;
  category: FeedbackCategory;
  received: number;
  answered: number;
  answeredOnTime: number;
  late: number;
  open: number;
}

/**
 * Received, answered (on time or not), late and still open, by centre and category, over the
 * items received in [from, to] (local days in the city's time zone). Late counts those answered
 * after their due time and those still open past it, as of `now`.
 */
export async function feedbackReport(db: Db, from: string, to: string, now: number): Promise<FeedbackReportRow[]> {
  const start = zonedTime(from, 0, CITY_TIMEZONE);
  const end = zonedTime(addDays(to, 1), 0, CITY_TIMEZONE);
  const rows = await db
    .select({
      officeId: feedback.officeId,
      category: feedback.category,
      state: feedback.state,
      dueAt: feedback.dueAt,
      answeredAt: feedback.answeredAt,
    })
    .from(feedback)
    .where(and(gte(feedback.createdAt, start), lt(feedback.createdAt, end)));
  const names = new Map((await listOffices(db)).map((o) => [o.id, o.name]));
  const groups = new Map<string, FeedbackReportRow>();
  for (const f of rows) {
    const key = `${f.officeId ?? 'city'}:${f.category}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        officeId: f.officeId,
        officeName: f.officeId !== null ? (names.get(f.officeId) ?? null) : null,
        category: f.category,
        received: 0,
        answered: 0,
        answeredOnTime: 0,
        late: 0,
        open: 0,
      };
      groups.set(key, g);
    }
    g.received++;
    if (f.answeredAt !== null) {
      g.answered++;
      if (f.dueAt === null || f.answeredAt <= f.dueAt) g.answeredOnTime++;
    } else if (OPEN_STATES.includes(f.state)) g.open++;
    if (isFeedbackLate(f, now)) g.late++;
  }
  return [...groups.values()].sort((a, b) => (a.officeId ?? 0) - (b.officeId ?? 0) || a.category.localeCompare(b.category));
}
