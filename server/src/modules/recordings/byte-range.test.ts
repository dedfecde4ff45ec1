import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-range';

describe('parseRange', () => {
  it('reads the forms players send', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
    expect(parseRange('bytes=10-19', 100)).toEqual({ kind: 'part', start: 10, end: 19 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(parseRange('bytes=-30', 100)).toEqual({ kind: 'part', start: 70, end: 99 });
    expect(parseRange('bytes=-300', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
  });

  it('answers the whole file for what it does not serve, 416 for what lies beyond the end', () => {
    expect(parseRange('bytes=0-1,5-9', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=20-10', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
  });
});
