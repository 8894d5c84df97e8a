import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { icsCalendar, VISIT_REMINDERS } from '../booking/ics';
import { fail, sendFailure } from '../errors';
import { type AppEnv, limitedByAddress, officeDays, officeScope, requireStaff, scopedBy, validate } from '../http';
import { freeText, id, idParam, instantOf, mobilePhone, officeParams, optionalText } from '../schemas';
import { isValidDay } from '../time';
import {
  bookingByToken,
  bookSession,
  cancelBooking,
  cancelSession,
  checkInOutreach,
  getSession,
  markAssistedFiling,
  moveBooking,
  officeOfSession,
  outreachReport,
  readBooking,
  readSession,
  recordVisit,
  scheduleSession,
  sessionBoard,
  sessionBookings,
  sessionOffice,
  sessionVisits,
  upcomingSessions,
} from './store';

const instant = instantOf('OUTREACH_TIME_INVALID');

const sessionBody = z.object({
  placeName: freeText({ max: 200, error: 'VALIDATION_FAILED' }),
  address: freeText({ max: 300, error: 'VALIDATION_FAILED' }),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  startsAt: instant,
  endsAt: instant,
  capacity: z.number({ error: 'VALIDATION_FAILED' }).int().min(1).max(10_000),
  serviceIds: z.array(id('UNKNOWN_SERVICE')).min(1).max(50),
  officerIds: z.array(id('STAFF_NOT_FOUND')).max(50).optional(),
});
const listQuery = z.object({
  office: z
    .string()
    .regex(/^\d{1,10}$/, { error: 'OFFICE_NOT_FOUND' })
    .optional(),
});
const sessionParams = z.object({ sessionId: idParam('OUTREACH_NOT_FOUND') });
const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'OUTREACH_BOOKING_NOT_FOUND' }) });
const bookBody = z.object({
  name: freeText({ max: 100, error: 'NAME_REQUIRED' }),
  phone: mobilePhone,
  serviceId: id('UNKNOWN_SERVICE').nullish(),
});
const checkInBody = z.object({ code: z.string({ error: 'OUTREACH_BOOKING_NOT_FOUND' }).trim().min(1).max(200) });
// A key the officer's device made for one action: a UUID, or any 8 to 64 URL-safe characters.
const key = z.string({ error: 'INVALID_IDEMPOTENCY_KEY' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'INVALID_IDEMPOTENCY_KEY' });
const visitBody = z.object({
  key,
  doneAt: instant.optional(),
  bookingCode: z.string().trim().max(200).nullish(),
  serviceId: id('UNKNOWN_SERVICE').nullish(),
  filedOnline: z.boolean({ error: 'VALIDATION_FAILED' }),
  portalCode: optionalText(60),
  eidSetUp: z.boolean({ error: 'VALIDATION_FAILED' }),
  level: z.number({ error: 'LEVEL_OUT_OF_SCALE' }).int({ error: 'LEVEL_OUT_OF_SCALE' }).nullish(),
});
const assistedBody = z.object({
  key,
  ticketId: id('TICKET_NOT_FOUND').nullish(),
  serviceId: id('UNKNOWN_SERVICE').nullish(),
  portalCode: optionalText(60),
});
const day = z.string().refine(isValidDay, { error: 'INVALID_DATE' });
const rangeQuery = z.object({ from: day.optional(), to: day.optional() });

/** The session's officers, its centre's staff: the session must exist and be in their scope. */
const sessionScope = scopedBy('sessionId', sessionOffice, 'OUTREACH_NOT_FOUND');

export const outreachRoutes = new Hono<AppEnv>()
  .post(
    '/offices/:officeId/outreach',
    requireStaff('supervisor', 'admin'),
    officeScope,
    validate('param', officeParams),
    validate('json', sessionBody),
    async (c) => {
      const r = await scheduleSession(c.get('deps'), c.req.valid('param').officeId, c.req.valid('json'));
      return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
    },
  )
  .get(
    '/offices/:officeId/outreach-report',
    requireStaff('supervisor', 'admin', 'city'),
    officeScope,
    validate('param', officeParams),
    validate('query', rangeQuery),
    async (c) => {
      const days = await officeDays(c.get('deps'), c.req.valid('param').officeId, c.req.valid('query'));
      if (!days.ok) return sendFailure(c, days);
      const r = await outreachReport(c.get('deps').db, days.value.office.id, days.value.from, days.value.to);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .post(
    '/offices/:officeId/assisted-filings',
    requireStaff(),
    officeScope,
    validate('param', officeParams),
    validate('json', assistedBody),
    async (c) => {
      const r = await markAssistedFiling(c.get('deps'), c.req.valid('param').officeId, c.get('staff').id, c.req.valid('json'));
      if (!r.ok) return sendFailure(c, r);
      return c.json(r.value, r.value.duplicate ? 200 : 201);
    },
  )
  .get(
    '/outreach',
    describeRoute({ summary: 'Upcoming outreach sessions, soonest first' }),
    validate('query', listQuery),
    async (c) => {
      const office = c.req.valid('query').office;
      return c.json(
        await upcomingSessions(c.get('deps').db, c.get('deps').clock.now(), office ? Number(office) : undefined),
        200,
      );
    },
  )
  .get('/outreach/:sessionId', validate('param', sessionParams), async (c) => {
    const r = await readSession(c.get('deps').db, c.req.valid('param').sessionId);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .get('/outreach/:sessionId/board', validate('param', sessionParams), async (c) => {
    const r = await sessionBoard(c.get('deps').db, c.req.valid('param').sessionId);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .post('/outreach/:sessionId/bookings', validate('param', sessionParams), validate('json', bookBody), async (c) => {
    const slow = await limitedByAddress(c, 'ip');
    if (slow) return slow;
    const r = await bookSession(c.get('deps'), c.req.valid('param').sessionId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .post(
    '/outreach/:sessionId/cancel',
    requireStaff('supervisor', 'admin'),
    sessionScope,
    validate('param', sessionParams),
    async (c) => {
      const r = await cancelSession(c.get('deps'), c.req.valid('param').sessionId);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .get('/outreach/:sessionId/bookings', requireStaff(), sessionScope, validate('param', sessionParams), async (c) =>
    c.json(await sessionBookings(c.get('deps').db, c.req.valid('param').sessionId), 200),
  )
  .post(
    '/outreach/:sessionId/check-in',
    requireStaff(),
    sessionScope,
    validate('param', sessionParams),
    validate('json', checkInBody),
    async (c) => {
      const r = await checkInOutreach(c.get('deps'), c.req.valid('param').sessionId, c.req.valid('json').code);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .get('/outreach/:sessionId/visits', requireStaff(), sessionScope, validate('param', sessionParams), async (c) =>
    c.json(await sessionVisits(c.get('deps').db, c.req.valid('param').sessionId), 200),
  )
  .post(
    '/outreach/:sessionId/visits',
    requireStaff(),
    sessionScope,
    validate('param', sessionParams),
    validate('json', visitBody),
    async (c) => {
      const r = await recordVisit(c.get('deps'), c.req.valid('param').sessionId, c.get('staff').id, c.req.valid('json'));
      if (!r.ok) return sendFailure(c, r);
      // 201 the first time; the same key again is 200 with the visit it made.
      return c.json(r.value, r.value.duplicate ? 200 : 201);
    },
  )
  .get('/outreach-bookings/:token', validate('param', tokenParams), async (c) => {
    const r = await readBooking(c.get('deps').db, c.req.valid('param').token);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .delete('/outreach-bookings/:token', validate('param', tokenParams), async (c) => {
    const slow = await limitedByAddress(c, 'ip');
    if (slow) return slow;
    const r = await cancelBooking(c.get('deps'), c.req.valid('param').token);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .post(
    '/outreach-bookings/:token/move',
    validate('param', tokenParams),
    validate('json', z.object({ sessionId: id('OUTREACH_NOT_FOUND') })),
    async (c) => {
      const slow = await limitedByAddress(c, 'ip');
      if (slow) return slow;
      const r = await moveBooking(c.get('deps'), c.req.valid('param').token, c.req.valid('json').sessionId);
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .get('/outreach-bookings/:token/calendar.ics', validate('param', tokenParams), async (c) => {
    const { db, clock } = c.get('deps');
    const b = await bookingByToken(db, c.req.valid('param').token);
    const s = b ? await getSession(db, b.sessionId) : undefined;
    if (!b || !s) return sendFailure(c, fail('OUTREACH_BOOKING_NOT_FOUND'));
    const office = await officeOfSession(db, s);
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${b.code}.ics"`);
    return c.body(
      icsCalendar({
        uid: `outreach-${b.code}@reception`,
        stamp: clock.now(),
        start: s.startsAt,
        end: s.endsAt,
        summary: `Hỗ trợ dịch vụ công trực tuyến – ${s.placeName} (${b.code})`,
        location: `${s.placeName}, ${s.address}`,
        description: office ? `${office.name}` : undefined,
        reminders: VISIT_REMINDERS,
      }),
      200,
    );
  });
