// Masking for staff screens: enough to recognise a resident ("the one ending in 678"), not
// enough to copy down. The officer serving the booking sees the full number (the booking and
// counter features decide who that is).

/** '0912345678' -> '091****678'; spaces and dots are dropped first; short values keep 2 digits. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const compact = phone.replace(/[\s.()-]/g, '');
  if (compact.length <= 6) return '*'.repeat(Math.max(0, compact.length - 2)) + compact.slice(-2);
  return compact.slice(0, 3) + '*'.repeat(compact.length - 6) + compact.slice(-3);
}

/** 'Nguyễn Văn An' -> 'Nguyễn V. A.': the family name and initials. */
export function maskName(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ? `${[...parts[0]][0]}.` : '';
  return [parts[0], ...parts.slice(1).map((p) => `${[...p][0]}.`)].join(' ');
}
