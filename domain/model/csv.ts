/** CSV for Excel/WPS: UTF-8 with a BOM, CRLF lines, every cell quoted. Pure, safe for the app bundle. */

export interface CsvFile {
  filename: string;
  mime: 'text/csv;charset=utf-8';
  /** UTF-8 text starting with a BOM, so Excel opens the Chinese correctly. */
  content: string;
}

/** A CSV cell: quoted, quotes doubled, and a leading =,+,-,@ neutralised (no formula injection in Excel). */
export const csvCell = (value: string | number | boolean): string => {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
};

/** The file for a table of rows (the first row is the header). */
export const csvFile = (filename: string, rows: readonly (readonly (string | number | boolean)[])[]): CsvFile => ({
  filename,
  mime: 'text/csv;charset=utf-8',
  content: `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`,
});

/** Parses what csvFile wrote (quoted cells, doubled quotes, CRLF), for tests and round trips. */
export const parseCsv = (content: string): string[][] =>
  content
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const cells: string[] = [];
      const re = /"((?:[^"]|"")*)"(?:,|$)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line)) !== null) {
        cells.push(m[1].replace(/""/g, '"'));
        if (re.lastIndex >= line.length) break;
      }
      return cells;
    });
