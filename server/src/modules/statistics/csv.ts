// CSV files people open in Excel: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark,
// without which Excel on a zh-CN Windows reads the file as GBK and garbles every Chinese name.

export const UTF8_BOM = '\uFEFF';

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/** A cell that Excel would run as a formula (=, +, -, @, tab, CR) is prefixed with a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(columns: ReadonlyArray<CsvColumn<Row>>, rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvCell(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
