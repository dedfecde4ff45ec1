// The demo town's registry of inspection targets: a few shops, restaurants and sites in each
// grid cell's interior, placed reproducibly from the town's seed.
import type { LonLat } from '@fcc/shared';
import type { DemoCell } from './demo-town';
import { seededRandom } from '../lib/seeded-random';

export interface DemoInspectionTarget {
  name: string;
  category: string;
  address: string;
  location: LonLat;
}

const KINDS = [
  { category: 'restaurant', names: ['老王饭店', '川味小馆', '兰州拉面', '清真餐厅'] },
  { category: 'market', names: ['农贸市场', '早市摊区', '便民菜店'] },
  { category: 'construction-site', names: ['住宅楼工地', '道路施工点'] },
  { category: 'karaoke', names: ['欢乐KTV'] },
  { category: 'pharmacy', names: ['大药房', '社区药店'] },
] as const;

export function demoInspectionTargets(
  cells: readonly DemoCell[],
  seed: number,
  perCell = 1,
): DemoInspectionTarget[] {
  const random = seededRandom(seed, 'inspection-targets');
  return cells.flatMap((cell) =>
    Array.from({ length: perCell }, (_, index) => {
      const kind = random.pick(KINDS);
      const [west, south, east, north] = bounds(cell.polygon[0]!);
      const location: LonLat = [
        random.between(west + (east - west) * 0.2, east - (east - west) * 0.2),
        random.between(south + (north - south) * 0.2, north - (north - south) * 0.2),
      ];
      return {
        name: `${random.pick(kind.names)}（${cell.code}${perCell > 1 ? `-${index + 1}` : ''}）`,
        category: kind.category,
        address: `${cell.name} ${random.int(1, 120)} 号`,
        location,
      };
    }),
  );
}

function bounds(ring: readonly LonLat[]): [number, number, number, number] {
  const lons = ring.map(([lon]) => lon);
  const lats = ring.map(([, lat]) => lat);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
