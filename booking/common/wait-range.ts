// The estimated wait as a range ("khoảng 15–25 phút", server/estimates/forecast.ts) when the
// server sent one that says more than the point: on the kiosk's slip and the phone's ticket page.
export function hasRange(v: { etaMinutes: number; etaLowMinutes?: number; etaHighMinutes?: number }): boolean {
  return (
    v.etaLowMinutes !== undefined && v.etaHighMinutes !== undefined && v.etaHighMinutes > 0 && v.etaLowMinutes < v.etaHighMinutes
  );
}

/** The wait in words: "khoảng 15–25 phút", "dưới 5 phút" (the range starts at 0), or the point. */
export function waitWords(
  v: { etaMinutes: number; etaLowMinutes?: number; etaHighMinutes?: number },
  words: { range: (low: number, high: number) => string; under: (high: number) => string; point: (n: number) => string },
): string {
  if (!hasRange(v)) return words.point(v.etaMinutes);
  return v.etaLowMinutes === 0 ? words.under(v.etaHighMinutes!) : words.range(v.etaLowMinutes!, v.etaHighMinutes!);
}
