// GPX 1.1 export of a track, for other tools and for case files.
import type { TrackPoints } from './track-points';

export function toGpx({ name, points }: { name: string; points: TrackPoints }): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="field-command-centre" xmlns="http://www.topografix.com/GPX/1/1">',
    `  <trk><name>${escapeXml(name)}</name><trkseg>`,
  ];
  for (let i = 0; i < points.length; i += 1) {
    lines.push(
      `    <trkpt lat="${points.lat[i]!.toFixed(7)}" lon="${points.lon[i]!.toFixed(7)}"><time>${new Date(points.t[i]!).toISOString()}</time></trkpt>`,
    );
  }
  lines.push('  </trkseg></trk>', '</gpx>', '');
  return lines.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
