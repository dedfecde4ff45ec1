export * from './roles';
export * from './errors';
export * from './auth';
export * from './officers';
export * from './geojson';
export * from './grids';
export * from './map';
export * from './audit';
