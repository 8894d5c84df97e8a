// Displays, kiosks and rating pads. An admin creates a device and gets a one-time pairing link;
// opening it on the device sets a long-lived device cookie (only its hash is stored).
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { counters, type DeviceKind, devices } from '../../db/schema';
import { fail, ok, type Result } from '../errors';
import { sha256 } from '../staff/store';

export type DeviceRow = typeof devices.$inferSelect;

export async function createDevice(
  db: Db | Tx,
  officeId: number,
  input: { kind: DeviceKind; name: string; counterId?: number },
  now: number,
): Promise<Result<{ id: number; kind: DeviceKind; pairToken: string }>> {
  if (input.counterId !== undefined) {
    const c = (
      await db
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.id, input.counterId), eq(counters.officeId, officeId)))
    )[0];
    if (!c) return fail('UNKNOWN_COUNTER');
  }
  const pairToken = randomBytes(18).toString('base64url');
  const row = (
    await db
      .insert(devices)
      .values({
        officeId,
        kind: input.kind,
        name: input.name,
        counterId: input.counterId ?? null,
        pairTokenHash: sha256(pairToken),
        createdAt: now,
      })
      .returning({ id: devices.id })
  )[0]!;
  return ok({ id: row.id, kind: input.kind, pairToken });
}

/** Uses a pairing token once: returns the device and the secret for its cookie. */
export async function pairDevice(db: Db, pairToken: string, now: number): Promise<Result<{ device: DeviceRow; secret: string }>> {
  const secret = randomBytes(32).toString('base64url');
  const device = (
    await db
      .update(devices)
      .set({ pairTokenHash: null, tokenHash: sha256(secret), pairedAt: now })
      .where(and(eq(devices.pairTokenHash, sha256(pairToken)), isNull(devices.revokedAt)))
      .returning()
  )[0];
  if (!device) return fail('PAIR_LINK_INVALID');
  return ok({ device, secret });
}

/** The device an unused pairing link would pair, without using it (the page before the tap). */
export async function devicePairedBy(db: Db, pairToken: string): Promise<DeviceRow | undefined> {
  return (
    await db
      .select()
      .from(devices)
      .where(and(eq(devices.pairTokenHash, sha256(pairToken)), isNull(devices.revokedAt)))
  )[0];
}

const deviceRow = prepared((db) =>
  db
    .select()
    .from(devices)
    .where(and(eq(devices.tokenHash, sql.placeholder('tokenHash')), isNull(devices.revokedAt))),
);

export function deviceBySecret(db: Db, secret: string): Promise<DeviceRow | undefined> {
  return deviceRow(db).get({ tokenHash: sha256(secret) });
}

/** Where a freshly paired device should go. */
export function deviceHome(d: DeviceRow): string {
  if (d.kind === 'display') return `/display?office=${d.officeId}`;
  if (d.kind === 'kiosk') return `/kiosk?office=${d.officeId}`;
  return `/counter/pad?counter=${d.counterId ?? ''}`;
}

/** A device as the admin screens show it: never its token hashes. */
export function deviceView(d: DeviceRow) {
  return {
    id: d.id,
    officeId: d.officeId,
    kind: d.kind,
    name: d.name,
    counterId: d.counterId,
    status: d.revokedAt !== null ? ('revoked' as const) : d.tokenHash ? ('paired' as const) : ('pending' as const),
    pairPending: d.pairTokenHash !== null,
    createdAt: new Date(d.createdAt).toISOString(),
    pairedAt: d.pairedAt === null ? null : new Date(d.pairedAt).toISOString(),
    revokedAt: d.revokedAt === null ? null : new Date(d.revokedAt).toISOString(),
  };
}

export async function listDevices(db: Db | Tx, officeId: number): Promise<DeviceRow[]> {
  return await db.select().from(devices).where(eq(devices.officeId, officeId)).orderBy(asc(devices.id));
}

export async function getDevice(db: Db | Tx, officeId: number, deviceId: number): Promise<DeviceRow | undefined> {
  return (
    await db
      .select()
      .from(devices)
      .where(and(eq(devices.id, deviceId), eq(devices.officeId, officeId)))
  )[0];
}

/** A fresh one-time pairing link for a device (a lost link, or a replaced screen). */
export async function reissuePairToken(db: Db | Tx, deviceId: number): Promise<string> {
  const pairToken = randomBytes(18).toString('base64url');
  await db
    .update(devices)
    .set({ pairTokenHash: sha256(pairToken) })
    .where(eq(devices.id, deviceId));
  return pairToken;
}

/** Revokes a device: its cookie and any unused pairing link stop working on the next request. */
export async function revokeDevice(db: Db | Tx, deviceId: number, now: number): Promise<DeviceRow | undefined> {
  return (
    await db
      .update(devices)
      .set({ revokedAt: now, pairTokenHash: null })
      .where(and(eq(devices.id, deviceId), isNull(devices.revokedAt)))
      .returning()
  )[0];
}
