import { describe, expect, it } from 'vitest';
import { demoDutyRoster } from './demo-duty-roster';

const officers = ['A', 'B'].flatMap((areaCode) =>
  [1, 2, 3, 4].map((n) => ({ badgeNo: `${areaCode}${n}`, name: `${areaCode}${n}`, areaCode })),
);

describe('demoDutyRoster', () => {
  it('has officers of every area on duty at any hour of the coming weeks', () => {
    const now = new Date('2026-11-23T13:05:00Z');
    const roster = demoDutyRoster(officers, now);
    for (let hour = 0; hour < 24 * 28; hour += 1) {
      const at = now.getTime() + hour * 3_600_000;
      for (const area of ['A', 'B']) {
        const onDuty = roster.filter(
          (s) => s.badgeNo.startsWith(area) && s.startsAt.getTime() <= at && s.endsAt.getTime() > at,
        );
        expect(onDuty.length, `area ${area} at +${hour} h`).toBe(2);
      }
    }
  });

  it('gives each officer one 12-hour shift a day', () => {
    const roster = demoDutyRoster(officers, new Date('2026-11-23T13:05:00Z'));
    const mine = roster.filter((s) => s.badgeNo === 'A1');
    expect(mine).toHaveLength(30);
    expect(mine.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 12 * 3_600_000)).toBe(true);
    expect(mine[0]!.startsAt.toISOString()).toBe('2026-11-22T00:00:00.000Z'); // 08:00 in Beijing
  });
});
