// Helpers shared by the layer components (each adds a GeoJSON source and its layers).
import type { GeoJSONSource, Map } from 'maplibre-gl';

/** What a GeoJSON source accepts, taken from MapLibre rather than restated. */
type SourceData = Exclude<Parameters<GeoJSONSource['setData']>[0], string>;

export const featureCollection = <F>(features: F[]) => ({
  type: 'FeatureCollection' as const,
  features,
});

export function setSourceData(map: Map, sourceId: string, data: SourceData): void {
  map.getSource<GeoJSONSource>(sourceId)?.setData(data);
}

/** Safe after map.remove(), which runs before the layers' own cleanup on unmount. */
export function removeLayersAndSource(map: Map, layerIds: string[], sourceId: string): void {
  for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(sourceId)) map.removeSource(sourceId);
}
