import { describe, expect, it } from 'vitest';
import { toGpx } from './gpx';
import { detectStops } from './stops';
import { syntheticTrack } from './synthetic-tracks';
import { fromArrays } from './track-points';

const ORIGIN = { lat: 40.805, lon: 111.6005 };

/** Every element opened is closed, in order: a loose well-formedness check. */
function balanced(xml: string): boolean {
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name!);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

describe('toGpx', () => {
  it('writes a GPX 1.1 document with one trkpt per fix, in order, times in ISO', () => {
    const start = Date.UTC(2026, 10, 23, 1);
    const { points } = syntheticTrack({
      origin: ORIGIN,
      startMs: start,
      legs: [{ seconds: 120, eastMps: 1.4, northMps: 0 }],
    });
    const gpx = toGpx({ name: 'Officer Wang', points });
    expect(gpx).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<gpx version="1.1" /);
    expect(gpx).toContain('xmlns="http://www.topografix.com/GPX/1/1"');
    expect(balanced(gpx)).toBe(true);
    const trkpts = [
      ...gpx.matchAll(/<trkpt lat="([-\d.]+)" lon="([-\d.]+)"><time>([^<]+)<\/time><\/trkpt>/g),
    ];
    expect(trkpts).toHaveLength(120);
    expect(trkpts[0]!.slice(1)).toEqual(['40.8050000', '111.6005000', '2026-11-23T01:00:00.000Z']);
    expect(trkpts[119]![3]).toBe('2026-11-23T01:01:59.000Z');
    expect(Number(trkpts[119]![2])).toBeCloseTo(points.lon[119]!, 7);
    expect(gpx).toContain('<trk><name>Officer Wang</name><trkseg>');
  });

  it('escapes the name so it cannot break or inject markup', () => {
    const gpx = toGpx({ name: `Wang <b>&"quote"'s</b>`, points: fromArrays([]) });
    expect(gpx).toContain('<name>Wang &lt;b&gt;&amp;&quot;quote&quot;&apos;s&lt;/b&gt;</name>');
    expect(gpx).not.toContain('<b>');
    expect(balanced(gpx)).toBe(true);
  });

  it('drops control characters XML 1.0 forbids, keeps tabs, newlines and CJK', () => {
    const gpx = toGpx({ name: '王警官\u0000\u0007\t2\n', points: fromArrays([]) });
    expect(gpx).toContain('<name>王警官\t2\n</name>');
  });

  it('writes stops as waypoints before the track, as GPX 1.1 orders them', () => {
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: [
        { seconds: 300, eastMps: 1.4, northMps: 0 },
        { seconds: 600, jitterMetres: 5 },
        { seconds: 300, eastMps: 1.4, northMps: 0 },
      ],
    });
    const stops = detectStops(points, { radiusMetres: 30, minDurationMs: 5 * 60_000 });
    expect(stops).toHaveLength(1);
    const gpx = toGpx({ name: 'Officer Wang', points, stops });
    const wpts = [...gpx.matchAll(/<wpt lat="([-\d.]+)" lon="([-\d.]+)">(.*?)<\/wpt>/g)];
    expect(wpts).toHaveLength(1);
    expect(Number(wpts[0]![1])).toBeCloseTo(stops[0]!.lat, 7);
    expect(wpts[0]![3]).toMatch(
      /^<time>2026-11-23T01:0[45]:\d\d\.000Z<\/time><name>Stop 1<\/name><desc>Stayed 1[01] min, from .+ to .+<\/desc>$/,
    );
    expect(gpx.indexOf('<wpt')).toBeLessThan(gpx.indexOf('<trk>'));
    expect(gpx.match(/<trkpt /g)).toHaveLength(points.length);
    expect(balanced(gpx)).toBe(true);
  });

  it('writes a valid document for an empty track', () => {
    const gpx = toGpx({ name: 'Nobody', points: fromArrays([]), stops: [] });
    expect(gpx).not.toContain('<trkpt');
    expect(gpx).not.toContain('<wpt');
    expect(gpx).toContain('<trkseg>');
    expect(balanced(gpx)).toBe(true);
  });

  it('writes a day at 1 Hz', () => {
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: [{ seconds: 86_400, eastMps: 0.1, northMps: 0.05 }],
    });
    const gpx = toGpx({ name: 'Officer Wang', points });
    expect(gpx.match(/<trkpt /g)).toHaveLength(86_400);
    expect(gpx.endsWith('</trkseg></trk>\n</gpx>\n')).toBe(true);
  });
});
