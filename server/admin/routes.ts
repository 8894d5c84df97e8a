// The admin API (/api/admin): offices and their settings, hours and holidays, sectors,
// services, counters, staff, devices and the audit log. Admins only (401 without a session,
// 403 for other roles); an admin bound to an office manages that office alone.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { describeRoute } from 'hono-openapi';
import { forgetServiceFacts } from '../booking/book-postgres';
import { deviceView, listDevices } from '../devices/store';
import { fail, sendFailure } from '../errors';
import { type AppDeps, type AppEnv, officeScope, publicBaseUrl, requireStaff, SESSION_COOKIE, validate } from '../http';
import { hashPassword } from '../staff/password';
import { mayAccess } from '../staff/scope';
import { listAudit } from './audit';
import {
  createSector,
  createService,
  deleteSector,
  deleteService,
  listAllServices,
  listSectors,
  updateSector,
  updateService,
} from './catalogue';
import { createCounter, deleteCounter, listAdminCounters, updateCounter } from './counters';
import { addDevice, editDevice, newPairLink, revoke } from './devices';
import {
  addHoliday,
  createOffice,
  listManagedOffices,
  officeDetail,
  removeHoliday,
  replaceHours,
  updateOffice,
  updateSettings,
} from './offices';
import {
  auditQuery,
  counterBody,
  counterParams,
  counterPatch,
  deviceBody,
  deviceParams,
  devicePatch,
  holidayBody,
  holidayParams,
  hoursBody,
  officeBody,
  officeParams,
  officePatch,
  passwordBody,
  sectorBody,
  sectorParams,
  sectorPatch,
  serviceBody,
  serviceParams,
  servicePatch,
  settingsPatch,
  staffBody,
  staffParams,
  staffPatch,
} from './schemas';
import { createStaff, listStaff, resetPassword, updateStaff } from './staff';

function pairUrl(c: { req: { url: string }; get(key: 'deps'): AppDeps }, token: string): string {
  return `${publicBaseUrl(c, c.get('deps').config.PUBLIC_URL)}/pair/${token}`;
}

export const adminRoutes = new Hono<AppEnv>()
  .use(requireStaff('admin'))
  // A change here (an office's settings, hours, holidays, a service, its counters) is what a
  // booking on this process decides on next, not what it remembered (booking/book-postgres.ts).
  .use(async (c, next) => {
    await next();
    if (c.req.method !== 'GET') forgetServiceFacts(c.get('deps').store);
  })
  // The office in the path must exist and be one the admin manages.
  .use('/offices/:officeId', officeScope)
  .use('/offices/:officeId/*', officeScope)

  // Offices, settings, hours, holidays.
  .get('/offices', describeRoute({ summary: 'The offices this admin manages' }), async (c) =>
    c.json(await listManagedOffices(c.get('deps').db, c.get('staff')), 200),
  )
  .post('/offices', validate('json', officeBody), async (c) => {
    const r = await createOffice(c.get('deps'), c.get('staff'), c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .get('/offices/:officeId', validate('param', officeParams), async (c) => {
    const office = await officeDetail(c.get('deps').db, c.req.valid('param').officeId);
    return office ? c.json(office, 200) : sendFailure(c, fail('OFFICE_NOT_FOUND'));
  })
  .patch('/offices/:officeId', validate('param', officeParams), validate('json', officePatch), async (c) => {
    const r = await updateOffice(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .patch('/offices/:officeId/settings', validate('param', officeParams), validate('json', settingsPatch), async (c) => {
    const r = await updateSettings(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .put('/offices/:officeId/hours', validate('param', officeParams), validate('json', hoursBody), async (c) => {
    const { hours, cancelBookings } = c.req.valid('json');
    const r = await replaceHours(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, hours, cancelBookings);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .post('/offices/:officeId/holidays', validate('param', officeParams), validate('json', holidayBody), async (c) => {
    const r = await addHoliday(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .delete('/offices/:officeId/holidays/:date', validate('param', holidayParams), async (c) => {
    const { officeId, date } = c.req.valid('param');
    const r = await removeHoliday(c.get('deps'), c.get('staff'), officeId, date);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })

  // Sectors and services.
  .get('/offices/:officeId/sectors', validate('param', officeParams), async (c) =>
    c.json(await listSectors(c.get('deps').db, c.req.valid('param').officeId), 200),
  )
  .post('/offices/:officeId/sectors', validate('param', officeParams), validate('json', sectorBody), async (c) => {
    const r = await createSector(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .patch('/offices/:officeId/sectors/:sectorId', validate('param', sectorParams), validate('json', sectorPatch), async (c) => {
    const { officeId, sectorId } = c.req.valid('param');
    const r = await updateSector(c.get('deps'), c.get('staff'), officeId, sectorId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .delete('/offices/:officeId/sectors/:sectorId', validate('param', sectorParams), async (c) => {
    const { officeId, sectorId } = c.req.valid('param');
    const r = await deleteSector(c.get('deps'), c.get('staff'), officeId, sectorId);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .get('/offices/:officeId/services', validate('param', officeParams), async (c) =>
    c.json(await listAllServices(c.get('deps').db, c.req.valid('param').officeId), 200),
  )
  .post('/offices/:officeId/services', validate('param', officeParams), validate('json', serviceBody), async (c) => {
    const r = await createService(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .patch(
    '/offices/:officeId/services/:serviceId',
    validate('param', serviceParams),
    validate('json', servicePatch),
    async (c) => {
      const { officeId, serviceId } = c.req.valid('param');
      const r = await updateService(c.get('deps'), c.get('staff'), officeId, serviceId, c.req.valid('json'));
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .delete('/offices/:officeId/services/:serviceId', validate('param', serviceParams), async (c) => {
    const { officeId, serviceId } = c.req.valid('param');
    const r = await deleteService(c.get('deps'), c.get('staff'), officeId, serviceId);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })

  // Counters.
  .get('/offices/:officeId/counters', validate('param', officeParams), async (c) =>
    c.json(await listAdminCounters(c.get('deps').db, c.req.valid('param').officeId), 200),
  )
  .post('/offices/:officeId/counters', validate('param', officeParams), validate('json', counterBody), async (c) => {
    const r = await createCounter(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .patch(
    '/offices/:officeId/counters/:counterId',
    validate('param', counterParams),
    validate('json', counterPatch),
    async (c) => {
      const { officeId, counterId } = c.req.valid('param');
      const r = await updateCounter(c.get('deps'), c.get('staff'), officeId, counterId, c.req.valid('json'));
      return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
    },
  )
  .delete('/offices/:officeId/counters/:counterId', validate('param', counterParams), async (c) => {
    const { officeId, counterId } = c.req.valid('param');
    const r = await deleteCounter(c.get('deps'), c.get('staff'), officeId, counterId);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })

  // Devices.
  .get('/offices/:officeId/devices', validate('param', officeParams), async (c) =>
    c.json((await listDevices(c.get('deps').db, c.req.valid('param').officeId)).map(deviceView), 200),
  )
  .post('/offices/:officeId/devices', validate('param', officeParams), validate('json', deviceBody), async (c) => {
    const r = await addDevice(c.get('deps'), c.get('staff'), c.req.valid('param').officeId, c.req.valid('json'));
    return r.ok ? c.json({ ...r.value.device, pairUrl: pairUrl(c, r.value.pairToken) }, 201) : sendFailure(c, r);
  })
  .patch('/offices/:officeId/devices/:deviceId', validate('param', deviceParams), validate('json', devicePatch), async (c) => {
    const { officeId, deviceId } = c.req.valid('param');
    const r = await editDevice(c.get('deps'), c.get('staff'), officeId, deviceId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .post('/offices/:officeId/devices/:deviceId/pair-link', validate('param', deviceParams), async (c) => {
    const { officeId, deviceId } = c.req.valid('param');
    const r = await newPairLink(c.get('deps'), c.get('staff'), officeId, deviceId);
    return r.ok ? c.json({ ...r.value.device, pairUrl: pairUrl(c, r.value.pairToken) }, 200) : sendFailure(c, r);
  })
  .post('/offices/:officeId/devices/:deviceId/revoke', validate('param', deviceParams), async (c) => {
    const { officeId, deviceId } = c.req.valid('param');
    const r = await revoke(c.get('deps'), c.get('staff'), officeId, deviceId);
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })

  // Staff.
  .get('/staff', describeRoute({ summary: 'The staff this admin manages' }), async (c) =>
    c.json(await listStaff(c.get('deps').db, c.get('staff')), 200),
  )
  .post('/staff', validate('json', staffBody), async (c) => {
    const { password, ...input } = c.req.valid('json');
    const r = await createStaff(c.get('deps'), c.get('staff'), { ...input, passwordHash: await hashPassword(password) });
    return r.ok ? c.json(r.value, 201) : sendFailure(c, r);
  })
  .patch('/staff/:staffId', validate('param', staffParams), validate('json', staffPatch), async (c) => {
    const r = await updateStaff(c.get('deps'), c.get('staff'), c.req.valid('param').staffId, c.req.valid('json'));
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })
  .post('/staff/:staffId/password', validate('param', staffParams), validate('json', passwordBody), async (c) => {
    const hash = await hashPassword(c.req.valid('json').password);
    const r = await resetPassword(
      c.get('deps'),
      c.get('staff'),
      c.req.valid('param').staffId,
      hash,
      getCookie(c, SESSION_COOKIE),
    );
    return r.ok ? c.json(r.value, 200) : sendFailure(c, r);
  })

  // The audit log, newest first. An office admin reads their office's rows only; a global
  // admin reads any office's, or every row when no office is named.
  .get('/audit', validate('query', auditQuery), async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('staff');
    if (q.officeId !== undefined && !mayAccess(actor, q.officeId, 'read')) return sendFailure(c, fail('FORBIDDEN'));
    const officeId = actor.officeId ?? q.officeId;
    return c.json(await listAudit(c.get('deps').db, { officeId, entity: q.entity, before: q.before, limit: q.limit }), 200);
  });
