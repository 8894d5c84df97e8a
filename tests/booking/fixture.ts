// Booking test fixtures: the seeded app (over app.request or a real server on port 0) with an
// injected booking rate limiter, and a supply of distinct valid mobile numbers.

import { eq } from 'drizzle-orm';
import { services } from '../../db/schema';
import { createApp } from '../../server/app';
import { RateLimiter, setBookingLimiter } from '../../server/booking/rate-limit';
import { testConfig } from '../../server/config';
import { LoginThrottle } from '../../server/staff/throttle';
import { zonedTime } from '../../server/time';
import { seededDb, TestClient, testServer } from '../helpers';

export const TZ = 'Asia/Ho_Chi_Minh';
/** Local wall-clock instant in Ha Noi. */
export const at = (day: string, hh: number, mm = 0) => zonedTime(day, hh * 60 + mm, TZ);
export const isoAt = (day: string, hh: number, mm = 0) => new Date(at(day, hh, mm)).toISOString();

const generous = () => new RateLimiter({ limit: 100_000, windowMs: 60_000 });

export async function bookingApp(limiter: RateLimiter = generous()) {
  const f = await seededDb();
  setBookingLimiter(f.db, limiter);
  const app = createApp({ ...f.deps, config: testConfig(), throttle: new LoginThrottle() });
  const client = new TestClient((path, init) => app.request(path, init), 'http://localhost');
  return { ...f, app, client, setCapacity: (serviceId: number, n: number | null) => setCapacity(f.db, serviceId, n) };
}

export async function bookingServer(limiter: RateLimiter = generous()) {
  const t = await testServer();
  // The limiter is looked up per request, so it can be set once the server runs.
  setBookingLimiter(t.db, limiter);
  return { ...t, setCapacity: (serviceId: number, n: number | null) => setCapacity(t.db, serviceId, n) };
}

function setCapacity(db: Awaited<ReturnType<typeof seededDb>>['db'], serviceId: number, n: number | null) {
  db.update(services).set({ capacityPerSlot: n }).where(eq(services.id, serviceId)).run();
}

/** The i-th of many distinct, valid Vietnamese mobile numbers. */
export const phoneNo = (i: number) => `091${String(1_000_000 + i).slice(-7)}`;
