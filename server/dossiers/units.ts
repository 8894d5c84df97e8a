// The units of an office that dossiers go through (the one-stop counter, the land registration
// office, the tax office...): listed for the hand-off menu, created and renamed by the office's
// admin, deactivated rather than deleted (past hand-offs keep their names). Audited like the
// rest of the admin's changes.
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/client';
import { officeUnits } from '../../db/schema';
import { writeAudit } from '../admin/audit';
import { reject } from '../errors';
import { type Deps, transact } from '../events';

export interface UnitInput {
  name: string;
  active?: boolean;
  position?: number;
}

const view = (u: typeof officeUnits.$inferSelect) => ({ id: u.id, name: u.name, active: u.active, position: u.position });

export function createUnit(deps: Deps, officeId: number, staffId: number, input: UnitInput) {
  return transact(deps, async (tx) => {
    let row: typeof officeUnits.$inferSelect;
    try {
      row = (
        await tx
          .insert(officeUnits)
          .values({ officeId, name: input.name, active: input.active ?? true, position: input.position ?? 0 })
          .returning()
      )[0]!;
    } catch (e) {
      if (isUniqueViolation(e)) reject('UNIT_NAME_TAKEN');
      throw e;
    }
    await writeAudit(tx, deps.clock.now(), {
      officeId,
      staffId,
      action: 'create',
      entity: 'unit',
      entityId: row.id,
      before: null,
      after: view(row),
    });
    return view(row);
  });
}

export function updateUnit(deps: Deps, unitId: number, staffId: number, patch: Partial<UnitInput>) {
  return transact(deps, async (tx) => {
    const before = (await tx.select().from(officeUnits).where(eq(officeUnits.id, unitId)))[0];
    if (!before) reject('UNIT_NOT_FOUND');
    if (patch.name !== undefined && patch.name !== before.name) {
      const clash = await tx
        .select({ id: officeUnits.id })
        .from(officeUnits)
        .where(and(eq(officeUnits.officeId, before.officeId), eq(officeUnits.name, patch.name)));
      if (clash.length) reject('UNIT_NAME_TAKEN');
    }
    const row = (await tx.update(officeUnits).set(patch).where(eq(officeUnits.id, unitId)).returning())[0]!;
    await writeAudit(tx, deps.clock.now(), {
      officeId: before.officeId,
      staffId,
      action: 'update',
      entity: 'unit',
      entityId: unitId,
      before: view(before),
      after: view(row),
    });
    return view(row);
  });
}

export async function unitOffice(db: Deps['db'], unitId: number): Promise<number | undefined> {
  return (await db.select({ officeId: officeUnits.officeId }).from(officeUnits).where(eq(officeUnits.id, unitId)))[0]?.officeId;
}
