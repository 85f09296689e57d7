/**
 * RFC 4180 CSV: CRLF line ends, a header row, and fields quoted (with quotes doubled) when they
 * hold a comma, quote, CR or LF. Text that a spreadsheet would run as a formula (starting with
 * = + - @, tab or CR: OWASP's CSV-injection list) gets a leading apostrophe. Key names and
 * labels are user input; numbers are written as numbers and never altered.
 */
export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return lines.map((line) => `${line}\r\n`).join("");
}
