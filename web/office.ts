// Which office a screen is for. Every screen takes ?office=<officeId> (DESIGN.md, "Screens");
// without it a public screen shows the first office and a staff screen its staff member's own.
import { ApiError, api, unwrap } from './api';

/** The office the address names (?office=<positive integer>), or null. */
export function officeInUrl(search: string = location.search): number | null {
  const v = new URLSearchParams(search).get('office');
  return v !== null && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null;
}

/**
 * The office a screen is for: the address's; else, on a staff screen, the signed-in staff
 * member's own (`staff`); else (a public screen, or staff of no one office) the first office the
 * server lists.
 */
export async function screenOffice(staff?: { officeId: number | null } | null): Promise<number> {
  const chosen = officeInUrl() ?? staff?.officeId;
  if (chosen !== null && chosen !== undefined) return chosen;
  const [first] = await unwrap(api.offices.$get());
  if (!first) throw new ApiError(404, 'OFFICE_NOT_FOUND', 'no office');
  return first.id;
}
