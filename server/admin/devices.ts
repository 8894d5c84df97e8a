// Devices as the admin manages them: pair (a one-time link), rename or move a rating pad,
// re-issue a lost link, revoke. A revoked device's cookie is refused on its very next request
// (server/http.ts reads the device per request).
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { counters, type DeviceKind, devices } from '../../db/schema';
import { createDevice, deviceView, getDevice, reissuePairToken, revokeDevice } from '../devices/store';
import { reject } from '../errors';
import { type Deps, transact } from '../events';
import { writeAudit } from './audit';
import { type Actor, changed } from './offices';

async function deviceRow(tx: Tx, officeId: number, deviceId: number) {
  const row = await getDevice(tx, officeId, deviceId);
  if (!row) reject('DEVICE_NOT_FOUND');
  return row;
}

async function checkCounter(tx: Tx, officeId: number, counterId: number) {
  const c = (
    await tx
      .select({ id: counters.id })
      .from(counters)
      .where(and(eq(counters.id, counterId), eq(counters.officeId, officeId)))
  )[0];
  if (!c) reject('UNKNOWN_COUNTER');
}

export function addDevice(
  deps: Deps,
  actor: Actor,
  officeId: number,
  input: { kind: DeviceKind; name: string; counterId?: number | null },
) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const counterId = input.counterId ?? undefined;
    if (input.kind === 'pad' && counterId === undefined) reject('COUNTER_REQUIRED');
    const made = await createDevice(tx, officeId, { kind: input.kind, name: input.name, counterId }, now);
    if (!made.ok) reject(made.code);
    const after = deviceView(await deviceRow(tx, officeId, made.value.id));
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'device',
      entityId: made.value.id,
      before: null,
      after,
    });
    return { device: after, pairToken: made.value.pairToken };
  });
}

export function editDevice(
  deps: Deps,
  actor: Actor,
  officeId: number,
  deviceId: number,
  patch: { name?: string; counterId?: number | null },
) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const row = await deviceRow(tx, officeId, deviceId);
    const before = deviceView(row);
    if (patch.counterId) await checkCounter(tx, officeId, patch.counterId);
    if (row.kind === 'pad' && patch.counterId === null) reject('COUNTER_REQUIRED');
    if (Object.keys(patch).length) await tx.update(devices).set(patch).where(eq(devices.id, deviceId));
    const after = deviceView(await deviceRow(tx, officeId, deviceId));
    if (changed(before, after)) {
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'device',
        entityId: deviceId,
        before,
        after,
      });
    }
    return after;
  });
}

export function newPairLink(deps: Deps, actor: Actor, officeId: number, deviceId: number) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const row = await deviceRow(tx, officeId, deviceId);
    if (row.revokedAt !== null) reject('DEVICE_REVOKED');
    const before = deviceView(row);
    const pairToken = await reissuePairToken(tx, deviceId);
    const after = deviceView(await deviceRow(tx, officeId, deviceId));
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'pair_link',
      entity: 'device',
      entityId: deviceId,
      before,
      after,
    });
    return { device: after, pairToken };
  });
}

export function revoke(deps: Deps, actor: Actor, officeId: number, deviceId: number) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const before = deviceView(await deviceRow(tx, officeId, deviceId));
    const row = await revokeDevice(tx, deviceId, now);
    if (!row) reject('DEVICE_REVOKED');
    const after = deviceView(row);
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'revoke',
      entity: 'device',
      entityId: deviceId,
      before,
      after,
    });
    return after;
  });
}
