// A service's papers (giấy tờ) as a checklist for the receipt (form 01): its "what to bring" text
// (admin-edited, one paper per line or separated by semicolons) cut into items. One source for
// the public list of services and the counter's receive form, so they never disagree.
export function papersOf(whatToBring: string | null | undefined): string[] {
  if (!whatToBring) return [];
  return whatToBring
    .split(/[;\n]/)
    .map((p) =>
      p
        .trim()
        .replace(/[.;,]+$/, '')
        .trim(),
    )
    .filter((p) => p.length > 0)
    .map((p) => p.charAt(0).toLocaleUpperCase('vi') + p.slice(1));
}
