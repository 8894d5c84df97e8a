// How the resident apps show an office's services (which office: web/office.ts).

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
