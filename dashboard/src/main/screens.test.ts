import { describe, expect, it } from 'vitest';
import { mayOpen, routeFromHash } from './screens';

describe('routeFromHash', () => {
  it('reads the screen and, on cases, the open case', () => {
    expect(routeFromHash('#statistics')).toEqual({ screen: 'statistics', caseId: null });
    expect(routeFromHash('#to-complete')).toEqual({ screen: 'to-complete', caseId: null });
    expect(routeFromHash('#cases')).toEqual({ screen: 'cases', caseId: null });
    expect(routeFromHash('#cases/6f1c0d9e-1c2b-4a7e-9a55-0b1f3c2d4e5f')).toEqual({
      screen: 'cases',
      caseId: '6f1c0d9e-1c2b-4a7e-9a55-0b1f3c2d4e5f',
    });
  });

  it('takes an empty or unknown hash for the live map', () => {
    expect(routeFromHash('')).toEqual({ screen: 'live', caseId: null });
    expect(routeFromHash('#nowhere/1')).toEqual({ screen: 'live', caseId: null });
    expect(routeFromHash('#statistics/1')).toEqual({ screen: 'statistics', caseId: null });
  });
});

describe('mayOpen', () => {
  it('gives officers their recordings to complete but not cases, and operators neither', () => {
    expect(mayOpen('to-complete', 'officer')).toBe(true);
    expect(mayOpen('cases', 'officer')).toBe(false);
    expect(mayOpen('to-complete', 'operator')).toBe(false);
    expect(mayOpen('cases', 'operator')).toBe(false);
    expect(mayOpen('cases', 'supervisor')).toBe(true);
    expect(mayOpen('live', undefined)).toBe(true);
  });
});
