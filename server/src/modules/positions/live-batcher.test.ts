import type { LivePosition } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { LiveBatcher, type Room } from './live-batcher';

const position = (officerId: string, areaId: string, cellId: string, fixTime: string): LivePosition => ({
  officerId,
  deviceId: `d-${officerId}`,
  fixTime,
  lat: 40.8,
  lon: 111.6,
  accuracy: null,
  speed: null,
  heading: null,
  battery: null,
  gridCellId: cellId,
  areaId,
});

describe('LiveBatcher', () => {
  const collect = () => {
    const sent: Array<[Room, LivePosition[]]> = [];
    return { sent, batcher: new LiveBatcher(1000, (room, positions) => sent.push([room, positions])) };
  };

  it('sends only the newest update per officer, to every room that shows the officer', () => {
    const { sent, batcher } = collect();
    batcher.add(position('o1', 'a1', 'c1', '2026-11-23T10:00:00.000Z'));
    batcher.add(position('o1', 'a1', 'c1', '2026-11-23T10:00:01.000Z'));
    batcher.add(position('o2', 'a2', 'c9', '2026-11-23T10:00:01.000Z'));
    batcher.flush();
    const rooms = Object.fromEntries(sent.map(([room, list]) => [room, list.map((p) => p.officerId)]));
    expect(rooms).toEqual({
      all: ['o1', 'o2'],
      'officer:o1': ['o1'],
      'area:a1': ['o1'],
      'cell:c1': ['o1'],
      'officer:o2': ['o2'],
      'area:a2': ['o2'],
      'cell:c9': ['o2'],
    });
    expect(sent.find(([room]) => room === 'all')![1][0]!.fixTime).toBe('2026-11-23T10:00:01.000Z');
  });

  it('tells the rooms an officer left, so their dashboards can drop the marker', () => {
    const { sent, batcher } = collect();
    batcher.add(position('o1', 'a1', 'c1', '2026-11-23T10:00:00.000Z'));
    batcher.flush();
    sent.length = 0;
    batcher.add(position('o1', 'a2', 'c5', '2026-11-23T10:00:05.000Z'));
    batcher.flush();
    expect(sent.map(([room]) => room).sort()).toEqual(
      ['all', 'area:a1', 'area:a2', 'cell:c1', 'cell:c5', 'officer:o1'].sort(),
    );
  });

  it('sends nothing when nothing moved', () => {
    const { sent, batcher } = collect();
    batcher.flush();
    expect(sent).toEqual([]);
  });
});
