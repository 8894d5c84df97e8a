// Which office a screen is for: ?office=<id>, else the first office.
import { api, unwrap } from '../../web/api';

export function officeParam(): string | null {
  const v = new URLSearchParams(location.search).get('office');
  return v && /^\d{1,10}$/.test(v) ? v : null;
}

export async function resolveOfficeId(): Promise<string> {
  const given = officeParam();
  if (given) return given;
  const list = await unwrap(api.offices.$get());
  const first = list[0];
  if (!first) throw new Error('no office');
  return String(first.id);
}

/** Services grouped by sector, in the server's order. */
export function bySector<S extends { sectorId: number; sectorName: string }>(services: S[]) {
  const groups: { id: number; name: string; services: S[] }[] = [];
  for (const s of services) {
    let g = groups.find((x) => x.id === s.sectorId);
    if (!g) {
      g = { id: s.sectorId, name: s.sectorName, services: [] };
      groups.push(g);
    }
    g.services.push(s);
  }
  return groups;
}
