// The video wall's arrangement as plain data: a layout of 1, 4, 9 or 16 tiles and what each tile
// shows. Pure functions, so placing, moving and restoring a saved wall are unit-tested.

export const WALL_LAYOUTS = [1, 4, 9, 16] as const;
export type WallLayout = (typeof WALL_LAYOUTS)[number];
export const MAX_TILES = 16;

/** What a tile shows: a device's camera, and the officer it belongs to (null for a fixed camera). */
export interface TileSource {
  deviceId: string;
  officerId: string | null;
}

/** Always MAX_TILES long: tiles beyond the layout keep their source for when it grows again. */
export type Tiles = readonly (TileSource | null)[];

export interface WallArrangement {
  layout: WallLayout;
  tiles: Tiles;
}

export const emptyTiles = (): Tiles => Array.from({ length: MAX_TILES }, () => null);

export const columnsOf = (layout: WallLayout) => Math.sqrt(layout);

export const isLayout = (value: unknown): value is WallLayout => WALL_LAYOUTS.includes(value as WallLayout);

/** The visible tile showing this device, or -1. */
export function tileOf(wall: WallArrangement, deviceId: string): number {
  return wall.tiles.findIndex((tile, index) => index < wall.layout && tile?.deviceId === deviceId);
}

export interface Placement extends WallArrangement {
  index: number;
}

/**
 * Where a source asked for from elsewhere (an officer card, an SOS) goes: the tile already
 * showing it; else the first free visible tile; else the layout grows to the next size; with 16
 * tiles full, the last tile whose device is not in `keep` (officers in an SOS) gives way.
 */
export function place(
  wall: WallArrangement,
  source: TileSource,
  keep: ReadonlySet<string> = new Set(),
): Placement {
  const shown = tileOf(wall, source.deviceId);
  if (shown >= 0) return { ...wall, index: shown };
  const tiles = withoutDevice(wall.tiles, source.deviceId);
  let layout = wall.layout;
  let index = firstFree(tiles, layout);
  while (index < 0 && layout < MAX_TILES) {
    layout = WALL_LAYOUTS[WALL_LAYOUTS.indexOf(layout) + 1]!;
    index = firstFree(tiles, layout);
  }
  if (index < 0) {
    index = MAX_TILES - 1;
    while (index > 0 && keep.has(tiles[index]!.deviceId)) index -= 1;
  }
  return { layout, tiles: replaceAt(tiles, index, source), index };
}

/**
 * A source dropped on a tile. A device shows in one tile only: dropped from another tile, the two
 * swap (so a drag between tiles rearranges the wall).
 */
export function assign(tiles: Tiles, index: number, source: TileSource): Tiles {
  const from = tiles.findIndex((tile) => tile?.deviceId === source.deviceId);
  if (from === index) return replaceAt(tiles, index, source);
  const next = replaceAt(tiles, index, source);
  return from < 0 ? next : replaceAt(next, from, tiles[index] ?? null);
}

export const clearTile = (tiles: Tiles, index: number): Tiles => replaceAt(tiles, index, null);

/** A saved wall read back from storage, whatever state it is in: anything malformed is dropped. */
export function restoreArrangement(saved: unknown): WallArrangement {
  const record = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  const layout = isLayout(record.layout) ? record.layout : 4;
  const list = Array.isArray(record.tiles) ? record.tiles : [];
  const seen = new Set<string>();
  const tiles = emptyTiles().map((_, index) => {
    const tile = asSource(list[index]);
    if (!tile || seen.has(tile.deviceId)) return null;
    seen.add(tile.deviceId);
    return tile;
  });
  return { layout, tiles };
}

function asSource(value: unknown): TileSource | null {
  if (typeof value !== 'object' || value === null) return null;
  const { deviceId, officerId } = value as Record<string, unknown>;
  if (typeof deviceId !== 'string' || !deviceId) return null;
  return { deviceId, officerId: typeof officerId === 'string' ? officerId : null };
}

function firstFree(tiles: Tiles, layout: WallLayout): number {
  for (let index = 0; index < layout; index += 1) if (!tiles[index]) return index;
  return -1;
}

const withoutDevice = (tiles: Tiles, deviceId: string): Tiles =>
  tiles.map((tile) => (tile?.deviceId === deviceId ? null : tile));

const replaceAt = (tiles: Tiles, index: number, source: TileSource | null): Tiles =>
  tiles.map((tile, at) => (at === index ? source : tile));
