// The demo town seeded on first start: grid areas and cells, a street network, officers and devices.
export { haversineMetres } from './geo';
export { DEFAULT_DEMO_TOWN_OPTIONS } from './options';
export { streetGraph, type StreetGraph } from '@fcc/shared';
export { generateDemoTown } from './town';
export type {
  DemoArea,
  DemoCell,
  DemoDevice,
  DemoOfficer,
  DemoStreet,
  DemoTown,
  DemoTownOptions,
  StreetKind,
} from './types';
