// Exports a case as a signed evidence package (see evidence-package.ts for the format): every
// recording's segments as stored, re-verified against the chain first (a package never carries a
// file the index does not vouch for), the recording officer's track over each recording (GPX and
// GeoJSON), each task's timeline, the case file, and the manifest signed with the server's key.
// The zip is built in DATA_DIR/exports and removed once sent.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import yazl from 'yazl';
import type { CaseDetail, EvidenceKey, TaskDetail } from '@fcc/shared';
import type { Database } from '../../db/client';
import { ConflictError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { RecordingsRepository } from '../recordings/recordings-repository';
import { verifySegmentChain } from '../recordings/segment-chain';
import { hashFile } from '../recordings/stream-recording';
import type { TasksService } from '../tasks/tasks-service';
import { toGpx } from '../tracks/gpx';
import type { TracksService } from '../tracks/tracks-service';
import type { CasesService } from './cases-service';
import { loadOrCreateEvidenceKey, signManifest, type EvidenceKeyPair } from './evidence-key';
import {
  MANIFEST,
  PACKAGE_FORMAT,
  PUBLIC_KEY,
  SIGNATURE,
  type Manifest,
  type ManifestFile,
  type ManifestRecording,
} from './evidence-package';

/** The track around a recording: from a little before it (where the officer came from) to a little after. */
const TRACK_MARGIN_MS = 5 * 60_000;

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
    private readonly config: { recordingsDir: string; exportsDir: string; keyFile: string },
  ) {}

  async publicKey(): Promise<EvidenceKey> {
    const key = await this.signingKey();
    return { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
  }

  async exportCase(principal: UserPrincipal, caseId: string, ip: string | null): Promise<ExportedPackage> {
    const key = await this.signingKey();
    const detail = await this.cases.get(caseId);
    const entries: PackageEntry[] = [];
    const addData = (name: string, content: string) => {
      const data = Buffer.from(content, 'utf8');
      entries.push({ name, source: { data }, sha256: sha256(data), bytes: data.length });
    };

    const recordings: ManifestRecording[] = [];
    for (const recording of detail.recordings)
      recordings.push(await this.addRecording(recording, entries, addData));
    const taskIds = new Set([
      ...detail.tasks.map((task) => task.id),
      ...detail.recordings.flatMap((r) => r.taskIds),
    ]);
    for (const taskId of taskIds) {
      const task: TaskDetail = await this.tasks.get(taskId);
      addData(`tasks/${safeName(task.code)}.json`, JSON.stringify(task, null, 2));
    }
    addData('case.json', JSON.stringify(detail satisfies CaseDetail, null, 2));

    const manifest: Manifest = {
      format: PACKAGE_FORMAT,
      exportedAt: new Date().toISOString(),
      exportedBy: principal.user.username,
      keyFingerprint: key.fingerprint,
      case: { id: detail.id, code: detail.code, title: detail.title, legalHold: detail.legalHold },
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
          action: 'case.exported',
          targetType: 'case',
          targetId: caseId,
          details: {
            code: detail.code,
            manifestSha256,
            keyFingerprint: key.fingerprint,
            files: entries.length,
            recordings: recordings.map((recording) => recording.id),
            bytes: size,
          },
        },
      );
      const filename = `evidence-${safeName(detail.code)}-${manifest.exportedAt.slice(0, 19).replace(/:/g, '')}Z.zip`;
      return { file, filename, bytes: size, manifestSha256 };
    } catch (error) {
      await fsp.rm(file, { force: true });
      throw error;
    }
  }

  private async addRecording(
    recording: CaseDetail['recordings'][number],
    entries: PackageEntry[],
    addData: (name: string, content: string) => void,
  ): Promise<ManifestRecording> {
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
      const name = `${folder}/${path.basename(segment.path)}`;
      const hash = segment.sha256.toString('hex');
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
    addData(`${folder}/recording.json`, JSON.stringify(recording, null, 2));

    let track: ManifestRecording['track'] = null;
    if (recording.officerId) {
      const range = {
        fromMs: Date.parse(recording.startedAt) - TRACK_MARGIN_MS,
        toMs: (recording.endedAt ? Date.parse(recording.endedAt) : Date.now()) + TRACK_MARGIN_MS,
      };
      const [name, points] = await Promise.all([
        this.tracks.officerName(recording.officerId),
        this.tracks.points(recording.officerId, range),
      ]);
      const times = Array.from(points.t, (t) => new Date(t).toISOString());
      const geojson = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {
              officerId: recording.officerId,
              officer: name,
              recordingId: recording.id,
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
      track = { gpx: `${folder}/track.gpx`, geojson: `${folder}/track.geojson` };
      addData(track.gpx, toGpx({ name: `${name} (recording ${recording.id})`, points }));
      addData(track.geojson, JSON.stringify(geojson));
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
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

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
