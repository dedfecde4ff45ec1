import { describe, expect, it } from 'vitest';
import { AREA_PALETTE, assignAreaColours } from './areaColours';

const area = (id: string, code: string) => ({ properties: { id, code } });

describe('assignAreaColours', () => {
  it('gives every area a different colour while the palette lasts', () => {
    const areas = AREA_PALETTE.map((_, i) => area(`id-${i}`, `A${i + 1}`));
    const colours = Object.values(assignAreaColours(areas));
    expect(new Set(colours).size).toBe(AREA_PALETTE.length);
  });

  it('keeps each area its colour whatever order the server lists them in', () => {
    const areas = [area('a', 'A1'), area('b', 'A2'), area('c', 'A10')];
    expect(assignAreaColours([...areas].reverse())).toEqual(assignAreaColours(areas));
    expect(assignAreaColours(areas).c).toBe(AREA_PALETTE[2]); // A10 sorts after A2
  });
});
