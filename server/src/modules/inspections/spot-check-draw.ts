// The random spot check (双随机): targets drawn at random, then for each target inspectors drawn
// at random among the eligible officers, spreading the work (an officer already drawn is only
// drawn again once everyone eligible has had a turn). A pure function of the seed and the pools,
// which are sorted first, so a published draw can be repeated exactly.
import { UnprocessableError } from '../../http/errors';
import { publishableRandom } from './seeded-random';

export interface DrawTarget {
  id: string;
  name: string;
  areaId: string | null;
}

export interface DrawOfficer {
  id: string;
  /** Areas the officer is responsible for (their own area and the areas of their cells). */
  areaIds: readonly string[];
}

export interface DrawInput {
  seed: string;
  targets: readonly DrawTarget[];
  officers: readonly DrawOfficer[];
  targetCount: number;
  inspectorsPerTarget: number;
  excludeOwnArea: boolean;
}

export interface DrawnPair {
  targetId: string;
  officerIds: string[];
}

export function drawSpotCheck(input: DrawInput): DrawnPair[] {
  if (input.targets.length < input.targetCount) {
    throw new UnprocessableError(
      `Only ${input.targets.length} inspection targets match the rules; cannot draw ${input.targetCount}.`,
    );
  }
  const random = publishableRandom(input.seed);
  const targets = random.shuffle(byId(input.targets)).slice(0, input.targetCount);
  const officers = byId(input.officers);
  const timesDrawn = new Map<string, number>();

  return targets.map((target) => {
    const eligible = officers.filter(
      (officer) => !(input.excludeOwnArea && target.areaId && officer.areaIds.includes(target.areaId)),
    );
    if (eligible.length < input.inspectorsPerTarget) {
      throw new UnprocessableError(
        `Only ${eligible.length} eligible inspectors for ${target.name} ` +
          `(${input.inspectorsPerTarget} needed${input.excludeOwnArea ? ', officers of its own area excluded' : ''}).`,
      );
    }
    const chosen: string[] = [];
    while (chosen.length < input.inspectorsPerTarget) {
      const pool = leastDrawn(
        eligible.filter((officer) => !chosen.includes(officer.id)),
        timesDrawn,
      );
      const officer = random.pick(pool);
      chosen.push(officer.id);
      timesDrawn.set(officer.id, (timesDrawn.get(officer.id) ?? 0) + 1);
    }
    return { targetId: target.id, officerIds: chosen };
  });
}

function byId<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function leastDrawn(officers: DrawOfficer[], timesDrawn: ReadonlyMap<string, number>): DrawOfficer[] {
  const fewest = Math.min(...officers.map((officer) => timesDrawn.get(officer.id) ?? 0));
  return officers.filter((officer) => (timesDrawn.get(officer.id) ?? 0) === fewest);
}
