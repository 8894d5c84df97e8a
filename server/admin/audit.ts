// The audit log: every admin change, written in the change's own transaction (so a change is
// never without its row, nor a row without its change), with who, what, when, before and after.
import { and, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditLog, staff } from '../../db/schema';

export type AuditAction = 'create' | 'update' | 'delete' | 'revoke' | 'password_reset' | 'pair_link' | 'force_close';
export type AuditEntity =
  | 'office'
  | 'settings'
  | 'hours'
  | 'holiday'
  | 'sector'
  | 'service'
  | 'counter'
  | 'staff'
  | 'device'
  | 'unit';

export interface AuditEntry {
  officeId: number | null;
  staffId: number;
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | number | null;
  before: unknown;
  after: unknown;
}

export async function writeAudit(tx: Tx, at: number, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    officeId: entry.officeId,
    staffId: entry.staffId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    at,
  });
}

export interface AuditFilter {
  /** An office's rows; null = rows of no office (global staff accounts); undefined = all. */
  officeId?: number | null;
  entity?: string;
  /** Rows older than this id (the previous page's nextBefore). */
  before?: number;
  limit: number;
}

export async function listAudit(db: Db, filter: AuditFilter) {
  const where: SQL[] = [];
  if (filter.officeId === null) where.push(isNull(auditLog.officeId));
  else if (filter.officeId !== undefined) where.push(eq(auditLog.officeId, filter.officeId));
  if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select({
      id: auditLog.id,
      officeId: auditLog.officeId,
      staffId: auditLog.staffId,
      username: staff.username,
      displayName: staff.displayName,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      at: auditLog.at,
    })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.staffId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
    nextBefore: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
