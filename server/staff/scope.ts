// The one office-scope rule: which offices a staff member may read and change. Every route, store
// and the realtime handshake ask here (server/http.ts wraps it as middleware for path ids).

/** Reading an office's data, or changing it. */
export type Access = 'read' | 'write';

/** What a request does to the office it names: GET and HEAD read, every other method writes. */
export const accessOf = (method: string): Access => (method === 'GET' || method === 'HEAD' ? 'read' : 'write');

/**
 * May this staff member read (or change) this office's data? A city leader reads every office and
 * changes none; anyone else without an office (a global admin) every office; anyone with one,
 * that office only. `officeId` null names what belongs to no office (global accounts, new offices):
 * only those without an office reach it.
 */
export function mayAccess(user: { role: string; officeId: number | null }, officeId: number | null, access: Access): boolean {
  if (user.role === 'city') return access === 'read';
  return user.officeId === null || user.officeId === officeId;
}
