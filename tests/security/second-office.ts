// The office-scope sweeps need two offices with real rows in each: the seeded demo office gets a
// booking, a served ticket with its feedback item and an audit row; a second office is made
// through the admin API with its own sector, service, counter, device and staff (supervisor,
// officer and an admin bound to it); a city leader belongs to neither.
import { STAFF_PASSWORD, sqlGet, type TestClient } from '../helpers';
import type { World } from './endpoints';

export interface OfficeIds extends Record<string, string> {
  officeId: string;
  counterId: string;
  serviceId: string;
  sectorId: string;
  deviceId: string;
  staffId: string;
  feedbackId: string;
  appointmentId: string;
  dossierId: string;
  unitId: string;
  sessionId: string;
  date: string;
}

export interface TwoOffices {
  /** Real ids of the demo office's rows, by path parameter name. */
  first: OfficeIds;
  firstTokens: { ticket: string; appointment: string };
  second: OfficeIds;
  officer2: TestClient;
  supervisor2: TestClient;
  /** An admin bound to the second office. */
  admin2: TestClient;
  city: TestClient;
}

function must<T extends { status: number; body: unknown }>(r: T, status: number, what: string): T {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function createStaff(admin: TestClient, username: string, role: string, officeId: number | null) {
  const r = await admin.post('/api/admin/staff', {
    username,
    displayName: `Kiểm thử ${username}`,
    role,
    officeId,
    password: STAFF_PASSWORD,
  });
  return must(r, 201, `staff ${username}`).body.id as number;
}

export async function addSecondOffice(world: World): Promise<TwoOffices> {
  const { admin, officer, supervisor, anonymous } = world;

  // The demo office: a booking, a ticket served and rated "not satisfied" with a comment (which
  // opens a feedback item), and an audit row.
  const slots = must(await anonymous.get('/api/offices/1/services/1/slots?from=2026-11-30&days=1'), 200, 'slots');
  const booked = must(
    await anonymous.post('/api/offices/1/appointments', {
      serviceId: 1,
      start: slots.body[0].start,
      name: 'Nguyễn Văn Phạm Vi',
      phone: '0911000007',
    }),
    201,
    'booking',
  );
  must(await officer.post('/api/counters/1/open'), 200, 'open');
  const called = must(await officer.post('/api/counters/1/call-next'), 200, 'call');
  must(await officer.post('/api/counters/1/start'), 200, 'start');
  const dossier = must(
    await officer.post('/api/counters/1/dossiers', { applicantName: 'Nguyễn Văn Phạm Vi', phone: '0911000007' }),
    201,
    'dossier',
  ).body.id as number;
  must(await officer.post('/api/counters/1/finish'), 200, 'finish');
  must(await officer.post('/api/counters/1/close'), 200, 'close');
  const served = (await sqlGet(world.db, 'select token from tickets where id = ?', called.body.ticket.id)) as {
    token: string;
  };
  must(await anonymous.post(`/api/tickets/${served.token}/rating`, { level: 1, comment: 'Chờ quá lâu' }), 201, 'rating');
  const inbox = must(await supervisor.get('/api/offices/1/feedback'), 200, 'inbox');
  must(await admin.request('PATCH', '/api/admin/offices/1/settings', { ticker: 'Kiểm thử phạm vi' }), 200, 'settings');
  must(await admin.post('/api/admin/offices/1/holidays', { date: '2027-01-02', name: 'Nghỉ bù' }), 201, 'holiday');
  const canbo1 = must(await officer.get('/api/auth/me'), 200, 'me').body.user.id as number;
  const session = must(
    await supervisor.post('/api/offices/1/outreach', {
      placeName: 'Nhà văn hóa tổ dân phố 5',
      address: 'Ngõ 12 Đội Cấn',
      startsAt: '2030-01-07T01:00:00Z',
      endsAt: '2030-01-07T04:00:00Z',
      capacity: 20,
      serviceIds: [1],
    }),
    201,
    'outreach session',
  ).body.id as number;

  // The second office, through the admin API.
  const office = must(
    await admin.post('/api/admin/offices', {
      name: 'Trung tâm Phục vụ hành chính công phường Ba Đình',
      address: 'Số 25 phố Liễu Giai',
      timezone: 'Asia/Ho_Chi_Minh',
    }),
    201,
    'office',
  ).body.id as number;
  const O = `/api/admin/offices/${office}`;
  const sector = must(await admin.post(`${O}/sectors`, { name: 'Hộ tịch' }), 201, 'sector').body.id as number;
  const unit = must(await admin.post(`/api/offices/${office}/units`, { name: 'Bộ phận Một cửa' }), 201, 'unit').body.id as number;
  const service = must(
    await admin.post(`${O}/services`, {
      sectorId: sector,
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      prefix: 'A',
      avgServiceMinutes: 10,
    }),
    201,
    'service',
  ).body.id as number;
  const counter = must(await admin.post(`${O}/counters`, { number: 1, name: 'Quầy 1', serviceIds: [service] }), 201, 'counter')
    .body.id as number;
  const device = must(await admin.post(`${O}/devices`, { kind: 'display', name: 'Màn hình sảnh' }), 201, 'device').body
    .id as number;
  const officer2Id = await createStaff(admin, 'canbo21', 'officer', office);
  await createStaff(admin, 'giamsat2', 'supervisor', office);
  await createStaff(admin, 'quantri2', 'admin', office);
  await createStaff(admin, 'lanhdao', 'city', null);

  const [officer2, supervisor2, admin2, city] = [anonymous.fresh(), anonymous.fresh(), anonymous.fresh(), anonymous.fresh()];
  await Promise.all([officer2.login('canbo21'), supervisor2.login('giamsat2'), admin2.login('quantri2'), city.login('lanhdao')]);
  const session2 = must(
    await supervisor2.post(`/api/offices/${office}/outreach`, {
      placeName: 'Hội trường khu công nghiệp',
      address: 'Lô A1',
      startsAt: '2030-01-08T01:00:00Z',
      endsAt: '2030-01-08T04:00:00Z',
      capacity: 20,
      serviceIds: [service],
    }),
    201,
    'second outreach session',
  ).body.id as number;

  return {
    first: {
      officeId: '1',
      counterId: '1',
      serviceId: '1',
      sectorId: '1',
      deviceId: '1',
      staffId: String(canbo1),
      feedbackId: String(inbox.body[0].id),
      appointmentId: String(booked.body.id),
      dossierId: String(dossier),
      unitId: String(
        ((await sqlGet(world.db, 'select min(id) as id from office_units where office_id = 1')) as { id: number }).id,
      ),
      sessionId: String(session),
      date: '2027-01-02',
    },
    firstTokens: { ticket: served.token, appointment: booked.body.token },
    second: {
      officeId: String(office),
      counterId: String(counter),
      serviceId: String(service),
      sectorId: String(sector),
      deviceId: String(device),
      staffId: String(officer2Id),
      feedbackId: '987654',
      appointmentId: '987654',
      dossierId: '987654',
      unitId: String(unit),
      sessionId: String(session2),
      date: '2027-01-02',
    },
    officer2,
    supervisor2,
    admin2,
    city,
  };
}
