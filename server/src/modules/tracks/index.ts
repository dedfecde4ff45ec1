// The pure track functions (decode, distance, simplify, stops, GPX), without the service and routes.
export { haversineMetres, trackDistance } from './distance';
export { toGpx, type GpxInput } from './gpx';
export { simplify, toleranceForZoom } from './simplify';
export { detectStops, type Stop, type StopOptions } from './stops';
export { decodePackedFixes, fromArrays, type TrackPoints } from './track-points';
