// A browser GeolocationPosition as the Fix the server takes: optional readings only when the
// phone gives them, within the ranges the schema accepts.
import type { Fix } from '@fcc/shared';

interface Reading {
  timestamp: number;
  coords: Pick<
    GeolocationCoordinates,
    'latitude' | 'longitude' | 'accuracy' | 'speed' | 'heading' | 'altitude'
  >;
}

const usable = (value: number | null | undefined, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

export function positionToFix({ timestamp, coords }: Reading, battery: number | null): Fix {
  const fix: Fix = {
    fixTime: new Date(timestamp).toISOString(),
    lat: coords.latitude,
    lon: coords.longitude,
  };
  if (usable(coords.accuracy, 0, 100_000)) fix.accuracy = coords.accuracy;
  if (usable(coords.speed, 0, 1_000)) fix.speed = coords.speed;
  // Phones report heading NaN or null when standing still.
  if (usable(coords.heading, 0, 360)) fix.heading = coords.heading;
  if (usable(coords.altitude, -1_000, 20_000)) fix.altitude = coords.altitude;
  if (usable(battery, 0, 100)) fix.battery = battery;
  return fix;
}
