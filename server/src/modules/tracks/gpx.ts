// GPX 1.1 export of a track (every fix, stops as waypoints), for other tools and case files.
import type { Stop } from './stops';
import type { TrackPoints } from './track-points';

export interface GpxInput {
  /** Track name, usually the officer's; escaped here. */
  name: string;
  points: TrackPoints;
  stops?: readonly Stop[];
}

export function toGpx({ name, points, stops = [] }: GpxInput): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="field-command-centre" xmlns="http://www.topografix.com/GPX/1/1">',
  ];
  // GPX 1.1 requires waypoints before tracks, and inside a wpt, time before name and desc.
  stops.forEach((stop, i) => {
    const minutes = Math.round((stop.leftAtMs - stop.arrivedAtMs) / 60_000);
    const desc = `Stayed ${minutes} min, from ${isoTime(stop.arrivedAtMs)} to ${isoTime(stop.leftAtMs)}`;
    lines.push(
      `  <wpt ${latLon(stop.lat, stop.lon)}><time>${isoTime(stop.arrivedAtMs)}</time>` +
        `<name>Stop ${i + 1}</name><desc>${escapeXml(desc)}</desc></wpt>`,
    );
  });
  lines.push(`  <trk><name>${escapeXml(name)}</name><trkseg>`);
  for (let i = 0; i < points.length; i += 1) {
    lines.push(
      `    <trkpt ${latLon(points.lat[i]!, points.lon[i]!)}><time>${isoTime(points.t[i]!)}</time></trkpt>`,
    );
  }
  lines.push('  </trkseg></trk>', '</gpx>', '');
  return lines.join('\n');
}

/** Seven decimals is about 1 cm, finer than any phone fix. */
function latLon(lat: number, lon: number): string {
  return `lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"`;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes markup and drops the control characters XML 1.0 does not allow at all. */
function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
  );
}
