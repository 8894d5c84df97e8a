// The estimate's reads and its one write: what a service's wait is made of (its measured service
// time and the counters serving it) read as one row per service, the public list of an office's
// services with their waiting counts and estimates (the displays' `queue` snapshot is that list
// without the descriptive fields), and the measured service times kept as a running mean.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { counterServices, counters, sectors, serviceStats, services, waitingCounts } from '../../db/schema';
import { papersOf } from '../dossiers/papers';
import type { QueueEvent } from '../realtime/contract';
import { estimateMinutes, type LoadRow, loadOf, nextEwma } from './estimate';
import { newcomerEstimate } from './forecasts';
import { meanMsOf, nextLogStats, nextSpeed } from './model';

type Reader = Db | Tx;

/** Counters linked to the service (the row's `services.id`), all of them or only those open. */
const serving = (onlyOpen: boolean) =>
  sql<number>`(select count(*) from ${counterServices} inner join ${counters} on ${counters.id} = ${counterServices.counterId} where ${counterServices.serviceId} = ${services.id}${onlyOpen ? sql` and ${counters.status} = 'open'` : sql``})`.mapWith(
    Number,
  );

/** A service's LoadRow; read with services left-joined to service_stats. */
const loadColumns = {
  avgServiceMinutes: services.avgServiceMinutes,
  ewmaServiceMs: serviceStats.ewmaServiceMs,
  samples: serviceStats.samples,
  open: serving(true),
  all: serving(false),
};

function loadsWhere(db: Reader, where: SQL | undefined) {
  return db
    .select({ serviceId: services.id, ...loadColumns })
    .from(services)
    .leftJoin(serviceStats, eq(serviceStats.serviceId, services.id))
    .where(where);
}

// Issuing a ticket estimates its wait: the same row, prepared once (db/prepared.ts).
const oneLoad = prepared((db) => loadsWhere(db, eq(services.id, sql.placeholder('serviceId'))));

/** Estimated minutes for someone with `ahead` people before them in a service's line. */
export async function estimateWait(db: Reader, serviceId: number, ahead: number, _now: number): Promise<number> {
  return estimateMinutes(ahead, loadOf(await oneLoad(db).get({ serviceId })));
}

/** estimateWait for the lines of many services, read in one query. */
export async function estimator(
  db: Reader,
  serviceIds: readonly number[],
  _now: number,
): Promise<(serviceId: number, ahead: number) => number> {
  const unique = [...new Set(serviceIds)];
  // One service (a ticket being issued): the prepared read; several: one query built for them.
  const loads =
    unique.length === 1
      ? [await oneLoad(db).get({ serviceId: unique[0] })].filter((r) => r !== undefined)
      : unique.length
        ? await loadsWhere(db, inArray(services.id, unique))
        : [];
  const rows: Map<number, LoadRow> = new Map(loads.map((r) => [r.serviceId, r]));
  return (serviceId, ahead) => estimateMinutes(ahead, loadOf(rows.get(serviceId)));
}

/**
 * The office's active services as the public list shows them (sector, then service order), each
 * with its people waiting (the kept counts) and the estimate for the next one to join: one query.
 */
export async function listServices(db: Reader, officeId: number, now: number) {
  const rows = await db
    .select({
      id: services.id,
      officeId: services.officeId,
      code: services.code,
      name: services.name,
      sectorId: services.sectorId,
      sectorName: sectors.name,
      prefix: services.prefix,
      bookable: services.bookable,
      ...loadColumns,
      whatToBring: services.whatToBring,
      // Working days the procedure takes by law (0: same day): dossiers' due dates.
      processingDays: services.processingDays,
      waiting:
        sql<number>`(select coalesce(sum(${waitingCounts.waiting}), 0) from ${waitingCounts} where ${waitingCounts.serviceId} = ${services.id})`.mapWith(
          Number,
        ),
    })
    .from(services)
    .innerJoin(sectors, eq(sectors.id, services.sectorId))
    .leftJoin(serviceStats, eq(serviceStats.serviceId, services.id))
    .where(and(eq(services.officeId, officeId), eq(services.active, true)))
    .orderBy(asc(sectors.position), asc(services.position), asc(services.id));
  return rows.map(({ ewmaServiceMs, samples, open, all, ...s }) => ({
    ...s,
    // The receipt's checklist: the "what to bring" text cut into papers.
    papers: papersOf(s.whatToBring),
    // Someone joining now as a walk-in: behind everyone waiting.
    ...newcomerEstimate(
      s.officeId,
      s.id,
      2,
      s.waiting,
      now,
      loadOf({ avgServiceMinutes: s.avgServiceMinutes, ewmaServiceMs, samples, open, all }),
    ),
  }));
}

/**
 * Every active service of the city with what /api/city shows of it (its people waiting and the
 * estimate for the next to join, as listServices has them), in each office's list order. The
 * waiting counts and the counters serving each service are read grouped, once for the city:
 * three subqueries per service and the descriptive fields had made the city's list 8 ms of
 * SQLite for 1,000 services.
 */
export async function cityServices(db: Reader, now: number) {
  const waiting = db
    .select({ serviceId: waitingCounts.serviceId, n: sql<number>`sum(${waitingCounts.waiting})`.as('n') })
    .from(waitingCounts)
    .groupBy(waitingCounts.serviceId)
    .as('w');
  const serving = db
    .select({
      serviceId: counterServices.serviceId,
      open: sql<number>`sum(case when ${counters.status} = 'open' then 1 else 0 end)`.as('open'),
      all: sql<number>`count(*)`.as('all_counters'),
    })
    .from(counterServices)
    .innerJoin(counters, eq(counters.id, counterServices.counterId))
    .groupBy(counterServices.serviceId)
    .as('c');
  const rows = await db
    .select({
      id: services.id,
      officeId: services.officeId,
      code: services.code,
      name: services.name,
      bookable: services.bookable,
      avgServiceMinutes: services.avgServiceMinutes,
      ewmaServiceMs: serviceStats.ewmaServiceMs,
      samples: serviceStats.samples,
      waiting: waiting.n,
      open: serving.open,
      all: serving.all,
    })
    .from(services)
    .innerJoin(sectors, eq(sectors.id, services.sectorId))
    .leftJoin(serviceStats, eq(serviceStats.serviceId, services.id))
    .leftJoin(waiting, eq(waiting.serviceId, services.id))
    .leftJoin(serving, eq(serving.serviceId, services.id))
    .where(eq(services.active, true))
    .orderBy(asc(services.officeId), asc(sectors.position), asc(services.position), asc(services.id));
  return rows.map(({ avgServiceMinutes, ewmaServiceMs, samples, open, all, ...s }) => {
    const load = loadOf({ avgServiceMinutes, ewmaServiceMs, samples, open: Number(open ?? 0), all: Number(all ?? 0) });
    const people = Number(s.waiting ?? 0);
    return { ...s, waiting: people, etaMinutes: newcomerEstimate(s.officeId, s.id, 2, people, now, load).etaMinutes };
  });
}

/** What displays and terminals get as `queue`: the public list without its descriptive fields. */
export async function queueSnapshot(db: Reader, officeId: number, now: number): Promise<Omit<QueueEvent, 'eventId'>> {
  return {
    services: (await listServices(db, officeId, now)).map((s) => ({
      serviceId: s.id,
      waiting: s.waiting,
      etaMinutes: s.etaMinutes,
      etaLowMinutes: s.etaLowMinutes,
      etaHighMinutes: s.etaHighMinutes,
    })),
  };
}

/**
 * A finished service's measured time joins the service's running mean and log-normal spread,
 * and the speed of the counter that served it (against the service's mean before it).
 */
export async function recordServiceTime(
  tx: Tx,
  serviceId: number,
  sampleMs: number,
  now: number,
  counterId: number | null = null,
): Promise<void> {
  const prev = (await tx.select().from(serviceStats).where(eq(serviceStats.serviceId, serviceId)))[0];
  const ewma = nextEwma(prev?.ewmaServiceMs ?? null, sampleMs);
  const log = nextLogStats({ logMean: prev?.logMean ?? null, logVar: prev?.logVar ?? null }, sampleMs, (prev?.samples ?? 0) + 1);
  await tx
    .insert(serviceStats)
    .values({ serviceId, ewmaServiceMs: ewma, samples: 1, ...log, updatedAt: now })
    .onConflictDoUpdate({
      target: serviceStats.serviceId,
      set: { ewmaServiceMs: ewma, samples: sql`${serviceStats.samples} + 1`, ...log, updatedAt: now },
    });
  if (counterId !== null && prev?.logMean != null && prev.logVar != null) {
    const c = (
      await tx.select({ ratio: counters.speedRatio, n: counters.speedSamples }).from(counters).where(eq(counters.id, counterId))
    )[0];
    if (c) {
      const ratio = nextSpeed(c.ratio, sampleMs, meanMsOf({ mu: prev.logMean, sigma: Math.sqrt(prev.logVar) }), c.n + 1);
      await tx
        .update(counters)
        .set({ speedRatio: ratio, speedSamples: c.n + 1 })
        .where(eq(counters.id, counterId));
    }
  }
}
