// Officers' tracks and who was where: the database packs a track's fixes into one value (so a
// day at 1 Hz crosses the wire as one value), the rest is computed here.
import {
  MAX_TRACK_RANGE_DAYS,
  POSITION_FLAGS,
  type OfficerPresence,
  type PolygonGeometry,
  type Track,
} from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';
import { BadRequestError, NotFoundError } from '../../http/errors';
import { trackDistance } from './distance';
import { simplify, toleranceForZoom } from './simplify';
import { detectStops } from './stops';
import { decodePackedFixes, inTimeOrder, type TrackPoints } from './track-points';

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface StopSettings {
  stopRadiusMetres: number;
  stopMinMinutes: number;
}

const GOOD_FIX = `p.flags & ${POSITION_FLAGS.outlier} = 0`;

export class TracksService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly stopSettings: StopSettings,
  ) {}

  /**
   * Every good fix of the officer in the range, oldest first, packed by the database into one
   * bytea (24 bytes a fix, see decodePackedFixes): a day at 1 Hz crosses the wire as one value
   * instead of 86,400 rows, as base64 (a third smaller than bytea's hex text, ~10 ms less to
   * send and decode a day; node-pg's binary mode would misread bytea as UTF-8 text). The officer's fixes come from the index alone
   * (positions_officer_track_idx includes the point and the flags) in time order, and nothing
   * (ST_MakeLine over 86,400 points, an ordered aggregate's sort) stands in the way. The order of
   * a sorted subquery feeding an aggregate is what PostgreSQL does, not what SQL promises, so it
   * is checked on arrival.
   */
  async points(officerId: string, range: TimeRange): Promise<TrackPoints> {
    const [, points] = await Promise.all([
      this.requireOfficer(officerId),
      this.goodFixes('officer_id', officerId, range),
    ]);
    return points;
  }

  /** The same for one device, whoever carried it (replay by device). */
  devicePoints(deviceId: string, range: TimeRange): Promise<TrackPoints> {
    return this.goodFixes('device_id', deviceId, range);
  }

  private async goodFixes(
    column: 'officer_id' | 'device_id',
    id: string,
    range: TimeRange,
  ): Promise<TrackPoints> {
    const { rows } = await this.pool.query<{ packed: string }>(goodFixesQuery(column), [
      id,
      range.fromMs,
      range.toMs,
    ]);
    return inTimeOrder(decodePackedFixes(Buffer.from(rows[0]!.packed, 'base64')));
  }

  async track(officerId: string, range: TimeRange, zoom: number | undefined): Promise<Track> {
    const points = await this.points(officerId, range);
    const kept = simplify(points, zoom === undefined ? 0 : toleranceForZoom(zoom, points.lat[0] ?? 0));
    const stops = detectStops(points, {
      radiusMetres: this.stopSettings.stopRadiusMetres,
      minDurationMs: this.stopSettings.stopMinMinutes * 60_000,
    });
    return {
      officerId,
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString(),
      fixCount: points.length,
      distanceMetres: Math.round(trackDistance(points, stops)),
      line: {
        type: 'LineString',
        coordinates: Array.from(
          kept,
          (i) => [round7(points.lon[i]!), round7(points.lat[i]!)] as [number, number],
        ),
      },
      times: Array.from(kept, (i) => points.t[i]!),
      stops: stops.map((stop) => ({
        lat: round7(stop.lat),
        lon: round7(stop.lon),
        arrivedAt: new Date(stop.arrivedAtMs).toISOString(),
        leftAt: new Date(stop.leftAtMs).toISOString(),
        durationSeconds: Math.round((stop.leftAtMs - stop.arrivedAtMs) / 1000),
      })),
    };
  }

  async officerName(officerId: string): Promise<string> {
    return (await this.requireOfficer(officerId)).name;
  }

  /** Officers with at least one good fix inside a grid cell during the range. */
  presenceInCell(cellId: string, range: TimeRange): Promise<OfficerPresence[]> {
    return this.presence('p.grid_cell_id = $3', [cellId], range);
  }

  /** Officers with at least one good fix inside a polygon during the range. */
  presenceInPolygon(polygon: PolygonGeometry, range: TimeRange): Promise<OfficerPresence[]> {
    return this.presence(
      'ST_Intersects(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))',
      [JSON.stringify(polygon)],
      range,
    );
  }

  private async presence(where: string, params: unknown[], range: TimeRange): Promise<OfficerPresence[]> {
    const { rows } = await this.pool.query<OfficerPresence>(
      `SELECT p.officer_id AS "officerId", o.name, o.badge_no AS "badgeNo",
              ${isoTimestamp('min(p.fix_time)')} AS "firstSeen", ${isoTimestamp('max(p.fix_time)')} AS "lastSeen",
              count(*)::int AS "fixCount"
       FROM positions p JOIN officers o ON o.id = p.officer_id
       WHERE p.fix_time >= to_timestamp($1 / 1000.0) AND p.fix_time < to_timestamp($2 / 1000.0)
         AND ${GOOD_FIX} AND ${where}
       GROUP BY p.officer_id, o.name, o.badge_no
       ORDER BY min(p.fix_time)`,
      [range.fromMs, range.toMs, ...params],
    );
    return rows;
  }

  private async requireOfficer(officerId: string): Promise<{ name: string }> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM officers WHERE id = $1', [
      officerId,
    ]);
    if (!rows[0]) throw new NotFoundError(`No officer with id ${officerId}.`);
    return rows[0];
  }
}

/** The packed good fixes of one officer or device: $1 the id, $2 and $3 the range in Unix ms. */
export function goodFixesQuery(column: 'officer_id' | 'device_id'): string {
  return `SELECT encode(coalesce(string_agg(fix, ''::bytea), ''::bytea), 'base64') AS packed
          FROM (SELECT float8send(ST_X(p.geom)) || float8send(ST_Y(p.geom)) || timestamptz_send(p.fix_time) AS fix
                FROM positions p
                WHERE p.${column} = $1 AND p.fix_time >= to_timestamp($2 / 1000.0) AND p.fix_time < to_timestamp($3 / 1000.0)
                  AND ${GOOD_FIX}
                ORDER BY p.fix_time) fixes`;
}

/** Parses and checks a from/to pair from a query string. */
export function parseRange(from: string, to: string): TimeRange {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
    throw new BadRequestError('from and to must be date-times.');
  if (toMs <= fromMs) throw new BadRequestError('to must be after from.');
  if (toMs - fromMs > MAX_TRACK_RANGE_DAYS * 86_400_000) {
    throw new BadRequestError(`The range may span at most ${MAX_TRACK_RANGE_DAYS} days; ask for less.`);
  }
  return { fromMs, toMs };
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
