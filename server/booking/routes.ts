import { Hono } from 'hono';
import { z } from 'zod';
import { clientLang, fail, sendFailure } from '../errors';
import { type AppEnv, limitedByAddress, officeScope, publicBaseUrl, requireStaff, staffInScope, validate } from '../http';
import { getOffice } from '../offices/store';
import { freeText, id, idParam, instantOf, mobilePhone, officeParams } from '../schemas';
import { isValidDay, localDay } from '../time';
import {
  appointmentView,
  book,
  cancelAppointment,
  dayAppointments,
  erasePersonalData,
  getAppointmentByToken,
  rescheduleAppointment,
} from './appointments';
import { checkIn } from './check-in';
import { icsCalendar, VISIT_REMINDERS } from './ics';
import { isIdNumber } from './identity';
import { listSlots } from './slots';

const slotsParams = z.object({ officeId: idParam('OFFICE_NOT_FOUND'), serviceId: idParam('SERVICE_NOT_FOUND') });
const slotsQuery = z.object({
  from: z.string().refine(isValidDay, { error: 'INVALID_DATE' }).optional(),
  days: z
    .string()
    .regex(/^\d{1,2}$/, { error: 'INVALID_DAYS' })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: 'INVALID_DAYS' }).max(31, { error: 'INVALID_DAYS' }))
    .optional(),
});

const instant = instantOf('INVALID_START');

const bookBody = z.object({
  serviceId: id('UNKNOWN_SERVICE'),
  start: instant,
  name: freeText({ max: 100, error: 'NAME_REQUIRED' }),
  phone: mobilePhone,
  // An empty field on the form means "not given".
  idNumber: z
    .string({ error: 'INVALID_ID_NUMBER' })
    .transform((s) => s.replace(/\s/g, ''))
    .refine((s) => s === '' || isIdNumber(s), { error: 'INVALID_ID_NUMBER' })
    .nullish(),
  priority: z.string().max(40).nullish(),
});

const dayQuery = z.object({ day: z.string().refine(isValidDay, { error: 'INVALID_DATE' }).optional() });
const rescheduleBody = z.object({ start: instant });
const checkInBody = z.object({ code: z.string({ error: 'APPOINTMENT_NOT_FOUND' }).trim().min(1).max(500) });
const appointmentParams = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'APPOINTMENT_NOT_FOUND' }),
});

export const bookingRoutes = new Hono<AppEnv>()
  .get(
    '/offices/:officeId/services/:serviceId/slots',
    validate('param', slotsParams),
    validate('query', slotsQuery),
    async (c) => {
      const { officeId, serviceId } = c.req.valid('param');
      const { from, days } = c.req.valid('query');
      const { db, clock } = c.get('deps');
      const slots = await listSlots(db, { officeId, serviceId, from, days: days ?? 7, now: clock.now() });
      if (!slots.ok) return sendFailure(c, slots);
      return c.json(slots.value, 200);
    },
  )
  .post('/offices/:officeId/appointments', validate('param', officeParams), validate('json', bookBody), async (c) => {
    const refused = await limitedByAddress(c, 'ip');
    if (refused) return refused;
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,128}$/.test(key)) return sendFailure(c, fail('INVALID_IDEMPOTENCY_KEY'));
    const body = c.req.valid('json');
    const booked = await book(c.get('deps'), {
      officeId: c.req.valid('param').officeId,
      serviceId: body.serviceId,
      start: body.start,
      name: body.name,
      phone: body.phone,
      idNumber: body.idNumber || null,
      priority: body.priority ?? null,
      idempotencyKey: key ?? null,
    });
    if (!booked.ok) return sendFailure(c, booked);
    return c.json(booked.value, 201);
  })
  .get(
    '/offices/:officeId/appointments',
    requireStaff(),
    officeScope,
    validate('param', officeParams),
    validate('query', dayQuery),
    async (c) => {
      const { officeId } = c.req.valid('param');
      const { db, clock } = c.get('deps');
      const office = await getOffice(db, officeId);
      if (!office) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
      const day = c.req.valid('query').day ?? localDay(clock.now(), office.timezone);
      return c.json(await dayAppointments(db, officeId, day), 200);
    },
  )
  .post('/offices/:officeId/check-in', validate('param', officeParams), validate('json', checkInBody), async (c) => {
    const { officeId } = c.req.valid('param');
    const staff = c.get('staff');
    const device = c.get('device');
    const kioskHere = device?.kind === 'kiosk' && device.officeId === officeId;
    if (!kioskHere && !staffInScope(c, officeId)) return sendFailure(c, fail(staff || device ? 'FORBIDDEN' : 'UNAUTHENTICATED'));
    if (!(await getOffice(c.get('deps').db, officeId))) return sendFailure(c, fail('OFFICE_NOT_FOUND'));
    const result = await checkIn(c.get('deps'), officeId, c.req.valid('json').code);
    if (!result.ok) return sendFailure(c, result);
    const { ticket, appointmentId, notice } = result.value;
    return c.json({ ...ticket, appointmentId, ...(notice ? { notice: notice[clientLang(c)] } : {}) }, 201);
  })
  .get('/appointments/:token', validate('param', appointmentParams), async (c) => {
    const { db } = c.get('deps');
    const a = await getAppointmentByToken(db, c.req.valid('param').token);
    if (!a) return sendFailure(c, fail('APPOINTMENT_NOT_FOUND'));
    return c.json(await appointmentView(db, a), 200);
  })
  .delete('/appointments/:token', validate('param', appointmentParams), async (c) => {
    const refused = await limitedByAddress(c, 'ip');
    if (refused) return refused;
    const cancelled = await cancelAppointment(c.get('deps'), c.req.valid('param').token);
    if (!cancelled.ok) return sendFailure(c, cancelled);
    return c.json(cancelled.value, 200);
  })
  .delete('/appointments/:token/personal-data', validate('param', appointmentParams), async (c) => {
    const refused = await limitedByAddress(c, 'ip');
    if (refused) return refused;
    const erased = await erasePersonalData(c.get('deps'), c.req.valid('param').token);
    if (!erased.ok) return sendFailure(c, erased);
    return c.json(erased.value, 200);
  })
  .post('/appointments/:token/reschedule', validate('param', appointmentParams), validate('json', rescheduleBody), async (c) => {
    const refused = await limitedByAddress(c, 'ip');
    if (refused) return refused;
    const moved = await rescheduleAppointment(c.get('deps'), c.req.valid('param').token, c.req.valid('json').start);
    if (!moved.ok) return sendFailure(c, moved);
    return c.json(moved.value, 200);
  })
  .get('/appointments/:token/calendar.ics', validate('param', appointmentParams), async (c) => {
    const { db, clock, config } = c.get('deps');
    const a = await getAppointmentByToken(db, c.req.valid('param').token);
    if (!a) return sendFailure(c, fail('APPOINTMENT_NOT_FOUND'));
    const view = await appointmentView(db, a);
    const base = publicBaseUrl(c, config.PUBLIC_URL);
    const ics = icsCalendar({
      uid: `appointment-${a.id}-${a.code}@${new URL(base).host}`,
      stamp: clock.now(),
      start: a.slotStart,
      end: a.slotEnd,
      summary: view.serviceName,
      location: `${view.officeName}, ${view.officeAddress}`,
      description: `Mã lịch hẹn / Booking code: ${a.code}\nQuản lý lịch hẹn / Manage: ${base}/a/${a.token}`,
      url: `${base}/a/${a.token}`,
      reminders: VISIT_REMINDERS,
    });
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="lich-hen-${a.code}.ics"`);
    c.header('Cache-Control', 'no-store');
    return c.body(ics, 200);
  });
