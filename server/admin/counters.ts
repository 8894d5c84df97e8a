// Counters and the services each serves, in order (its main service first). A change reaches
// the next call-next at once (calling reads counter_services in its transaction) and pushes a
// queue refresh and the counter's new state to the office's screens.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { counterServices, counters, services } from '../../db/schema';
import { counterServiceIds, counterView } from '../calling/store';
import { reject } from '../errors';
import { type Deps, type Outbox, transact } from '../events';
import { writeAudit } from './audit';
import { refuseOnForeignKey } from './catalogue';
import { type Actor, changed } from './offices';

type Reader = Db | Tx;

export function listAdminCounters(db: Reader, officeId: number) {
  const rows = db.select().from(counters).where(eq(counters.officeId, officeId)).orderBy(asc(counters.number)).all();
  return rows.map((c) => ({ ...counterConfig(db, c.id, officeId), status: c.status, officerId: c.officerId }));
}

function counterConfig(db: Reader, counterId: number, officeId: number) {
  const row = db
    .select({ id: counters.id, number: counters.number, name: counters.name })
    .from(counters)
    .where(and(eq(counters.id, counterId), eq(counters.officeId, officeId)))
    .get();
  if (!row) reject('COUNTER_NOT_FOUND');
  return { ...row, serviceIds: counterServiceIds(db, counterId) };
}

function checkCounter(tx: Tx, officeId: number, input: { number?: number; serviceIds?: number[] }, counterId?: number) {
  if (input.number !== undefined) {
    const clash = tx
      .select({ id: counters.id })
      .from(counters)
      .where(
        and(
          eq(counters.officeId, officeId),
          eq(counters.number, input.number),
          counterId ? ne(counters.id, counterId) : undefined,
        ),
      )
      .get();
    if (clash) reject('DUPLICATE_COUNTER_NUMBER');
  }
  if (input.serviceIds?.length) {
    const found = tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.officeId, officeId), inArray(services.id, input.serviceIds)))
      .all();
    if (found.length !== input.serviceIds.length) reject('UNKNOWN_SERVICE');
  }
}

function setServices(tx: Tx, counterId: number, serviceIds: number[]) {
  tx.delete(counterServices).where(eq(counterServices.counterId, counterId)).run();
  serviceIds.forEach((serviceId, position) => {
    tx.insert(counterServices).values({ counterId, serviceId, position }).run();
  });
}

function publish(tx: Tx, out: Outbox, now: number, officeId: number, counterId: number) {
  const row = tx.select().from(counters).where(eq(counters.id, counterId)).get();
  if (row) out.log(tx, now, { officeId, kind: 'counter', payload: counterView(tx, row) });
  out.queueChanged(officeId);
}

export function createCounter(
  deps: Deps,
  actor: Actor,
  officeId: number,
  input: { number: number; name: string; serviceIds: number[] },
) {
  return transact(deps, (tx, out) => {
    const now = deps.clock.now();
    checkCounter(tx, officeId, input);
    const row = tx.insert(counters).values({ officeId, number: input.number, name: input.name }).returning().get();
    setServices(tx, row.id, input.serviceIds);
    const after = counterConfig(tx, row.id, officeId);
    writeAudit(tx, now, {
      officeId,
      staffId: actor.id,
      action: 'create',
      entity: 'counter',
      entityId: row.id,
      before: null,
      after,
    });
    publish(tx, out, now, officeId, row.id);
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
  return transact(deps, (tx, out) => {
    const now = deps.clock.now();
    const before = counterConfig(tx, counterId, officeId);
    checkCounter(tx, officeId, patch, counterId);
    const { serviceIds, ...fields } = patch;
    if (Object.keys(fields).length) tx.update(counters).set(fields).where(eq(counters.id, counterId)).run();
    if (serviceIds) setServices(tx, counterId, serviceIds);
    const after = counterConfig(tx, counterId, officeId);
    if (changed(before, after)) {
      writeAudit(tx, now, {
        officeId,
        staffId: actor.id,
        action: 'update',
        entity: 'counter',
        entityId: counterId,
        before,
        after,
      });
      publish(tx, out, now, officeId, counterId);
    }
    return after;
  });
}

/** Deletes a closed counter that never served anyone; otherwise 409 (rename or reassign it). */
export function deleteCounter(deps: Deps, actor: Actor, officeId: number, counterId: number) {
  return transact(deps, (tx, out) => {
    const now = deps.clock.now();
    const before = counterConfig(tx, counterId, officeId);
    const row = tx.select({ status: counters.status }).from(counters).where(eq(counters.id, counterId)).get();
    if (row?.status !== 'closed') reject('COUNTER_OPEN');
    tx.delete(counterServices).where(eq(counterServices.counterId, counterId)).run();
    refuseOnForeignKey('COUNTER_HAS_HISTORY', () => {
      tx.delete(counters).where(eq(counters.id, counterId)).run();
    });
    writeAudit(tx, now, {
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
