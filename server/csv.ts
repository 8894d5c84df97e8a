// Every CSV the product writes goes through here: RFC 4180 quoting, and OWASP's rule against
// formula injection. A text cell that begins with = + - @, a tab or a carriage return (a service
// named `=HYPERLINK(...)`, an officer named `@SUM(...)`) would run as a formula in a spreadsheet:
// it is written with a leading apostrophe, so it shows as the text it is. Numbers stay numbers.

export type CsvCell = string | number | null;

export function csvCell(v: CsvCell): string {
  if (v === null) return '';
  let text = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line. */
export function csvRow(cells: CsvCell[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole file: a BOM so Excel reads UTF-8 (Vietnamese), CRLF line ends as Excel writes. */
export function csvFile(lines: string[]): string {
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
