// Calm, distinct fill colours for grid areas, readable on the dark map at night.
export const AREA_PALETTE = [
  '#5fb3a8', // teal
  '#d8a657', // amber
  '#9b8fd8', // lavender
  '#d88c9a', // rose
  '#6fa3d8', // blue
  '#98c379', // green
  '#c7b07a', // sand
  '#8fa7bf', // slate
] as const;

/**
 * One colour per area id, given in area-code order so an area keeps its colour
 * whatever order the server lists them in. Beyond the palette, colours repeat.
 */
export function assignAreaColours(
  areas: Iterable<{ properties: { id: string; code: string } }>,
): Record<string, string> {
  const sorted = [...areas].sort((a, b) =>
    a.properties.code.localeCompare(b.properties.code, 'en', { numeric: true }),
  );
  return Object.fromEntries(sorted.map((area, index) => [area.properties.id, paletteColour(index)]));
}

function paletteColour(index: number): string {
  return AREA_PALETTE[index % AREA_PALETTE.length] ?? AREA_PALETTE[0];
}
