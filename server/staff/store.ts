// Staff accounts and their sessions. The cookie holds a random id; the database keeps only its
// sha256, so a copied database file does not hand out live sessions.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { affected, type Db, type Tx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { type StaffRole, sessions, staff } from '../../db/schema';
import { verifyPassword } from './password';

export const SESSION_TTL_MS = 12 * 3_600_000;

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  officeId: number | null;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export async function checkCredentials(db: Db, username: string, password: string): Promise<StaffUser | null> {
  // Usernames are stored lower-case (server/admin), so sign-in ignores case.
  const row = (await db.select().from(staff).where(eq(staff.username, username.trim().toLowerCase())))[0];
  // Hash anyway for unknown users so timing does not reveal which usernames exist.
  const ok = await verifyPassword(
    password,
    row?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  );
  if (!row || !ok || !row.active) return null;
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, officeId: row.officeId };
}

export async function createSession(db: Db, staffId: number, now: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ idHash: sha256(id), staffId, createdAt: now, expiresAt: now + SESSION_TTL_MS });
  return id;
}

const sessionRow = prepared((db) =>
  db
    .select({
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      officeId: staff.officeId,
      active: staff.active,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
        isNull(sessions.revokedAt),
      ),
    ),
);

/**
 * Who a session cookie belongs to, as read within the last SESSION_CACHE_MS: every staff request
 * (a call, a ticket from the counter) asks, and the read (a hash and a join on the reader
 * connection, whose page cache every commit empties) was a twentieth of a ticket's time. This
 * process forgets its answers when it ends a session or changes a staff member
 * (forgetCachedSessions); another process of the city sees such a change within that second.
 * An entry still honours its expiry by the caller's clock.
 */
const SESSION_CACHE_MS = 1000;
const SESSION_CACHE_MAX = 2000;
const cachedSessions = new Map<string, { user: StaffUser | null; expiresAt: number; until: number }>();

export function forgetCachedSessions(): void {
  cachedSessions.clear();
}

export async function sessionUser(db: Db, sessionId: string, now: number): Promise<StaffUser | null> {
  const at = performance.now();
  const hit = cachedSessions.get(sessionId);
  if (hit && hit.until > at) return now < hit.expiresAt ? hit.user : null;
  const row = await sessionRow(db).get({ idHash: sha256(sessionId), now });
  const user = row?.active
    ? { id: row.id, username: row.username, displayName: row.displayName, role: row.role, officeId: row.officeId }
    : null;
  if (cachedSessions.size >= SESSION_CACHE_MAX) {
    for (const [id, entry] of cachedSessions) if (entry.until <= at) cachedSessions.delete(id);
    // Still full (a flood of distinct cookies): start again rather than grow.
    if (cachedSessions.size >= SESSION_CACHE_MAX) cachedSessions.clear();
  }
  // An unknown or ended session is remembered as such too (a guessed cookie costs one read a second).
  cachedSessions.set(sessionId, { user, expiresAt: row?.expiresAt ?? Number.POSITIVE_INFINITY, until: at + SESSION_CACHE_MS });
  return user;
}

export async function revokeSession(db: Db, sessionId: string, now: number): Promise<void> {
  forgetCachedSessions();
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(eq(sessions.idHash, sha256(sessionId)));
}

/** Ends every live session of a staff member (disabled, or password reset), except `keep`. */
export async function revokeStaffSessions(db: Db | Tx, staffId: number, now: number, keep?: string): Promise<number> {
  forgetCachedSessions();
  const where = [eq(sessions.staffId, staffId), isNull(sessions.revokedAt)];
  if (keep) where.push(ne(sessions.idHash, sha256(keep)));
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(...where));
  return affected(revoked);
}
