// Staff accounts: create, edit role and office, disable, reset the password. Disabling or a
// password reset ends the person's sessions in the same transaction, so the next request with
// an old cookie is 401.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { offices, type StaffRole, staff } from '../../db/schema';
import { reject } from '../errors';
import { type Deps, transact } from '../events';
import { mayAccess } from '../staff/scope';
import { forgetCachedSessions, revokeStaffSessions } from '../staff/store';
import { writeAudit } from './audit';
import { type Actor, changed } from './offices';

type Reader = Db | Tx;
type StaffRow = typeof staff.$inferSelect;

export interface StaffInput {
  username: string;
  displayName: string;
  role: StaffRole;
  officeId: number | null;
}

function staffView(s: StaffRow) {
  return {
    id: s.id,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    officeId: s.officeId,
    active: s.active,
    createdAt: new Date(s.createdAt).toISOString(),
  };
}

/** Staff an admin may see: everyone for a global admin, their office's people otherwise. */
export async function listStaff(db: Reader, actor: Actor) {
  return (await db.select().from(staff).orderBy(asc(staff.officeId), asc(staff.username)))
    .filter((s) => mayAccess(actor, s.officeId, 'write'))
    .map(staffView);
}

async function staffRow(db: Reader, actor: Actor, staffId: number): Promise<StaffRow> {
  const row = (await db.select().from(staff).where(eq(staff.id, staffId)))[0];
  // Someone outside the admin's office is simply not there for them.
  if (!row || !mayAccess(actor, row.officeId, 'write')) reject('STAFF_NOT_FOUND');
  return row;
}

async function checkPlacement(tx: Tx, actor: Actor, role: StaffRole, officeId: number | null) {
  // A city leader reads every office, so belongs to none: only an admin of every office sees,
  // makes or changes that account (an office's admin could otherwise mint a city-wide reader).
  if (role === 'city' && officeId !== null) reject('CITY_WITHOUT_OFFICE');
  if (officeId === null) {
    // Only an admin of every office, or a city leader, belongs to none.
    if (role !== 'admin' && role !== 'city') reject('OFFICE_REQUIRED');
    if (!mayAccess(actor, null, 'write')) reject('FORBIDDEN');
    return;
  }
  if (!(await tx.select({ id: offices.id }).from(offices).where(eq(offices.id, officeId)))[0]) reject('OFFICE_NOT_FOUND');
  if (!mayAccess(actor, officeId, 'write')) reject('FORBIDDEN');
}

export function createStaff(deps: Deps, actor: Actor, input: StaffInput & { passwordHash: string }) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    await checkPlacement(tx, actor, input.role, input.officeId);
    const taken = (
      await tx
        .select({ id: staff.id })
        .from(staff)
        .where(eq(sql`lower(${staff.username})`, input.username.toLowerCase()))
    )[0];
    if (taken) reject('DUPLICATE_USERNAME');
    const row = (
      await tx
        .insert(staff)
        .values({ ...input, active: true, createdAt: now })
        .returning()
    )[0]!;
    const after = staffView(row);
    await writeAudit(tx, now, {
      officeId: row.officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'staff',
      entityId: row.id,
      before: null,
      after,
    });
    return after;
  });
}

export function updateStaff(
  deps: Deps,
  actor: Actor,
  staffId: number,
  patch: Partial<Pick<StaffInput, 'displayName' | 'role' | 'officeId'> & { active: boolean }>,
) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const row = await staffRow(tx, actor, staffId);
    const before = staffView(row);
    const self = staffId === actor.id;
    if (
      self &&
      ((patch.role !== undefined && patch.role !== row.role) ||
        (patch.officeId !== undefined && patch.officeId !== row.officeId) ||
        patch.active === false)
    ) {
      reject('SELF_CHANGE');
    }
    const role = patch.role ?? row.role;
    const officeId = patch.officeId !== undefined ? patch.officeId : row.officeId;
    if (patch.role !== undefined || patch.officeId !== undefined) await checkPlacement(tx, actor, role, officeId);
    if (Object.keys(patch).length) await tx.update(staff).set(patch).where(eq(staff.id, staffId));
    // Sessions are cached for a second (staff/store.ts): a new role or office applies at once here.
    forgetCachedSessions();
    // Read back without the office filter: the person may just have moved to another office.
    const after = staffView(await staffRow(tx, { id: actor.id, role: 'admin', officeId: null }, staffId));
    if (before.active && !after.active) await revokeStaffSessions(tx, staffId, now);
    if (changed(before, after)) {
      await writeAudit(tx, now, {
        officeId: after.officeId ?? before.officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'staff',
        entityId: staffId,
        before,
        after,
      });
    }
    return after;
  });
}

/** Sets a new password and ends the person's other sessions (all of them, unless it is the admin's own). */
export function resetPassword(deps: Deps, actor: Actor, staffId: number, passwordHash: string, currentSession?: string) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const row = await staffRow(tx, actor, staffId);
    await tx.update(staff).set({ passwordHash }).where(eq(staff.id, staffId));
    const ended = await revokeStaffSessions(tx, staffId, now, staffId === actor.id ? currentSession : undefined);
    // The audit row records that it happened, never a hash.
    await writeAudit(tx, now, {
      officeId: row.officeId,
      staffId: actor.id,
      action: 'password_reset',
      entity: 'staff',
      entityId: staffId,
      before: { username: row.username },
      after: { username: row.username, passwordChanged: true, sessionsEnded: ended },
    });
    return { id: staffId, sessionsEnded: ended };
  });
}
