import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, UTF8_BOM } from './csv';

describe('CSV', () => {
  it('starts with a byte-order mark and a header row, and ends lines with CRLF', () => {
    const csv = toCsv(
      [
        { header: '片区 area', value: (row: { area: string; tasks: number }) => row.area },
        { header: 'tasks', value: (row) => row.tasks },
      ],
      [
        { area: '东片区', tasks: 3 },
        { area: 'West', tasks: 0 },
      ],
    );
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('片区 area,tasks\r\n东片区,3\r\nWest,0\r\n');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('leaves numbers alone, writes null and non-finite numbers as empty cells', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('defuses text Excel would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
