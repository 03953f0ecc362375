/** CSV text to cells (RFC 4180 quoting: quoted cells may hold the separator, quotes and line breaks). */

/** Splits CSV text into rows of cells (RFC 4180 quoting), with the given separator. */
export function splitCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** CSV text with a header row as one record per line, keyed by the header's cells. */
export function csvRecords(text: string, sep = ','): Array<Record<string, string>> {
  const [header, ...body] = splitCsv(text, sep).filter((r) => r.some((c) => c !== ''));
  return body.map((cells) => Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
}
