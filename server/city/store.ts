// The city's centres as residents see them (/api/city): each centre's hours today, whether it is
// open now, and its people waiting and estimated wait per procedure, from the kept waiting counts
// (one query per centre, no scan of the day's tickets); and the earliest free slot of a procedure
// at every centre that offers it (/api/city/earliest), matched by the national procedure code.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Db, readAll, type Tx } from '../../db/client';
import { holidays, offices, openingHours, services } from '../../db/schema';
import { listSlots } from '../booking/slots';
import { cityServices } from '../estimates/store';
import { getOffice } from '../offices/store';
import { localDay, localMinuteOfDay, weekdayOf } from '../time';

type Reader = Db | Tx;

export interface CityOffice {
  id: number;
  name: string;
  address: string;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
  open: boolean;
  /** Today's sessions in minutes after local midnight; empty on a day off. */
  hoursToday: { opensAt: number; closesAt: number }[];
  waiting: number;
  services: { id: number; code: string; name: string; bookable: boolean; waiting: number; etaMinutes: number }[];
}

/**
 * Every centre of the city, first office first: four queries whatever the number of centres
 * (offices, today's holidays, opening hours, and every active service with its kept waiting
 * count and estimate), none of them over the day's tickets.
 */
export async function cityOverview(db: Reader, now: number): Promise<CityOffice[]> {
  const rows = await db.select().from(offices).orderBy(asc(offices.id));
  const dayOf = new Map(rows.map((o) => [o.id, localDay(now, o.timezone)]));
  const days = [...new Set(dayOf.values())];
  const [off, hours, list] = await readAll(
    db,
    () => db.select({ officeId: holidays.officeId, date: holidays.date }).from(holidays).where(inArray(holidays.date, days)),
    () => db.select().from(openingHours).orderBy(asc(openingHours.opensAt)),
    () => cityServices(db, now),
  );
  // Each list grouped by office once: filtering the whole city's lists for each centre was
  // centres × rows (a weekday worked out 100,000 times a request for 100 centres).
  const daysOff = new Set(off.map((h) => `${h.officeId}:${h.date}`));
  const hoursOf = groupBy(hours, (h) => h.officeId);
  const servicesOf = groupBy(list, (s) => s.officeId);
  return rows.map((o) => {
    const day = dayOf.get(o.id)!;
    const weekday = weekdayOf(day);
    const hoursToday = daysOff.has(`${o.id}:${day}`)
      ? []
      : (hoursOf.get(o.id) ?? []).filter((h) => h.weekday === weekday).map((h) => ({ opensAt: h.opensAt, closesAt: h.closesAt }));
    const minute = localMinuteOfDay(now, o.timezone);
    const mine = (servicesOf.get(o.id) ?? []).map(({ officeId: _, ...s }) => s);
    return {
      id: o.id,
      name: o.name,
      address: o.address,
      timezone: o.timezone,
      latitude: o.latitude,
      longitude: o.longitude,
      open: hoursToday.some((h) => h.opensAt <= minute && minute < h.closesAt),
      hoursToday,
      waiting: mine.reduce((n, s) => n + s.waiting, 0),
      services: mine,
    };
  });
}

/** Items by a key, each group in the items' order. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export interface EarliestSlot {
  officeId: number;
  officeName: string;
  serviceId: number;
  serviceName: string;
  start: string;
  end: string;
  remaining: number;
}

/**
 * The earliest slot with a free place of the procedure `code` at each centre offering it for
 * booking, within that centre's booking window; soonest first, each centre once.
 */
export async function earliestSlots(db: Reader, code: string, now: number): Promise<EarliestSlot[]> {
  const offering = await db
    .select({ serviceId: services.id, officeId: services.officeId, name: services.name })
    .from(services)
    .where(and(eq(services.code, code), eq(services.active, true), eq(services.bookable, true)))
    .orderBy(asc(services.officeId), asc(services.id));
  const found: EarliestSlot[] = [];
  const seen = new Set<number>();
  for (const s of offering) {
    if (seen.has(s.officeId)) continue;
    const office = await getOffice(db, s.officeId);
    if (!office) continue;
    const days = office.settings.booking.maxDaysAhead + 1;
    const slots = await listSlots(db, { officeId: office.id, serviceId: s.serviceId, days: Math.min(31, days), now });
    const first = slots.ok ? slots.value.find((x) => x.remaining > 0 && Date.parse(x.start) > now) : undefined;
    if (!first) continue;
    seen.add(s.officeId);
    found.push({
      officeId: office.id,
      officeName: office.name,
      serviceId: s.serviceId,
      serviceName: s.name,
      start: first.start,
      end: first.end,
      remaining: first.remaining,
    });
  }
  return found.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.officeId - b.officeId);
}
