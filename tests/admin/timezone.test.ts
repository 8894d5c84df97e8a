// A ticket number never repeats within a day, whatever an admin edits: moving the office to
// another time zone while it has tickets today would start a second "today" numbered from 001.
import { describe, expect, it } from 'vitest';
import { at, expectError, serviceIdOf, sqlAll, testApp } from '../helpers';

describe("changing an office's time zone", () => {
  it('is refused while the office has tickets today; numbering carries on; allowed on a day without tickets', async () => {
    const f = await testApp();
    const admin = f.client.fresh();
    await admin.login('admin');
    const kiosk = f.client.fresh();
    await kiosk.login('canbo1');
    const A = await serviceIdOf(f.db, 'A');
    // 10:00 in Hà Nội is 19:00 the day before in Los Angeles: another local day.
    f.clock.set(at('2026-11-30', 10));
    expect((await kiosk.post('/api/offices/1/tickets', { serviceId: A })).body.number).toBe('A001');

    const refused = await admin.request('PATCH', '/api/admin/offices/1', { timezone: 'America/Los_Angeles' });
    expectError(refused, 409, 'TIMEZONE_CHANGE_WITH_TICKETS');
    expect((await admin.get('/api/admin/offices/1')).body.timezone).toBe('Asia/Ho_Chi_Minh');
    // The rest of the patch is not applied either: one edit, all or nothing.
    expectError(
      await admin.request('PATCH', '/api/admin/offices/1', { name: 'Tên mới', timezone: 'UTC' }),
      409,
      'TIMEZONE_CHANGE_WITH_TICKETS',
    );
    expect((await admin.get('/api/admin/offices/1')).body.name).not.toBe('Tên mới');
    expect((await kiosk.post('/api/offices/1/tickets', { serviceId: A })).body.number).toBe('A002');
    // Other edits of the office are not held back by its tickets.
    expect((await admin.request('PATCH', '/api/admin/offices/1', { name: 'Trung tâm mới' })).status).toBe(200);

    // Two days later, before anything is issued, the change goes through; numbers start at 001
    // on the new zone's today and none repeats within a day.
    f.clock.set(at('2026-12-02', 6));
    await admin.login('admin');
    await kiosk.login('canbo1');
    expect((await admin.request('PATCH', '/api/admin/offices/1', { timezone: 'Asia/Bangkok' })).status).toBe(200);
    f.clock.set(at('2026-12-02', 10));
    expect((await kiosk.post('/api/offices/1/tickets', { serviceId: A })).body.number).toBe('A001');
    const repeats = await sqlAll(
      f.db,
      'select local_day, number, count(*) as n from tickets group by local_day, number having count(*) > 1',
    );
    expect(repeats).toEqual([]);
  });
});
