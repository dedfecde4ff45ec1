// Exports a case, or an officer's or a device's time range, as a signed evidence package (see evidence-package.ts for the format): every
// recording's segments as stored, re-verified against the chain first (a package never carries a
// file the index does not vouch for), the recording officer's track over each recording (GPX and
// GeoJSON), each task's timeline, the case's photos and documents (re-hashed against the SHA-256
// taken when they were added), the case file, and the manifest signed with the server's key.
// The zip is built in DATA_DIR/exports and removed once sent.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';
import type { CaseDetail, EvidenceKey, RangeExportBody, Recording, TaskDetail } from '@fcc/shared';
import type { Database } from '../../db/client';
import { BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { RecordingsRepository } from '../recordings/recordings-repository';
import { toRecording } from '../recordings/recordings-service';
import { verifySegmentChain, type ChainedSegment } from '../recordings/segment-chain';
import { hashFile } from '../recordings/stream-recording';
import type { TasksService } from '../tasks/tasks-service';
import { toGpx } from '../tracks/gpx';
import type { TracksService } from '../tracks/tracks-service';
import type { CaseFileStore } from './case-file-store';
import type { CasesService } from './cases-service';
import { loadOrCreateEvidenceKey, signManifest, type EvidenceKeyPair } from './evidence-key';
import {
  MANIFEST,
  PACKAGE_FORMAT,
  PUBLIC_KEY,
  SIGNATURE,
  type Manifest,
  type ManifestCaseFile,
  type ManifestFile,
  type ManifestRecording,
} from './evidence-package';

/** The track around a recording: from a little before it (where the officer came from) to a little after. */
const TRACK_MARGIN_MS = 5 * 60_000;
/** A range export covers at most a month, and at most this many recordings. */
const MAX_RANGE_DAYS = 31;
const MAX_RANGE_RECORDINGS = 1000;

export interface ExportedPackage {
  file: string;
  filename: string;
  bytes: number;
  manifestSha256: string;
}

interface PackageEntry {
  name: string;
  /** A file on disk (media, streamed) or content built here. */
  source: { file: string } | { data: Buffer };
  sha256: string;
  bytes: number;
}

export class EvidenceExportService {
  private key: Promise<EvidenceKeyPair> | null = null;

  constructor(
    private readonly db: Database,
    private readonly cases: CasesService,
    private readonly recordings: RecordingsRepository,
    private readonly tracks: TracksService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly caseFiles: CaseFileStore,
    private readonly config: { recordingsDir: string; exportsDir: string; keyFile: string },
  ) {}

  async publicKey(): Promise<EvidenceKey> {
    const key = await this.signingKey();
    return { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
  }

  async exportCase(principal: UserPrincipal, caseId: string, ip: string | null): Promise<ExportedPackage> {
    const detail = await this.cases.get(caseId);
    const contents = new PackageContents();
    const recordings: ManifestRecording[] = [];
    for (const recording of detail.recordings)
      recordings.push(await this.addRecording(recording, contents, ALL_SEGMENTS));
    const taskIds = new Set([
      ...detail.tasks.map((task) => task.id),
      ...detail.recordings.flatMap((r) => r.taskIds),
    ]);
    await this.addTasks(taskIds, contents);
    const caseFiles = await this.addCaseFiles(detail, contents);
    contents.addData('case.json', JSON.stringify(detail satisfies CaseDetail, null, 2));
    return this.writePackage(principal, ip, contents, recordings, {
      subject: {
        case: {
          id: detail.id,
          code: detail.code,
          title: detail.title,
          legalHold: detail.legalHold,
          status: detail.status,
        },
        caseFiles,
      },
      name: `evidence-${safeName(detail.code)}`,
      audit: {
        action: 'case.exported',
        targetType: 'case',
        targetId: caseId,
        details: { code: detail.code },
      },
    });
  }

  /**
   * An officer's or a device's time range: every recording overlapping it (re-verified first),
   * with the segment files that overlap the range (the other segments' entries stay in the
   * manifest, so the chain still checks out to each recording's head), the track of every
   * officer concerned over the range, and the timelines of the tasks assigned to them in it or
   * linked to the recordings.
   */
  async exportRange(
    principal: UserPrincipal,
    body: RangeExportBody,
    ip: string | null,
  ): Promise<ExportedPackage> {
    if ((body.officerId === undefined) === (body.deviceId === undefined))
      throw new BadRequestError('Give either officerId or deviceId (one of the two).');
    const fromMs = Date.parse(body.from);
    const toMs = Date.parse(body.to);
    if (toMs <= fromMs) throw new BadRequestError('to must be after from.');
    if (toMs - fromMs > MAX_RANGE_DAYS * 86_400_000)
      throw new BadRequestError(
        `A range export spans at most ${MAX_RANGE_DAYS} days; export less at a time.`,
      );
    const from = new Date(fromMs).toISOString();
    const to = new Date(toMs).toISOString();
    const officerId = body.officerId ?? null;
    const deviceId = body.deviceId ?? null;
    if (officerId) await this.tracks.officerName(officerId); // 404 for an unknown officer
    if (deviceId && !(await this.recordings.deviceExists(deviceId)))
      throw new NotFoundError(`No device ${deviceId}.`);

    const rows = await this.recordings.list({
      officerId: officerId ?? undefined,
      deviceId: deviceId ?? undefined,
      from,
      to,
      limit: MAX_RANGE_RECORDINGS + 1,
    });
    if (rows.length > MAX_RANGE_RECORDINGS)
      throw new UnprocessableError(
        `More than ${MAX_RANGE_RECORDINGS} recordings overlap the range; export a shorter range.`,
      );
    rows.reverse(); // oldest first
    const contents = new PackageContents();
    const overlaps = (segment: { startedAt: string; endedAt: string }) =>
      Date.parse(segment.endedAt) > fromMs && Date.parse(segment.startedAt) < toMs;
    const recordings: ManifestRecording[] = [];
    for (const row of rows)
      recordings.push(await this.addRecording(toRecording(row), contents, overlaps, false));

    const officers = officerId
      ? [officerId]
      : [...new Set(rows.map((row) => row.officerId).filter((id): id is string => id !== null))];
    for (const officer of officers) await this.addTrack(officer, { fromMs, toMs }, 'tracks', contents);
    const taskIds = new Set([
      ...(await this.recordings.assignedTaskIds(officers, from, to)),
      ...rows.flatMap((row) => row.taskIds),
    ]);
    await this.addTasks(taskIds, contents);
    const who = officerId ? `officer-${officerId.slice(0, 8)}` : `device-${deviceId!.slice(0, 8)}`;
    return this.writePackage(principal, ip, contents, recordings, {
      subject: { range: { officerId, deviceId, from, to } },
      name: `evidence-${who}-${from.slice(0, 16).replace(/:/g, '')}Z`,
      audit: {
        action: 'recordings.exported',
        targetType: officerId ? 'officer' : 'device',
        targetId: (officerId ?? deviceId)!,
        details: { from, to, tasks: taskIds.size },
      },
    });
  }

  private async writePackage(
    principal: UserPrincipal,
    ip: string | null,
    contents: PackageContents,
    recordings: ManifestRecording[],
    what: {
      subject: Pick<Manifest, 'case' | 'range' | 'caseFiles'>;
      name: string;
      audit: { action: string; targetType: string; targetId: string; details: Record<string, unknown> };
    },
  ): Promise<ExportedPackage> {
    const key = await this.signingKey();
    const entries = contents.entries;
    const manifest: Manifest = {
      format: PACKAGE_FORMAT,
      exportedAt: new Date().toISOString(),
      exportedBy: principal.user.username,
      keyFingerprint: key.fingerprint,
      ...what.subject,
      files: entries.map(({ name, sha256: hash, bytes }): ManifestFile => ({
        path: name,
        sha256: hash,
        bytes,
      })),
      recordings,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    const manifestSha256 = sha256(manifestBytes);

    await fsp.mkdir(this.config.exportsDir, { recursive: true });
    const file = path.join(this.config.exportsDir, `${randomUUID()}.zip`);
    try {
      await writeZip(file, [
        ...entries,
        {
          name: MANIFEST,
          source: { data: manifestBytes },
          sha256: manifestSha256,
          bytes: manifestBytes.length,
        },
        textEntry(SIGNATURE, signManifest(key, manifestBytes)),
        textEntry(PUBLIC_KEY, key.publicKeyPem),
      ]);
      const { size } = await fsp.stat(file);
      await this.audit.record(
        this.db,
        { principal, ip },
        {
          action: what.audit.action,
          targetType: what.audit.targetType,
          targetId: what.audit.targetId,
          details: {
            ...what.audit.details,
            manifestSha256,
            keyFingerprint: key.fingerprint,
            files: entries.length,
            recordings: recordings.map((recording) => recording.id),
            bytes: size,
          },
        },
      );
      const filename = `${what.name}-${manifest.exportedAt.slice(0, 19).replace(/:/g, '')}Z.zip`;
      return { file, filename, bytes: size, manifestSha256 };
    } catch (error) {
      await fsp.rm(file, { force: true });
      throw error;
    }
  }

  /**
   * The case's photos and documents at `files/<id>/<name>`, each re-hashed first: a file whose
   * stored bytes are no longer those hashed when it was added is refused (409 naming it).
   */
  private async addCaseFiles(detail: CaseDetail, contents: PackageContents): Promise<ManifestCaseFile[]> {
    const listed: ManifestCaseFile[] = [];
    for (const file of detail.files) {
      const stored = await this.caseFiles.hash(file.sha256);
      if (!stored || stored.sha256 !== file.sha256 || stored.bytes !== file.bytes) {
        const found = stored ? `SHA-256 ${stored.sha256}, ${stored.bytes} bytes` : 'missing';
        throw new ConflictError(
          `File ${file.name} (${file.id}) of case ${detail.code} fails verification, so the case cannot be exported: stored bytes ${found}; added as SHA-256 ${file.sha256}, ${file.bytes} bytes.`,
        );
      }
      const name = `files/${file.id}/${portableName(file.name)}`;
      contents.entries.push({
        name,
        source: { file: this.caseFiles.file(file.sha256) },
        sha256: file.sha256,
        bytes: file.bytes,
      });
      listed.push({
        id: file.id,
        kind: file.kind,
        name: file.name,
        contentType: file.contentType,
        description: file.description,
        addedBy: file.addedBy.name,
        addedAt: file.addedAt,
        sha256: file.sha256,
        bytes: file.bytes,
        file: name,
      });
    }
    return listed;
  }

  private async addTasks(taskIds: Iterable<string>, contents: PackageContents): Promise<void> {
    for (const taskId of taskIds) {
      const task: TaskDetail = await this.tasks.get(taskId);
      contents.addData(`tasks/${safeName(task.code)}.json`, JSON.stringify(task, null, 2));
    }
  }

  private async addRecording(
    recording: Recording,
    contents: PackageContents,
    included: (segment: ChainedSegment) => boolean,
    withTrack = true,
  ): Promise<ManifestRecording> {
    const entries = contents.entries;
    const row = (await this.recordings.find(recording.id))!;
    const segments = await this.recordings.segments(recording.id);
    const verification = await verifySegmentChain(row, segments, (relative) =>
      hashFile(this.resolve(relative)).catch(() => null),
    );
    if (!verification.ok) {
      throw new ConflictError(
        `Recording ${recording.id} fails verification, so it cannot be exported: ${verification.firstBroken!.detail}`,
      );
    }
    const folder = `recordings/${recording.id}`;
    const manifestSegments = segments.map((segment) => {
      const name = included(segment) ? `${folder}/${path.basename(segment.path)}` : null;
      const hash = segment.sha256.toString('hex');
      if (name)
        entries.push({
          name,
          source: { file: this.resolve(segment.path) },
          sha256: hash,
          bytes: segment.bytes,
        });
      return {
        seq: segment.seq,
        path: segment.path,
        file: name,
        startedAt: segment.startedAt,
        endedAt: segment.endedAt,
        bytes: segment.bytes,
        sha256: hash,
        chainHash: segment.chainHash.toString('hex'),
        gapBefore: segment.gapBefore,
        repaired: segment.repaired,
        note: segment.note,
      };
    });
    contents.addData(`${folder}/recording.json`, JSON.stringify(recording, null, 2));

    let track: ManifestRecording['track'] = null;
    if (recording.officerId && withTrack) {
      const range = {
        fromMs: Date.parse(recording.startedAt) - TRACK_MARGIN_MS,
        toMs: (recording.endedAt ? Date.parse(recording.endedAt) : Date.now()) + TRACK_MARGIN_MS,
      };
      track = await this.addTrack(recording.officerId, range, folder, contents, recording.id);
    }
    return {
      id: recording.id,
      officerId: recording.officerId,
      deviceId: recording.deviceId,
      startedAt: recording.startedAt,
      endedAt: recording.endedAt,
      stage: recording.stage,
      purpose: recording.purpose,
      taskIds: recording.taskIds,
      place: recording.place,
      segmentCount: row.segmentCount,
      chainHead: row.chainHead?.toString('hex') ?? null,
      segments: manifestSegments,
      track,
    };
  }

  /** The officer's track over a range as GPX and GeoJSON, at `<folder>/track.*` (or `<folder>/<officer>.*`). */
  private async addTrack(
    officerId: string,
    range: { fromMs: number; toMs: number },
    folder: string,
    contents: PackageContents,
    recordingId?: string,
  ): Promise<{ gpx: string; geojson: string }> {
    const [name, points] = await Promise.all([
      this.tracks.officerName(officerId),
      this.tracks.points(officerId, range),
    ]);
    const times = Array.from(points.t, (t) => new Date(t).toISOString());
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            officerId,
            officer: name,
            ...(recordingId ? { recordingId } : {}),
            from: new Date(range.fromMs).toISOString(),
            to: new Date(range.toMs).toISOString(),
            times,
          },
          geometry: {
            type: 'LineString',
            coordinates: Array.from(points.lon, (lon, i) => [lon, points.lat[i]!]),
          },
        },
      ],
    };
    const base = recordingId ? `${folder}/track` : `${folder}/${officerId}`;
    const track = { gpx: `${base}.gpx`, geojson: `${base}.geojson` };
    const title = recordingId
      ? `${name} (recording ${recordingId})`
      : `${name} (${times[0] ?? ''} – ${times.at(-1) ?? ''})`;
    contents.addData(track.gpx, toGpx({ name: title, points }));
    contents.addData(track.geojson, JSON.stringify(geojson));
    return track;
  }

  private signingKey(): Promise<EvidenceKeyPair> {
    this.key ??= loadOrCreateEvidenceKey(this.config.keyFile);
    return this.key;
  }

  /** Segment paths come from the index; one that leaves the recordings folder is refused. */
  private resolve(relative: string): string {
    const root = path.resolve(this.config.recordingsDir);
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep))
      throw new ConflictError(`Segment path ${relative} leaves the recordings folder.`);
    return file;
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** What goes into a package besides the manifest, signature and key. */
class PackageContents {
  readonly entries: PackageEntry[] = [];

  addData(name: string, content: string): void {
    const data = Buffer.from(content, 'utf8');
    this.entries.push({ name, source: { data }, sha256: sha256(data), bytes: data.length });
  }
}

const ALL_SEGMENTS = () => true;
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
/** A file's own name (Chinese too) in the zip, without what Windows or a zip tool would refuse. */
const portableName = (name: string) => name.replace(/[<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '_');

function textEntry(name: string, content: string): PackageEntry {
  const data = Buffer.from(content, 'utf8');
  return { name, source: { data }, sha256: sha256(data), bytes: data.length };
}

/** Media is stored as it is (already compressed); text is deflated. */
function writeZip(file: string, entries: PackageEntry[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const out = fs.createWriteStream(file);
    out.on('error', reject);
    out.on('close', () => resolve());
    zip.outputStream.on('error', reject).pipe(out);
    for (const entry of entries) {
      if ('file' in entry.source) zip.addFile(entry.source.file, entry.name, { compress: false });
      else zip.addBuffer(entry.source.data, entry.name, { compress: true });
    }
    zip.end();
  });
}
