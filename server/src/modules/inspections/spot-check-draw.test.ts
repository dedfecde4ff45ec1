import { describe, expect, it } from 'vitest';
import { drawSpotCheck, type DrawInput } from './spot-check-draw';

const targets = Array.from({ length: 20 }, (_, i) => ({
  id: `t${String(i).padStart(2, '0')}`,
  name: `Shop ${i}`,
  areaId: i % 2 === 0 ? 'north' : 'south',
}));
const officers = [
  { id: 'o1', areaIds: ['north'] },
  { id: 'o2', areaIds: ['north'] },
  { id: 'o3', areaIds: ['south'] },
  { id: 'o4', areaIds: ['south'] },
  { id: 'o5', areaIds: [] },
];
const input: DrawInput = {
  seed: '2026-11-23 market inspection',
  targets,
  officers,
  targetCount: 6,
  inspectorsPerTarget: 2,
  excludeOwnArea: true,
};

describe('drawSpotCheck', () => {
  it('gives the same draw for the same seed, whatever order the pools come in', () => {
    const first = drawSpotCheck(input);
    const again = drawSpotCheck({
      ...input,
      targets: [...targets].reverse(),
      officers: [...officers].reverse(),
    });
    expect(again).toEqual(first);
    expect(new Set(first.map((pair) => pair.targetId)).size).toBe(6);
  });

  it('gives a different draw for another seed', () => {
    expect(drawSpotCheck({ ...input, seed: 'another seed' })).not.toEqual(drawSpotCheck(input));
  });

  it('never sends an officer to a target in their own area when told so, and never twice to one', () => {
    const areaOf = new Map(targets.map((t) => [t.id, t.areaId]));
    for (const seed of ['a', 'b', 'c', 'd', 'e']) {
      for (const pair of drawSpotCheck({ ...input, seed })) {
        expect(new Set(pair.officerIds).size).toBe(2);
        for (const officerId of pair.officerIds) {
          const own = officers.find((o) => o.id === officerId)!.areaIds;
          expect(own).not.toContain(areaOf.get(pair.targetId));
        }
      }
    }
  });

  it('spreads the work: nobody is drawn twice before every eligible officer has been drawn once', () => {
    const pairs = drawSpotCheck({ ...input, excludeOwnArea: false, targetCount: 5 });
    const counts = new Map<string, number>();
    for (const id of pairs.flatMap((pair) => pair.officerIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([2, 2, 2, 2, 2]);
  });

  it('refuses with 422 when too few targets or inspectors are eligible, saying how many there are', () => {
    expect(() => drawSpotCheck({ ...input, targetCount: 21 })).toThrow(
      'Only 20 inspection targets match the rules; cannot draw 21.',
    );
    expect(() => drawSpotCheck({ ...input, inspectorsPerTarget: 4 })).toThrow(
      /^Only 3 eligible inspectors for Shop \d+ \(4 needed, officers of its own area excluded\)\.$/,
    );
  });
});
