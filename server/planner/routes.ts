// GET /api/offices/:officeId/planner?day=YYYY-MM-DD with optional what-ifs: the staffing plan
// for a coming day (supervisors, admins, city leaders). Advice only: nothing is changed.
import { Hono } from 'hono';
import { z } from 'zod';
import { fail, sendFailure } from '../errors';
import { type AppEnv, officeScope, requireStaff, validate } from '../http';
import { getOffice } from '../offices/store';
import { officeParams } from '../schemas';
import { addDays, isValidDay, localDay } from '../time';
import { planStaffing, type WhatIf } from './plan';
import { plannerInput } from './store';

/** How far ahead a day may be planned. */
const MAX_DAYS_AHEAD = 60;

const plannerQuery = z.object({
  day: z.string().refine(isValidDay, { error: 'INVALID_DATE' }),
  closeCounterId: z.coerce.number().int().positive().optional(),
  closeFromHour: z.coerce.number().int().min(0).max(23).optional(),
  arrivalFactor: z.coerce.number().min(0.1).max(5).optional(),
  serviceId: z.coerce.number().int().positive().optional(),
  serviceMinutes: z.coerce.number().min(0.5).max(240).optional(),
});

export const plannerRoutes = new Hono<AppEnv>().get(
  '/offices/:officeId/planner',
  requireStaff('supervisor', 'admin', 'city'),
  officeScope,
  validate('param', officeParams),
  validate('query', plannerQuery),
  async (c) => {
    const { db, clock } = c.get('deps');
    const { officeId } = c.req.valid('param');
    const q = c.req.valid('query');
    const office = (await getOffice(db, officeId))!;
    const today = localDay(clock.now(), office.timezone);
    if (q.day < today || q.day > addDays(today, MAX_DAYS_AHEAD)) {
      return sendFailure(
        c,
        fail('INVALID_DATE', {
          vi: `Chọn một ngày từ hôm nay đến ${MAX_DAYS_AHEAD} ngày tới.`,
          en: `Choose a day from today to ${MAX_DAYS_AHEAD} days ahead.`,
        }),
      );
    }
    const input = (await plannerInput(db, officeId, q.day))!;
    const whatIf: WhatIf = {};
    if (q.closeCounterId !== undefined) {
      if (!input.counters.some((x) => x.id === q.closeCounterId)) return sendFailure(c, fail('UNKNOWN_COUNTER'));
      whatIf.closeCounter = { counterId: q.closeCounterId, fromHour: q.closeFromHour ?? 0 };
    }
    if (q.arrivalFactor !== undefined) whatIf.arrivalFactor = q.arrivalFactor;
    if ((q.serviceId === undefined) !== (q.serviceMinutes === undefined)) {
      return sendFailure(
        c,
        fail('VALIDATION_FAILED', undefined, {
          fields: [{ path: 'serviceMinutes', message: 'serviceId and serviceMinutes go together' }],
        }),
      );
    }
    if (q.serviceId !== undefined) {
      if (!input.services.some((s) => s.id === q.serviceId)) return sendFailure(c, fail('UNKNOWN_SERVICE'));
      whatIf.serviceMinutes = { serviceId: q.serviceId, minutes: q.serviceMinutes! };
    }
    const plan = input.closed
      ? { targetMinutes: input.targetMinutes, hours: [], unmet: [], seeds: 0 }
      : planStaffing(input.office, input.demand, { targetMinutes: input.targetMinutes, whatIf, seeds: 4 });
    return c.json(
      {
        day: q.day,
        closed: input.closed,
        whatIf,
        historyDays: input.historyDays,
        bookings: input.bookings,
        counters: input.counters,
        services: input.services,
        ...plan,
      },
      200,
    );
  },
);
