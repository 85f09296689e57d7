/** An independent RFC 4180 reader for tests: quoted fields, doubled quotes, CRLF records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      index++;
    } else if (char === "\n" || char === "\r") throw new Error(`bare line break outside quotes at ${index}`);
    else field += char;
  }
  if (field !== "" || row.length > 0) throw new Error("last record is not terminated by CRLF");
  return rows;
}

/** Records as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error("no header");
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`record has ${row.length} fields, header ${header.length}`);
    return Object.fromEntries(header.map((name, index) => [name, row[index] ?? ""]));
  });
}
