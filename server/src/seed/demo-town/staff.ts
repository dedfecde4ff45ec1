// Officers and their devices: a bodycam each, plus a phone for each area's team leader.
import type { Random } from '../../lib/seeded-random';
import { pad, personName } from './names';
import type { DemoArea, DemoDevice, DemoOfficer } from './types';

/** Unit prefix of badge numbers. */
const BADGE_PREFIX = '04';

export function buildStaff(
  areas: readonly DemoArea[],
  officersPerArea: number,
  rng: Random,
): { officers: DemoOfficer[]; devices: DemoDevice[] } {
  const officers: DemoOfficer[] = [];
  const devices: DemoDevice[] = [];
  const names = new Set<string>();
  areas.forEach((area, a) => {
    for (let i = 1; i <= officersPerArea; i++) {
      const badgeNo = `${BADGE_PREFIX}${pad(a + 1, 2)}${pad(i, 3)}`;
      // Distinct names while the pool allows: two 王伟 on one screen confuse an operator.
      let name = '';
      for (let tries = 0; tries < 50 && (name === '' || names.has(name)); tries++) {
        name = personName(rng);
      }
      names.add(name);
      officers.push({ badgeNo, name, areaCode: area.code });
      devices.push({
        uniqueId: `BC-${badgeNo}`,
        kind: 'bodycam',
        name: `执法记录仪 ${badgeNo}`,
        officerBadgeNo: badgeNo,
      });
      // One phone per area: the team leader's, for talk and photos when the bodycam is not enough.
      if (i === 1)
        devices.push({
          uniqueId: `PH-${badgeNo}`,
          kind: 'phone',
          name: `执法手机 ${badgeNo}`,
          officerBadgeNo: badgeNo,
        });
    }
  });
  return { officers, devices };
}
