// The demo town's duty roster: in every area half the officers work days (08:00–20:00 Beijing
// time) and half nights, for DAYS days from the day before the first start, so that at any hour
// each area has officers on duty for the dispatch recommendations to find.
import type { DemoOfficer } from './demo-town';

export interface DemoShift {
  badgeNo: string;
  startsAt: Date;
  endsAt: Date;
}

const DAYS = 30;
const HOUR = 3_600_000;
/** 08:00 in Beijing (UTC+8) is 00:00 UTC. */
const DAY_SHIFT_START_UTC_HOUR = 0;

export function demoDutyRoster(officers: readonly DemoOfficer[], now: Date): DemoShift[] {
  const firstDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1);
  const indexInArea = new Map<string, number>();
  const shifts: DemoShift[] = [];
  for (const officer of officers) {
    const index = indexInArea.get(officer.areaCode) ?? 0;
    indexInArea.set(officer.areaCode, index + 1);
    const offsetHours = DAY_SHIFT_START_UTC_HOUR + (index % 2 === 0 ? 0 : 12);
    for (let day = 0; day < DAYS; day += 1) {
      const startsAt = new Date(firstDay + day * 24 * HOUR + offsetHours * HOUR);
      shifts.push({ badgeNo: officer.badgeNo, startsAt, endsAt: new Date(startsAt.getTime() + 12 * HOUR) });
    }
  }
  return shifts;
}
