import { describe, expect, it } from 'vitest';
import { assign, clearTile, emptyTiles, place, restoreArrangement, tileOf, type Tiles } from './wallLayout';

const officer = (n: number) => ({ deviceId: `d${n}`, officerId: `o${n}` });
const camera = (n: number) => ({ deviceId: `c${n}`, officerId: null });
const filled = (count: number): Tiles =>
  emptyTiles().map((_, index) => (index < count ? officer(index) : null));

describe('placing a source on the wall', () => {
  it('takes the first free visible tile', () => {
    const tiles = clearTile(filled(4), 1);
    const placed = place({ layout: 4, tiles }, camera(9));
    expect(placed).toMatchObject({ layout: 4, index: 1 });
    expect(placed.tiles[1]).toEqual(camera(9));
  });

  it('keeps a source already shown where it is', () => {
    const placed = place({ layout: 4, tiles: filled(3) }, officer(2));
    expect(placed.index).toBe(2);
    expect(placed.tiles).toEqual(filled(3));
  });

  it('grows the layout when every tile is taken, 1 → 4 → 9 → 16', () => {
    expect(place({ layout: 1, tiles: filled(1) }, camera(1))).toMatchObject({ layout: 4, index: 1 });
    expect(place({ layout: 4, tiles: filled(4) }, camera(1))).toMatchObject({ layout: 9, index: 4 });
    expect(place({ layout: 9, tiles: filled(9) }, camera(1))).toMatchObject({ layout: 16, index: 9 });
  });

  it('with 16 full, replaces the last tile whose officer is not kept (an SOS stays)', () => {
    const placed = place({ layout: 16, tiles: filled(16) }, camera(1), new Set(['d15', 'd14']));
    expect(placed.index).toBe(13);
    expect(placed.tiles[13]).toEqual(camera(1));
    expect(placed.tiles[15]).toEqual(officer(15));
  });

  it('moves a source hidden beyond a shrunk layout into view instead of showing it twice', () => {
    const tiles = assign(emptyTiles(), 6, officer(1));
    const placed = place({ layout: 4, tiles }, officer(1));
    expect(placed.index).toBe(0);
    expect(placed.tiles.filter((tile) => tile?.deviceId === 'd1')).toHaveLength(1);
  });
});

describe('dropping on a tile', () => {
  it('swaps two tiles when a shown source is dropped on another', () => {
    const tiles = assign(filled(2), 0, officer(1));
    expect(tiles.slice(0, 2)).toEqual([officer(1), officer(0)]);
  });

  it('replaces what a tile showed when the source came from outside the wall', () => {
    const tiles = assign(filled(2), 1, camera(3));
    expect(tiles.slice(0, 3)).toEqual([officer(0), camera(3), null]);
    expect(tileOf({ layout: 4, tiles }, 'd1')).toBe(-1);
  });
});

describe('restoring a saved wall', () => {
  it('gives back what was saved', () => {
    const saved = { layout: 9, tiles: assign(emptyTiles(), 4, camera(2)) };
    expect(restoreArrangement(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });

  it('drops what is malformed: unknown layout, bad tiles, a device twice', () => {
    const restored = restoreArrangement({
      layout: 5,
      tiles: [officer(1), { deviceId: 7 }, 'x', officer(1), { deviceId: 'c1', officerId: 3 }],
    });
    expect(restored.layout).toBe(4);
    expect(restored.tiles).toHaveLength(16);
    expect(restored.tiles.slice(0, 5)).toEqual([officer(1), null, null, null, camera(1)]);
    expect(restoreArrangement('garbage')).toEqual({ layout: 4, tiles: emptyTiles() });
  });
});
