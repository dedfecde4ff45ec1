import { describe, expect, it } from 'vitest';
import { matchesCase } from './caseSearch';

const found = { code: 'XZCF-2026-0113', title: '新华路占道经营 Street vending' };

describe('matchesCase', () => {
  it('finds a case by part of its code or title, in any case', () => {
    expect(matchesCase(found, 'xzcf-2026')).toBe(true);
    expect(matchesCase(found, '占道')).toBe(true);
    expect(matchesCase(found, ' VENDING ')).toBe(true);
  });

  it('keeps every case for an empty search and none for a word in neither', () => {
    expect(matchesCase(found, '  ')).toBe(true);
    expect(matchesCase(found, 'parking')).toBe(false);
  });
});
