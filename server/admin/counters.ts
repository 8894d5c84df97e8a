// Counters and the services each serves, in order (its main service first). A change reaches
// the next call-next at once (calling reads counter_services in its transaction) and pushes a
// queue refresh and the counter's new state to the office's screens.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { type Db, readEach, type Tx } from '../../db/client';
import { counterServices, counters, services } from '../../db/schema';
import { counterServiceIds, counterView } from '../calling/store';
import { reject } from '../errors';
import { type Deps, type Outbox, transact } from '../events';
import { writeAudit } from './audit';
import { refuseOnForeignKey } from './catalogue';
import { type Actor, changed } from './offices';

type Reader = Db | Tx;

export async function listAdminCounters(db: Reader, officeId: number) {
  const rows = await db.select().from(counters).where(eq(counters.officeId, officeId)).orderBy(asc(counters.number));
  return await readEach(db, rows, async (c) => ({
    ...(await counterConfig(db, c.id, officeId)),
    status: c.status,
    officerId: c.officerId,
  }));
}

async function counterConfig(db: Reader, counterId: number, officeId: number) {
  const row = (
    await db
      .select({ id: counters.id, number: counters.number, name: counters.name })
      .from(counters)
      .where(and(eq(counters.id, counterId), eq(counters.officeId, officeId)))
  )[0];
  if (!row) reject('COUNTER_NOT_FOUND');
  return { ...row, serviceIds: await counterServiceIds(db, counterId) };
}

async function checkCounter(tx: Tx, officeId: number, input: { number?: number; serviceIds?: number[] }, counterId?: number) {
  if (input.number !== undefined) {
    const clash = (
      await tx
        .select({ id: counters.id })
        .from(counters)
        .where(
          and(
            eq(counters.officeId, officeId),
            eq(counters.number, input.number),
            counterId ? ne(counters.id, counterId) : undefined,
          ),
        )
    )[0];
    if (clash) reject('DUPLICATE_COUNTER_NUMBER');
  }
  if (input.serviceIds?.length) {
    const found = await tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.officeId, officeId), inArray(services.id, input.serviceIds)));
    if (found.length !== input.serviceIds.length) reject('UNKNOWN_SERVICE');
  }
}

async function setServices(tx: Tx, counterId: number, serviceIds: number[]) {
  await tx.delete(counterServices).where(eq(counterServices.counterId, counterId));
  // One insert, awaited: inserts left running (a forEach of async calls) failed outside the
  // transaction's error handling and shared its connection with the statements after them.
  if (serviceIds.length)
    await tx.insert(counterServices).values(serviceIds.map((serviceId, position) => ({ counterId, serviceId, position })));
}

async function publish(tx: Tx, out: Outbox, now: number, officeId: number, counterId: number) {
  const row = (await tx.select().from(counters).where(eq(counters.id, counterId)))[0];
  if (row) out.log(now, { officeId, kind: 'counter', payload: await counterView(tx, row) });
  out.queueChanged(officeId);
}

export function createCounter(
  deps: Deps,
  actor: Actor,
  officeId: number,
  input: { number: number; name: string; serviceIds: number[] },
) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    await checkCounter(tx, officeId, input);
    const row = (await tx.insert(counters).values({ officeId, number: input.number, name: input.name }).returning())[0]!;
    await setServices(tx, row.id, input.serviceIds);
    const after = await counterConfig(tx, row.id, officeId);
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'counter',
      entityId: row.id,
      before: null,
      after,
    });
    await publish(tx, out, now, officeId, row.id);
    return after;
  });
}

export function updateCounter(
  deps: Deps,
  actor: Actor,
  officeId: number,
  counterId: number,
  patch: { number?: number; name?: string; serviceIds?: number[] },
) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = await counterConfig(tx, counterId, officeId);
    await checkCounter(tx, officeId, patch, counterId);
    const { serviceIds, ...fields } = patch;
    if (Object.keys(fields).length) await tx.update(counters).set(fields).where(eq(counters.id, counterId));
    if (serviceIds) await setServices(tx, counterId, serviceIds);
    const after = await counterConfig(tx, counterId, officeId);
    if (changed(before, after)) {
      await writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'counter',
        entityId: counterId,
        before,
        after,
      });
      await publish(tx, out, now, officeId, counterId);
    }
    return after;
  });
}

/** Deletes a closed counter that never served anyone; otherwise 409 (rename or reassign it). */
export function deleteCounter(deps: Deps, actor: Actor, officeId: number, counterId: number) {
  return transact(deps, async (tx, out) => {
    const now = deps.clock.now();
    const before = await counterConfig(tx, counterId, officeId);
    const row = (await tx.select({ status: counters.status }).from(counters).where(eq(counters.id, counterId)))[0];
    if (row?.status !== 'closed') reject('COUNTER_OPEN');
    await tx.delete(counterServices).where(eq(counterServices.counterId, counterId));
    await refuseOnForeignKey('COUNTER_HAS_HISTORY', async () => {
      await tx.delete(counters).where(eq(counters.id, counterId));
    });
    await writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'delete',
      entity: 'counter',
      entityId: counterId,
      before,
      after: null,
    });
    out.queueChanged(officeId);
    return { id: counterId, deleted: true as const };
  });
}
