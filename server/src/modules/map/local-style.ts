// The default base map: a MapLibre style drawn from our own street data, so the
// map is useful on a closed network with no tile server. No glyphs or sprites:
// labels are drawn by the dashboard.
export function buildLocalStyle(streetsUrl: string) {
  return {
    version: 8,
    name: 'fcc-local',
    sources: {
      streets: { type: 'geojson', data: streetsUrl },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#11161c' } },
      {
        id: 'streets-lane',
        type: 'line',
        source: 'streets',
        filter: ['==', ['get', 'kind'], 'lane'],
        paint: {
          'line-color': '#2a333d',
          'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.5, 17, 3],
        },
      },
      {
        id: 'streets-street',
        type: 'line',
        source: 'streets',
        filter: ['==', ['get', 'kind'], 'street'],
        paint: { 'line-color': '#36414d', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1, 17, 6] },
      },
      {
        id: 'streets-main',
        type: 'line',
        source: 'streets',
        filter: ['==', ['get', 'kind'], 'main'],
        paint: {
          'line-color': '#4a5663',
          'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 10],
        },
      },
    ],
  };
}
