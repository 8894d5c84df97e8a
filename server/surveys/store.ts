// Ratings and the feedback they open. One rating per ticket, joined at the moment it is given
// to the ticket's measured wait and service time, service, counter and officer. The phone
// survey rates by the ticket's token; a paired rating pad rates only the ticket just finished
// at its own counter. An unhappy rating opens an item of the feedback inbox (server/feedback).
import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { counters, type FeedbackState, feedback, ratings, services, staff, ticketEvents, tickets } from '../../db/schema';
import type { DeviceRow } from '../devices/store';
import { fail, ok, type Result, reject } from '../errors';
import { type Deps, transact } from '../events';
import { openFromRating } from '../feedback/store';
import { getOffice } from '../offices/store';
import { getTicket, getTicketByToken, type TicketRow } from '../tickets/store';
import { inScale, opensFeedback, type SipasFactor, sipasFactors } from './scale';

type Reader = Db | Tx;

/** How long after "finish" the counter's pad still offers the ticket. */
export const PAD_WINDOW_MS = 60_000;

export interface Answers {
  factors?: Partial<Record<SipasFactor, number>>;
  /** Trips needed for this procedure: 0, 1, or 2 meaning "2 or more". */
  trips?: 0 | 1 | 2;
}

export interface RatingInput {
  level: number;
  answers?: Answers;
  comment?: string | null;
}

export interface RatingView {
  id: number;
  ticketId: number;
  level: number;
  scale: number;
  answers: Answers | null;
  comment: string | null;
  channel: 'pad' | 'phone';
  waitMinutes: number;
  serviceMinutes: number;
  createdAt: string;
  feedback: FeedbackView | null;
}

export interface FeedbackView {
  id: number;
  state: FeedbackState;
  answer: string | null;
  answeredAt: string | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const minutes = (ms: number | null) => Math.round((ms ?? 0) / 60_000);

/**
 * Writes the rating of a finished ticket, in the caller's transaction: the scale is the office's
 * at rating time, the visit is copied from the ticket as measured, and a "not satisfied" level
 * or any comment opens a feedback item.
 */
async function insertRating(
  tx: Tx,
  t: TicketRow,
  input: RatingInput,
  channel: 'pad' | 'phone',
  now: number,
): Promise<RatingView> {
  const office = await getOffice(tx, t.officeId);
  if (!office) reject('OFFICE_NOT_FOUND');
  const scale = office.settings.ratingScale;
  if (!inScale(input.level, scale)) reject('LEVEL_OUT_OF_SCALE', undefined, { scale });
  for (const f of sipasFactors) {
    const v = input.answers?.factors?.[f];
    if (v !== undefined && !inScale(v, scale)) reject('LEVEL_OUT_OF_SCALE', undefined, { scale, factor: f });
  }
  if (t.state !== 'done') reject('NOT_SERVED', undefined, { state: t.state });
  if ((await tx.select({ id: ratings.id }).from(ratings).where(eq(ratings.ticketId, t.id)))[0]) reject('ALREADY_RATED');
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  const factors = input.answers?.factors && Object.keys(input.answers.factors).length ? input.answers.factors : undefined;
  const trips = input.answers?.trips;
  const answers: Answers | null =
    factors || trips !== undefined ? { ...(factors ? { factors } : {}), ...(trips !== undefined ? { trips } : {}) } : null;
  const row = (
    await tx
      .insert(ratings)
      .values({
        officeId: t.officeId,
        ticketId: t.id,
        level: input.level,
        scale,
        answers: answers as Record<string, unknown> | null,
        comment,
        channel,
        waitMs: t.waitMs,
        serviceMs: t.serviceMs,
        serviceId: t.serviceId,
        counterId: t.counterId,
        officerId: t.officerId,
        createdAt: now,
      })
      // Two ratings of one ticket at the same moment (pad and phone, two processes): the unique
      // ticket id lets one in; the other is the same refusal as above.
      .onConflictDoNothing({ target: ratings.ticketId })
      .returning()
  )[0];
  if (!row) reject('ALREADY_RATED');
  let fb: FeedbackView | null = null;
  if (opensFeedback(input.level, scale, comment)) {
    const f = await openFromRating(tx, { officeId: t.officeId, ratingId: row.id, ticketId: t.id, text: comment }, now);
    fb = { id: f.id, state: f.state, answer: null, answeredAt: null };
  }
  return ratingView(row, fb);
}

function ratingView(row: typeof ratings.$inferSelect, fb: FeedbackView | null): RatingView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    level: row.level,
    scale: row.scale,
    answers: (row.answers as Answers | null) ?? null,
    comment: row.comment,
    channel: row.channel as 'pad' | 'phone',
    waitMinutes: minutes(row.waitMs),
    serviceMinutes: minutes(row.serviceMs),
    createdAt: new Date(row.createdAt).toISOString(),
    feedback: fb,
  };
}

/** The resident's rating from the phone survey (by the ticket's capability token). */
export function rateByToken(deps: Deps, token: string, input: RatingInput): Promise<Result<RatingView>> {
  return transact(deps, async (tx) => {
    const t = await getTicketByToken(tx, token);
    if (!t) reject('TICKET_NOT_FOUND');
    return insertRating(tx, t, input, 'phone', deps.clock.now());
  });
}

/**
 * The finished, unrated ticket a pad's counter offers now, if any: the counter's latest
 * "finish" within PAD_WINDOW_MS. Read from the event log's (office, at) index, so a pad polling
 * every few seconds touches only the last minute's events, however long the history.
 */
async function padTicket(db: Reader, counter: { id: number; officeId: number }, now: number): Promise<TicketRow | undefined> {
  const last = (
    await db
      .select({ ticketId: ticketEvents.ticketId })
      .from(ticketEvents)
      .where(
        and(
          eq(ticketEvents.officeId, counter.officeId),
          gte(ticketEvents.at, now - PAD_WINDOW_MS),
          lte(ticketEvents.at, now),
          eq(ticketEvents.type, 'finish'),
          eq(ticketEvents.counterId, counter.id),
        ),
      )
      .orderBy(desc(ticketEvents.at), desc(ticketEvents.id))
      .limit(1)
  )[0];
  const t = last ? await getTicket(db, last.ticketId) : undefined;
  if (t?.state !== 'done') return undefined;
  if ((await db.select({ id: ratings.id }).from(ratings).where(eq(ratings.ticketId, t.id)))[0]) return undefined;
  return t;
}

async function padCounter(db: Reader, device: DeviceRow | null): Promise<Result<typeof counters.$inferSelect>> {
  if (!device) return fail('UNAUTHENTICATED');
  if (device.kind !== 'pad' || device.counterId === null) return fail('NOT_A_PAD');
  const c = (await db.select().from(counters).where(eq(counters.id, device.counterId)))[0];
  return c ? ok(c) : fail('COUNTER_NOT_FOUND');
}

export interface PadState {
  office: { id: number; name: string };
  counter: { id: number; number: number; name: string };
  scale: number;
  windowSeconds: number;
  ticket: { id: number; number: string; finishedAt: string; expiresAt: string } | null;
}

export async function padState(db: Db, device: DeviceRow | null, now: number): Promise<Result<PadState>> {
  const c = await padCounter(db, device);
  if (!c.ok) return c;
  const office = await getOffice(db, c.value.officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const t = await padTicket(db, c.value, now);
  return ok({
    office: { id: office.id, name: office.name },
    counter: { id: c.value.id, number: c.value.number, name: c.value.name },
    scale: office.settings.ratingScale,
    windowSeconds: PAD_WINDOW_MS / 1000,
    ticket:
      t && t.finishedAt !== null
        ? { id: t.id, number: t.number, finishedAt: iso(t.finishedAt)!, expiresAt: iso(t.finishedAt + PAD_WINDOW_MS)! }
        : null,
  });
}

/** A tap on the pad: only the ticket just finished at the pad's own counter, once. */
export async function rateFromPad(
  deps: Deps,
  device: DeviceRow | null,
  input: { ticketId: number; level: number },
): Promise<Result<RatingView>> {
  const c = await padCounter(deps.db, device);
  if (!c.ok) return c;
  const scale = (await getOffice(deps.db, c.value.officeId))?.settings.ratingScale ?? 5;
  if (!inScale(input.level, scale)) return fail('LEVEL_OUT_OF_SCALE', undefined, { scale });
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const t = await getTicket(tx, input.ticketId);
    if (!t || t.officeId !== c.value.officeId) reject('TICKET_NOT_FOUND');
    if (t.counterId !== c.value.id) reject('PAD_WRONG_COUNTER');
    if (t.state !== 'done') reject('NOT_SERVED', undefined, { state: t.state });
    if ((await tx.select({ id: ratings.id }).from(ratings).where(eq(ratings.ticketId, t.id)))[0]) reject('ALREADY_RATED');
    if ((await padTicket(tx, c.value, now))?.id !== t.id) reject('RATING_WINDOW_CLOSED');
    return insertRating(tx, t, { level: input.level }, 'pad', now);
  });
}

async function feedbackOf(db: Reader, ratingId: number): Promise<FeedbackView | null> {
  const f = (await db.select().from(feedback).where(eq(feedback.ratingId, ratingId)))[0];
  return f ? { id: f.id, state: f.state, answer: f.answer, answeredAt: iso(f.answeredAt) } : null;
}

export interface SurveyView {
  number: string;
  state: TicketRow['state'];
  officeName: string;
  scale: number;
  /** The visit as measured; null until the ticket is done. */
  visit: { waitMinutes: number; serviceMinutes: number; counterNumber: number | null; serviceName: string } | null;
  rating: RatingView | null;
}

/** What the phone survey shows for a ticket: the measured visit, any rating and its answer. */
export async function surveyView(db: Db, token: string): Promise<Result<SurveyView>> {
  const t = await getTicketByToken(db, token);
  if (!t) return fail('TICKET_NOT_FOUND');
  const office = await getOffice(db, t.officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const r = (await db.select().from(ratings).where(eq(ratings.ticketId, t.id)))[0]!;
  let visit: SurveyView['visit'] = null;
  if (t.state === 'done') {
    const counterNumber = t.counterId
      ? ((await db.select({ n: counters.number }).from(counters).where(eq(counters.id, t.counterId)))[0]?.n ?? null)
      : null;
    const serviceName = (await db.select({ n: services.name }).from(services).where(eq(services.id, t.serviceId)))[0]?.n ?? '';
    visit = { waitMinutes: minutes(t.waitMs), serviceMinutes: minutes(t.serviceMs), counterNumber, serviceName };
  }
  return ok({
    number: t.number,
    state: t.state,
    officeName: office.name,
    scale: r?.scale ?? office.settings.ratingScale,
    visit,
    rating: r ? ratingView(r, await feedbackOf(db, r.id)) : null,
  });
}
