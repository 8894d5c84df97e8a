// Sectors (lĩnh vực) and services (thủ tục): what residents take numbers and book for. Services
// with history are deactivated rather than deleted, so past tickets and reports keep their names.
import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Db, isForeignKeyViolation, type Tx } from '../../db/client';
import { counterServices, sectors, serviceStats, services, slotLedger, tickets } from '../../db/schema';
import { type ErrorCode, reject } from '../errors';
import { type Deps, transact } from '../events';
import { writeAudit } from './audit';
import { type Actor, changed } from './offices';

type Reader = Db | Tx;
type ServiceRow = typeof services.$inferSelect;
type ServiceInput = Omit<ServiceRow, 'id' | 'officeId' | 'position'> & { position?: number };

export async function listSectors(db: Reader, officeId: number) {
  const rows = await db
    .select()
    .from(sectors)
    .where(eq(sectors.officeId, officeId))
    .orderBy(asc(sectors.position), asc(sectors.id));
  const counts = new Map(
    (
      await db
        .select({ sectorId: services.sectorId, n: count() })
        .from(services)
        .where(eq(services.officeId, officeId))
        .groupBy(services.sectorId)
    ).map((r) => [r.sectorId, r.n]),
  );
  return rows.map((s) => ({ id: s.id, name: s.name, position: s.position, services: counts.get(s.id) ?? 0 }));
}

async function sectorRow(db: Reader, officeId: number, sectorId: number) {
  const row = (
    await db
      .select()
      .from(sectors)
      .where(and(eq(sectors.id, sectorId), eq(sectors.officeId, officeId)))
  )[0];
  if (!row) reject('SECTOR_NOT_FOUND');
  return { id: row.id, name: row.name, position: row.position };
}

export function createSector(deps: Deps, actor: Actor, officeId: number, input: { name: string; position?: number }) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const position = input.position ?? (await nextPosition(tx, officeId, 'sector'));
    const row = (await tx.insert(sectors).values({ officeId, name: input.name, position }).returning())[0]!;
    const after = await sectorRow(tx, officeId, row.id);
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'sector',
      entityId: row.id,
      before: null,
      after,
    });
    out.queueChanged(officeId);
    return after;
  });
}

export function updateSector(
  deps: Deps,
  actor: Actor,
  officeId: number,
  sectorId: number,
  patch: { name?: string; position?: number },
) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = await sectorRow(tx, officeId, sectorId);
    if (Object.keys(patch).length) await tx.update(sectors).set(patch).where(eq(sectors.id, sectorId));
    const after = await sectorRow(tx, officeId, sectorId);
    if (changed(before, after)) {
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'sector',
        entityId: sectorId,
        before,
        after,
      });
      out.queueChanged(officeId);
    }
    return after;
  });
}

export function deleteSector(deps: Deps, actor: Actor, officeId: number, sectorId: number) {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const before = await sectorRow(tx, officeId, sectorId);
    const used = (await tx.select({ n: count() }).from(services).where(eq(services.sectorId, sectorId)))[0]?.n ?? 0;
    if (used > 0) reject('SECTOR_IN_USE');
    await tx.delete(sectors).where(eq(sectors.id, sectorId));
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'delete',
      entity: 'sector',
      entityId: sectorId,
      before,
      after: null,
    });
    return { id: sectorId, deleted: true as const };
  });
}

/** Every service of the office, inactive ones too, with the counters serving each. */
export async function listAllServices(db: Reader, officeId: number) {
  const rows = await db
    .select({ service: services, sectorName: sectors.name })
    .from(services)
    .innerJoin(sectors, eq(sectors.id, services.sectorId))
    .where(eq(services.officeId, officeId))
    .orderBy(asc(sectors.position), asc(services.position), asc(services.id));
  const ids = rows.map((r) => r.service.id);
  const links = ids.length
    ? await db
        .select({ serviceId: counterServices.serviceId, counterId: counterServices.counterId })
        .from(counterServices)
        .where(inArray(counterServices.serviceId, ids))
    : [];
  return rows.map((r) => ({
    ...serviceView(r.service),
    sectorName: r.sectorName,
    counterIds: links.filter((l) => l.serviceId === r.service.id).map((l) => l.counterId),
  }));
}

function serviceView(s: ServiceRow) {
  const { officeId: _, ...rest } = s;
  return rest;
}

async function serviceRow(db: Reader, officeId: number, serviceId: number): Promise<ServiceRow> {
  const row = (
    await db
      .select()
      .from(services)
      .where(and(eq(services.id, serviceId), eq(services.officeId, officeId)))
  )[0];
  if (!row) reject('SERVICE_NOT_FOUND');
  return row;
}

async function checkService(tx: Tx, officeId: number, input: Partial<ServiceInput>, serviceId?: number): Promise<void> {
  if (input.sectorId !== undefined) {
    const sector = (
      await tx
        .select({ id: sectors.id })
        .from(sectors)
        .where(and(eq(sectors.id, input.sectorId), eq(sectors.officeId, officeId)))
    )[0];
    if (!sector) reject('UNKNOWN_SECTOR');
  }
  if (input.prefix !== undefined) {
    // Numbers are per prefix and day: two services sharing a prefix would share a sequence.
    const clash = (
      await tx
        .select({ id: services.id })
        .from(services)
        .where(
          and(
            eq(services.officeId, officeId),
            eq(services.prefix, input.prefix),
            serviceId ? ne(services.id, serviceId) : undefined,
          ),
        )
    )[0];
    if (clash) reject('DUPLICATE_PREFIX');
  }
}

export function createService(deps: Deps, actor: Actor, officeId: number, input: ServiceInput) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    await checkService(tx, officeId, input);
    const position = input.position ?? (await nextPosition(tx, officeId, 'service'));
    const row = (
      await tx
        .insert(services)
        .values({ ...input, officeId, position })
        .returning()
    )[0]!;
    const after = serviceView(row);
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'service',
      entityId: row.id,
      before: null,
      after,
    });
    out.queueChanged(officeId);
    return after;
  });
}

export function updateService(deps: Deps, actor: Actor, officeId: number, serviceId: number, patch: Partial<ServiceInput>) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = serviceView(await serviceRow(tx, officeId, serviceId));
    await checkService(tx, officeId, patch, serviceId);
    if (Object.keys(patch).length) await tx.update(services).set(patch).where(eq(services.id, serviceId));
    const after = serviceView(await serviceRow(tx, officeId, serviceId));
    if (changed(before, after)) {
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'service',
        entityId: serviceId,
        before,
        after,
      });
      out.queueChanged(officeId);
    }
    return after;
  });
}

/**
 * Deletes a service that was never used. One with tickets in line is refused (deactivate it
 * and let the line drain); one with any history is refused too, so reports keep its name.
 */
export function deleteService(deps: Deps, actor: Actor, officeId: number, serviceId: number) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = serviceView(await serviceRow(tx, officeId, serviceId));
    const live = (
      await tx
        .select({ n: count() })
        .from(tickets)
        .where(and(eq(tickets.serviceId, serviceId), inArray(tickets.state, ['waiting', 'called', 'serving', 'on_hold'])))
    )[0];
    if ((live?.n ?? 0) > 0) reject('SERVICE_HAS_TICKETS');
    await tx.delete(counterServices).where(eq(counterServices.serviceId, serviceId));
    await refuseOnForeignKey('SERVICE_IN_USE', async () => {
      // Derived rows that carry no history of their own.
      await tx.delete(serviceStats).where(eq(serviceStats.serviceId, serviceId));
      await tx.delete(slotLedger).where(and(eq(slotLedger.serviceId, serviceId), eq(slotLedger.booked, 0)));
      await tx.delete(services).where(eq(services.id, serviceId));
    });
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'delete',
      entity: 'service',
      entityId: serviceId,
      before,
      after: null,
    });
    out.queueChanged(officeId);
    return { id: serviceId, deleted: true as const };
  });
}

/**
 * Runs a delete that foreign keys may refuse (rows of other features point at it: tickets,
 * bookings, ratings): a refusal becomes the given 409 and the transaction rolls back.
 */
export async function refuseOnForeignKey(code: ErrorCode, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (isForeignKeyViolation(e)) reject(code);
    throw e;
  }
}

async function nextPosition(tx: Tx, officeId: number, what: 'sector' | 'service'): Promise<number> {
  const table = what === 'sector' ? sectors : services;
  const row = (
    await tx
      .select({ max: sql<number | null>`max(${table.position})` })
      .from(table)
      .where(eq(table.officeId, officeId))
  )[0];
  return (row?.max ?? -1) + 1;
}
