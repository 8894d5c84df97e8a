// What the security sweeps run over: every /api endpoint the app has when the test runs (read
// from Hono's own route table, so new features are swept without editing a list), what each
// expects in its path, query and body (from /api/openapi.json), who may call it (the access
// policy below: a new endpoint that no rule classifies fails the sweep until someone decides),
// the callers (each staff role and each kind of paired device) and a snapshot of every table.
import { createHash } from 'node:crypto';
import { createDevice, pairDevice } from '../../server/devices/store';
import { DEVICE_COOKIE } from '../../server/http';
import { sqlAll, type TestClient, testApp } from '../helpers';
import { testBackend } from '../test-databases';

export interface Endpoint {
  method: string;
  /** Hono's pattern, e.g. /api/counters/:counterId/call */
  path: string;
  params: string[];
  query: { name: string; schema: JsonSchema }[];
  /** The JSON body's schema, when the endpoint validates one. */
  body?: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  items?: JsonSchema;
  pattern?: string;
  format?: string;
}

type App = Awaited<ReturnType<typeof testApp>>['app'];

const notApi = new Set(['/api/openapi.json', '/api/docs']);

export async function listEndpoints(app: App): Promise<Endpoint[]> {
  const doc = (await (await app.request('/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { parameters?: { in: string; name: string; schema?: JsonSchema }[]; requestBody?: any }>
    >;
  };
  const seen = new Map<string, Endpoint>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/') || notApi.has(r.path) || r.path.startsWith('/api/docs/')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    seen.set(key, {
      method: r.method,
      path: r.path,
      params,
      query: (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
      body: op?.requestBody?.content?.['application/json']?.schema,
    });
  }
  return [...seen.values()];
}

/**
 * Who may call what. `public`: anyone; `staff`: any signed-in staff member; `supervisor`:
 * supervisors and admins; `admin`; `kiosk`: a kiosk device or staff; `pad`: a rating pad device;
 * `leader`: the city's leaders and admins.
 */
export type Access = 'public' | 'staff' | 'supervisor' | 'admin' | 'kiosk' | 'pad' | 'leader';

interface Rule {
  method: string | '*';
  pattern: RegExp;
  access: Access;
  /** A body the endpoint accepts, for endpoints that validate the body before the caller. */
  sample?: unknown;
}

const rules: Rule[] = [
  { method: 'POST', pattern: /^\/api\/auth\/login$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/city\/compare(\.csv|\.xlsx)?$/, access: 'leader' },
  { method: 'GET', pattern: /^\/api\/city(\/earliest)?$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/open-data\//, access: 'public' },
  // A lost receipt: code and the phone's last four digits (rate limited).
  { method: 'GET', pattern: /^\/api\/dossiers\/lookup$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/dossiers\/:token$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/dossiers\/:dossierId\/staff$/, access: 'staff' },
  { method: 'POST', pattern: /^\/api\/dossiers\/:dossierId\/handoff$/, access: 'staff', sample: { unitId: 1 } },
  { method: 'POST', pattern: /^\/api\/dossiers\/:dossierId\/transition$/, access: 'staff', sample: { to: 'processing' } },
  {
    method: 'POST',
    pattern: /^\/api\/dossiers\/:dossierId\/apology$/,
    access: 'staff',
    sample: { reason: 'Chờ xác minh', newDueAt: '2030-01-01T10:00:00Z' },
  },
  {
    method: 'POST',
    pattern: /^\/api\/counters\/:counterId\/dossiers$/,
    access: 'staff',
    sample: { applicantName: 'Lê A', phone: '0912345678' },
  },
  { method: 'POST', pattern: /^\/api\/offices\/:officeId\/pickup$/, access: 'kiosk', sample: { code: 'HS001-000000-0001' } },
  { method: 'GET', pattern: /^\/api\/offices\/:officeId\/dossiers$/, access: 'staff' },
  { method: 'GET', pattern: /^\/api\/offices\/:officeId\/dossier-stats(\.csv|\.xlsx)?$/, access: 'supervisor' },
  { method: 'GET', pattern: /^\/api\/offices\/:officeId\/units$/, access: 'staff' },
  { method: 'POST', pattern: /^\/api\/offices\/:officeId\/units$/, access: 'admin', sample: { name: 'Phòng Tư pháp' } },
  { method: 'PATCH', pattern: /^\/api\/units\/:unitId$/, access: 'admin', sample: { name: 'Phòng Tư pháp' } },
  { method: '*', pattern: /^\/api\/auth\//, access: 'staff' },
  { method: '*', pattern: /^\/api\/admin(\/|$)/, access: 'admin' },
  { method: 'POST', pattern: /^\/api\/offices\/:officeId\/devices$/, access: 'admin' },
  { method: 'GET', pattern: /^\/api\/offices(\/:officeId\/(services|counters|calls|settings\/public))?$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/offices\/:officeId\/services\/:serviceId\/slots$/, access: 'public' },
  { method: 'POST', pattern: /^\/api\/offices\/:officeId\/appointments$/, access: 'public' },
  // The day's bookings for the counters (phones masked).
  { method: 'GET', pattern: /^\/api\/offices\/:officeId\/appointments$/, access: 'staff' },
  { method: '*', pattern: /^\/api\/appointments\/:token(\/|$)/, access: 'public' },
  { method: '*', pattern: /^\/api\/tickets\/:token(\/|$)/, access: 'public' },
  { method: 'POST', pattern: /^\/api\/offices\/:officeId\/tickets$/, access: 'kiosk', sample: { serviceId: 1 } },
  { method: 'POST', pattern: /^\/api\/offices\/:officeId\/check-in$/, access: 'kiosk', sample: { code: 'ABCDEF' } },
  { method: '*', pattern: /^\/api\/pad\//, access: 'pad', sample: { ticketId: 1, level: 5 } },
  {
    method: 'POST',
    pattern: /^\/api\/counters\/:counterId\/force-close$/,
    access: 'supervisor',
    sample: { reason: 'Cán bộ nghỉ ốm' },
  },
  { method: '*', pattern: /^\/api\/counters\//, access: 'staff' },
  // Reports, the live office and the feedback inbox (and what is added next to them).
  {
    method: 'GET',
    pattern: /^\/api\/offices\/:officeId\/(stats|reports|live|feedback|ratings|planner)(\/|\.|$)/,
    access: 'supervisor',
  },
  // The feedback channel: anyone sends and tracks by token, reads the published answers; the
  // city's inbox is the leaders'; taking, handing over, answering and closing are the handlers'
  // (the centre's supervisors, or the city's leaders for the city's items: tests/feedback).
  { method: 'POST', pattern: /^\/api\/feedback$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/feedback\/:token$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/feedback-answers$/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/city\/feedback$/, access: 'leader' },
  { method: 'POST', pattern: /^\/api\/feedback\/:feedbackId\/reassign$/, access: 'supervisor', sample: { officeId: 2 } },
  { method: 'POST', pattern: /^\/api\/feedback\/:feedbackId\/(assign|close)$/, access: 'supervisor', sample: {} },
  { method: '*', pattern: /^\/api\/feedback\//, access: 'supervisor', sample: { answer: 'Cảm ơn' } },
  // Outreach sessions: a supervisor schedules and reads the report; anyone lists, books, reads
  // and cancels their booking; the centre's staff check in and record visits on site, and mark
  // assisted filings at the counters.
  {
    method: 'POST',
    pattern: /^\/api\/offices\/:officeId\/outreach$/,
    access: 'supervisor',
    sample: {
      placeName: 'Nhà văn hóa',
      address: 'Số 1',
      startsAt: '2030-01-07T01:00:00Z',
      endsAt: '2030-01-07T04:00:00Z',
      capacity: 5,
      serviceIds: [1],
    },
  },
  { method: 'GET', pattern: /^\/api\/offices\/:officeId\/outreach-report$/, access: 'supervisor' },
  {
    method: 'POST',
    pattern: /^\/api\/offices\/:officeId\/assisted-filings$/,
    access: 'staff',
    sample: { key: 'k-sweep-assisted-1' },
  },
  { method: 'GET', pattern: /^\/api\/outreach(\/:sessionId(\/board)?)?$/, access: 'public' },
  { method: 'POST', pattern: /^\/api\/outreach\/:sessionId\/bookings$/, access: 'public' },
  { method: '*', pattern: /^\/api\/outreach-bookings\/:token(\/|$)/, access: 'public' },
  { method: 'GET', pattern: /^\/api\/outreach\/:sessionId\/(bookings|visits)$/, access: 'staff' },
  { method: 'POST', pattern: /^\/api\/outreach\/:sessionId\/cancel$/, access: 'supervisor' },
  { method: 'POST', pattern: /^\/api\/outreach\/:sessionId\/check-in$/, access: 'staff', sample: { code: 'LABCDEFG' } },
  {
    method: 'POST',
    pattern: /^\/api\/outreach\/:sessionId\/visits$/,
    access: 'staff',
    sample: { key: 'k-sweep-visit-01', filedOnline: false, eidSetUp: false },
  },
];

export function ruleFor(e: Endpoint): Rule | undefined {
  return rules.find((r) => (r.method === '*' || r.method === e.method) && r.pattern.test(e.path));
}

export interface World {
  app: App;
  db: Awaited<ReturnType<typeof testApp>>['db'];
  anonymous: TestClient;
  officer: TestClient;
  supervisor: TestClient;
  admin: TestClient;
  display: TestClient;
  kiosk: TestClient;
  pad: TestClient;
  /** Real values for path parameters, by name (and for `token`, by what it names). */
  ids: Record<string, string>;
  ticketToken: string;
}

/** A seeded app with a client for each kind of caller and a few real rows to point at. */
export async function createWorld(): Promise<World> {
  const t = await testApp();
  const { app, db, store, clock, officeId } = t;
  const anonymous = t.client;
  const officer = anonymous.fresh();
  const supervisor = anonymous.fresh();
  const admin = anonymous.fresh();
  await Promise.all([officer.login('canbo1'), supervisor.login('giamsat'), admin.login('admin')]);
  const device = async (kind: 'display' | 'kiosk' | 'pad') => {
    const made = await store.write((tx) =>
      createDevice(tx, officeId, { kind, name: `sweep ${kind}`, counterId: kind === 'pad' ? 1 : undefined }, clock.now()),
    );
    if (!made.ok) throw new Error(made.code);
    const paired = await store.write((tx) => pairDevice(tx, made.value.pairToken, clock.now()));
    if (!paired.ok) throw new Error(paired.code);
    const c = anonymous.fresh();
    c.cookie = `${DEVICE_COOKIE}=${paired.value.secret}`;
    return c;
  };
  const issued = await officer.post(`/api/offices/${officeId}/tickets`, { serviceId: 1 });
  if (issued.status !== 201) throw new Error(`ticket: ${issued.status}`);
  return {
    app,
    db,
    anonymous,
    officer,
    supervisor,
    admin,
    display: await device('display'),
    kiosk: await device('kiosk'),
    pad: await device('pad'),
    ids: {
      officeId: '1',
      counterId: '1',
      serviceId: '1',
      sectorId: '1',
      deviceId: '1',
      staffId: '3',
      feedbackId: '1',
      sessionId: '1',
      date: '2026-01-01',
    },
    ticketToken: issued.body.token,
  };
}

/** The endpoint's path with real (or the given) parameter values. */
export function fillPath(world: World, e: Endpoint, override: Record<string, string> = {}): string {
  return e.path.replace(/:(\w+)/g, (_, name: string) => {
    if (name in override) return encodeURIComponent(override[name]!);
    if (name === 'token') return e.path.startsWith('/api/tickets/') ? world.ticketToken : 'NoSuchAppointmentToken1';
    return world.ids[name] ?? '1';
  });
}

/** Row count and content hash of every table: equal snapshots mean nothing was written. */
export async function snapshot(db: World['db']): Promise<Record<string, string>> {
  const tables = await sqlAll<{ name: string }>(
    db,
    testBackend() === 'postgres'
      ? "select table_name as name from information_schema.tables where table_schema = 'public' order by 1"
      : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const rows = (await sqlAll(db, `select * from "${name}"`)).map((r) => JSON.stringify(r)).sort();
    out[name] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
  }
  return out;
}
