// The HTTP edge shared by every feature's routes: the app's context type, who is calling
// (staff session or paired device), role and office-scope checks, and zod validation that
// answers in the contract's error shape.

import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context, MiddlewareHandler, ValidationTargets } from 'hono';
import { getCookie } from 'hono/cookie';
import { validator as openapiValidator } from 'hono-openapi';
import type { Db } from '../db/client';
import type { StaffRole } from '../db/schema';
import type { BookingLimiter } from './booking/rate-limit';
import type { Config } from './config';
import type { DeviceRow } from './devices/store';
import { deviceBySecret } from './devices/store';
import { type ErrorCode, fail, isErrorCode, type Result, sendFailure } from './errors';
import type { Deps } from './events';
import { getOffice, type Office } from './offices/store';
import type { Redis } from './redis';
import { idParam } from './schemas';
import { accessOf, mayAccess } from './staff/scope';
import { type StaffUser, sessionUser } from './staff/store';
import type { LoginGuard } from './staff/throttle';
import { addDays, localDay } from './time';

export const SESSION_COOKIE = 'rs_session';
export const DEVICE_COOKIE = 'rs_device';

/** What the app runs with, made once at start (server/server.ts createAppDeps). */
export interface AppDeps extends Deps {
  config: Config;
  throttle: LoginGuard;
  bookingLimiter: BookingLimiter;
  /** The city's Redis (REDIS_URL), when there is one. */
  redis?: Redis;
  /** The key CCCD numbers are hashed with (server/booking/identity.ts). */
  idNumberPepper: string;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    staff: StaffUser | null;
    device: DeviceRow | null;
    requestId: string;
  };
};

/** Reads the session and device cookies once per request. */
export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, clock } = c.get('deps');
    const session = getCookie(c, SESSION_COOKIE);
    const device = getCookie(c, DEVICE_COOKIE);
    c.set('staff', session ? await sessionUser(db, session, clock.now()) : null);
    c.set('device', device ? ((await deviceBySecret(db, device)) ?? null) : null);
    await next();
  };
}

/** The context after requireStaff: the staff member is known. */
export type StaffEnv = AppEnv & { Variables: { staff: StaffUser } };

/** 401 without a staff session; 403 when the role is not among those allowed. */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler<StaffEnv> {
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.get('staff');
    if (!user) return sendFailure(c, fail('UNAUTHENTICATED'));
    if (roles.length && !roles.includes(user.role)) return sendFailure(c, fail('FORBIDDEN'));
    await next();
  };
  // The one place the type learns what the check established: handlers after it read
  // c.get('staff') as present.
  return check as unknown as MiddlewareHandler<StaffEnv>;
}

/**
 * After requireStaff, for a path id that leads to an office (`officeOf` reads which): 404
 * `notFound` when there is no such row, 403 when its office is outside the staff member's
 * scope for what the method does (server/staff/scope.ts).
 */
export function scopedBy(
  param: string,
  officeOf: (db: Db, id: number) => Promise<number | undefined>,
  notFound: ErrorCode,
): MiddlewareHandler<StaffEnv> {
  const parse = idParam(notFound);
  return async (c, next) => {
    const id = parse.safeParse(c.req.param(param));
    const officeId = id.success ? await officeOf(c.get('deps').db, id.data) : undefined;
    if (officeId === undefined) return sendFailure(c, fail(notFound));
    if (!mayAccess(c.get('staff'), officeId, accessOf(c.req.method))) return sendFailure(c, fail('FORBIDDEN'));
    await next();
  };
}

/**
 * Whether an office exists. Offices are never deleted, so one seen is remembered (per database:
 * tests open many): a kiosk's or officer's every request asked the reader connection, whose page
 * cache every commit empties.
 */
const knownOffices = new WeakMap<Db, Set<number>>();
export async function officeExists(db: Db, officeId: number): Promise<boolean> {
  let known = knownOffices.get(db);
  if (known?.has(officeId)) return true;
  if (!(await getOffice(db, officeId))) return false;
  if (!known) {
    known = new Set();
    knownOffices.set(db, known);
  }
  known.add(officeId);
  return true;
}

/** The office of /offices/:officeId must exist and be in the staff member's scope. */
export const officeScope = scopedBy(
  'officeId',
  async (db, id) => ((await officeExists(db, id)) ? id : undefined),
  'OFFICE_NOT_FOUND',
);

/** Whether the signed-in staff member (if any) may do what this request does in this office. */
export function staffInScope(c: { get(key: 'staff'): StaffUser | null; req: { method: string } }, officeId: number): boolean {
  const staff = c.get('staff');
  return staff !== null && mayAccess(staff, officeId, accessOf(c.req.method));
}

/**
 * The caller's address, for per-address limits. Behind `trustedProxies` proxies of our own (each
 * appends the address it saw to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` and
 * HAProxy's `option forwardfor` do), the address the outermost of ours saw: that many entries from
 * the right. Entries further left were written by the client and are never believed. Without a
 * proxy, the socket's address.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    // Fewer entries than proxies: a request that reached us around them; the socket decides.
    const hop = hops[hops.length - trustedProxies];
    if (hop) return hop;
  }
  // The socket's address only (getConnInfo also reads its port and family, a system call each
  // on a new connection); no socket under app.request in tests.
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming ? (incoming.socket?.remoteAddress ?? 'unknown') : 'local';
}

/**
 * The per-address limit of residents' writes (bookings, outreach places, feedback, dossier
 * lookups; the booking limiter, shared by every process): 429 with Retry-After once this address
 * has done too much under `kind`, else null.
 */
export async function limitedByAddress(c: Context<AppEnv>, kind: string) {
  const { bookingLimiter, clock, config } = c.get('deps');
  const wait = await bookingLimiter.hit(`${kind}:${clientIp(c, config.TRUST_PROXY)}`, clock.now());
  return wait > 0 ? sendFailure(c, fail('RATE_LIMITED', undefined, { retryAfterSeconds: wait })) : null;
}

/**
 * The attributes every cookie of this server is set with: HttpOnly, SameSite=Lax, path /, and
 * Secure whenever residents reach it over https, on the request itself or (behind a
 * TLS-terminating proxy, where the request is plain http) by the public URL.
 */
export function cookieOptions(c: { req: { url: string } }, config: Pick<Config, 'PUBLIC_URL'>, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:' || config.PUBLIC_URL?.startsWith('https:') === true,
    path: '/',
    maxAge: maxAgeSeconds,
  } as const;
}

/**
 * A paired kiosk or a staff member may go on (tickets, result pickup); anyone else is told to
 * sign in first, before their body is even read. Which office they may act for: officeKioskOrStaff.
 */
export const kioskOrStaff = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!c.get('staff') && !c.get('device')) return sendFailure(c, fail('UNAUTHENTICATED'));
  await next();
};

/** The office exists, and the caller is its paired kiosk or staff who may act in it; else the failure. */
export async function kioskOrStaffOf(c: Context<AppEnv>, officeId: number): Promise<Result<true>> {
  if (!(await officeExists(c.get('deps').db, officeId))) return fail('OFFICE_NOT_FOUND');
  const device = c.get('device');
  const kioskHere = device?.kind === 'kiosk' && device.officeId === officeId;
  if (!kioskHere && !staffInScope(c, officeId)) return fail('FORBIDDEN');
  return { ok: true, value: true };
}

/**
 * Whether a request comes from one of this server's own pages: its Origin (or, when empty, its
 * Referer) names the request's host, or the public URL's when a proxy rewrites Host. `absent` says what a request without
 * either means (a scanner or a script, not a page).
 */
export function fromOwnSite(c: Context, publicUrl: string | undefined, absent: boolean): boolean {
  const source = c.req.header('origin') || c.req.header('referer');
  if (!source) return absent;
  const host = hostOf(source);
  if (host === undefined) return false;
  return host === c.req.header('host') || (publicUrl !== undefined && host === hostOf(publicUrl));
}

// The host of the last few Origins seen (a page's Origin is the same on every request; parsing
// it was a hundredth of a ticket's time).
const hosts = new Map<string, string | undefined>();
function hostOf(url: string): string | undefined {
  if (hosts.has(url)) return hosts.get(url);
  let host: string | undefined;
  try {
    host = new URL(url).host;
  } catch {
    host = undefined;
  }
  if (hosts.size >= 64) hosts.clear();
  // Referers carry paths (and booking tokens): only bare origins are remembered.
  if (url.length <= 200 && !url.slice(url.indexOf('//') + 2).includes('/')) hosts.set(url, host);
  return host;
}

/** A range of office-local days (both default to today, at most a year) and its office. */
export async function officeDays(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  officeId: number,
  q: { from?: string; to?: string },
): Promise<Result<{ office: Office; from: string; to: string }>> {
  const office = await getOffice(deps.db, officeId);
  if (!office) return fail('OFFICE_NOT_FOUND');
  const today = localDay(deps.clock.now(), office.timezone);
  const from = q.from ?? q.to ?? today;
  const to = q.to ?? q.from ?? today;
  if (from > to) return fail('INVALID_RANGE');
  if (addDays(from, MAX_RANGE_DAYS) <= to) return fail('RANGE_TOO_LONG');
  return { ok: true, value: { office, from, to } };
}
export const MAX_RANGE_DAYS = 366;

/** The base of printed links and QR codes: PUBLIC_URL when set (behind a proxy), else the request's origin. */
export function publicBaseUrl(c: { req: { url: string } }, configured?: string): string {
  return (configured ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

/** Maps a feature's Result to the response: the value with `status`, or the error shape. */
export function reply<T extends object, S extends 200 | 201>(c: Context, result: Result<T>, status: S) {
  if (!result.ok) return sendFailure(c, result);
  return c.json(result.value, status);
}

/**
 * zod validation at the boundary (documented in /api/openapi.json by hono-openapi). A failing
 * body answers 400 with a stable code: the first issue's custom code when the schema names one
 * (`message: 'REASON_REQUIRED'`), else VALIDATION_FAILED with the field paths.
 */
export function validate<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return openapiValidator(target, schema, (result, c) => {
    if (result.success) return;
    const issues = (result.error ?? []) as readonly StandardSchemaV1.Issue[];
    // Only a code of the catalogue names the failure: zod's own messages are plain text.
    const custom = issues.map((i) => i.message).find(isErrorCode);
    const fields = issues.map((i) => ({
      path: (i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.'),
      message: i.message,
    }));
    return sendFailure(c, fail(custom ?? 'VALIDATION_FAILED', undefined, { fields }));
  });
}
