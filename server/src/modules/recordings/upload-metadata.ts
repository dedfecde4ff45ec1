// What a device declares about a file it uploads (tus Upload-Metadata, already base64-decoded by
// the tus server): when it started recording, how long it is, the SHA-256 it computed, and
// optionally who recorded. Checked before a byte is accepted, so a device with a wrong clock or a
// broken file list hears why at once.
import { UPLOAD_METADATA_KEYS } from '@fcc/shared';

export interface UploadDeclaration {
  filename: string | null;
  startedAt: Date;
  durationSeconds: number;
  sha256: Buffer;
  officerId: string | null;
}

export interface UploadLimits {
  now: Date;
  maxFutureSeconds: number;
  maxHours: number;
}

export type Parsed = { ok: true; value: UploadDeclaration } | { ok: false; problem: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Nothing recorded before body cameras existed; a year like 1970 means a reset device clock. */
const EARLIEST = Date.parse('2010-01-01T00:00:00Z');

export function parseUploadMetadata(
  metadata: Record<string, string | null | undefined>,
  deviceId: string,
  limits: UploadLimits,
): Parsed {
  const fail = (problem: string): Parsed => ({ ok: false, problem });
  const unknown = Object.keys(metadata).filter(
    (key) => !(UPLOAD_METADATA_KEYS as readonly string[]).includes(key),
  );
  if (unknown.length > 0)
    return fail(
      `Unknown Upload-Metadata key(s): ${unknown.join(', ')}; known: ${UPLOAD_METADATA_KEYS.join(', ')}.`,
    );

  const sha = metadata.sha256?.trim().toLowerCase();
  if (!sha || !/^[0-9a-f]{64}$/.test(sha))
    return fail(
      "Upload-Metadata sha256 is required: the file's SHA-256 as 64 hex digits, computed on the device.",
    );

  const started = metadata.startedAt?.trim();
  if (!started || !ISO_DATE_TIME.test(started) || Number.isNaN(Date.parse(started)))
    return fail(
      'Upload-Metadata startedAt is required: when recording started, ISO 8601 with a zone (e.g. 2026-05-01T08:00:00Z).',
    );
  const startedAt = new Date(Date.parse(started));
  const aheadSeconds = (startedAt.getTime() - limits.now.getTime()) / 1000;
  if (aheadSeconds > limits.maxFutureSeconds)
    return fail(
      `startedAt ${startedAt.toISOString()} is ${Math.round(aheadSeconds)} s in the future (at most ${limits.maxFutureSeconds} s allowed): the device clock is wrong.`,
    );
  if (startedAt.getTime() < EARLIEST)
    return fail(`startedAt ${startedAt.toISOString()} is before 2010: the device clock was reset.`);

  const duration = Number(metadata.durationSeconds);
  if (metadata.durationSeconds == null || !Number.isFinite(duration) || duration <= 0)
    return fail(
      "Upload-Metadata durationSeconds is required: the recording's length in seconds, more than 0.",
    );
  if (duration > limits.maxHours * 3600)
    return fail(`durationSeconds ${duration} is longer than ${limits.maxHours} hours; split the recording.`);

  const officerId = metadata.officerId?.trim() || null;
  if (officerId !== null && !UUID.test(officerId)) return fail(`officerId "${officerId}" is not an id.`);
  const declaredDevice = metadata.deviceId?.trim();
  if (declaredDevice && declaredDevice !== deviceId)
    return fail(
      `deviceId ${declaredDevice} is not this device (${deviceId}): a device uploads only its own recordings.`,
    );

  const filename = metadata.filename?.trim() || null;
  return {
    ok: true,
    value: { filename, startedAt, durationSeconds: duration, sha256: Buffer.from(sha, 'hex'), officerId },
  };
}
