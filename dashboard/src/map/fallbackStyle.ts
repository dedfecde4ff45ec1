// Used when the configured base style cannot be loaded, so that the grid (our
// own data) is still drawn: a plain background, no glyphs, nothing to fetch.
import type { StyleSpecification } from 'maplibre-gl';

export const FALLBACK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#10161e' } }],
};
