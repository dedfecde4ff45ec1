// The evidence package format and its offline verification. A package is a zip holding the
// media, tracks, task timelines, photos and documents of a case, `manifest.json` (every file's SHA-256 and size, and
// every recording's segment chain), `manifest.sig` (Ed25519 over the manifest's bytes, base64)
// and `public-key.pem`. Verification needs nothing but the zip (and, to trust the signer, the
// server's published key or its fingerprint).
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import yauzl from 'yauzl';
import { GENESIS, segmentChainHash } from '../recordings/segment-chain';
import { keyFingerprint } from './evidence-key';

export const PACKAGE_FORMAT = 'fcc-evidence-package/1';
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const PUBLIC_KEY = 'public-key.pem';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestSegment {
  seq: number;
  /** The path the chain hash covers (as stored on the server). */
  path: string;
  /**
   * Where the segment is in this package; null when a time-range export leaves it out (outside
   * the range): its entry still links the chain, so the segments included are proven part of it.
   */
  file: string | null;
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: string;
  chainHash: string;
  gapBefore: boolean;
  repaired: boolean;
  note: string | null;
}

export interface ManifestRecording {
  id: string;
  officerId: string | null;
  deviceId: string;
  startedAt: string;
  endedAt: string | null;
  stage: string | null;
  purpose: string | null;
  taskIds: string[];
  place: unknown;
  segmentCount: number;
  chainHead: string | null;
  segments: ManifestSegment[];
  track: { gpx: string; geojson: string } | null;
}

/** A photo or document of a case, as it was when added (its SHA-256 taken by the server then). */
export interface ManifestCaseFile {
  id: string;
  kind: string;
  name: string;
  contentType: string;
  description: string;
  addedBy: string;
  addedAt: string;
  sha256: string;
  bytes: number;
  /** Where it is in this package. */
  file: string;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  exportedAt: string;
  exportedBy: string;
  keyFingerprint: string;
  /** A case export: the case. */
  case?: { id: string; code: string; title: string; legalHold: boolean; status?: string };
  /** A case export: its photos and documents (absent in packages made before case files). */
  caseFiles?: ManifestCaseFile[];
  /** A time-range export: whose range (an officer's or a device's). */
  range?: { officerId: string | null; deviceId: string | null; from: string; to: string };
  files: ManifestFile[];
  recordings: ManifestRecording[];
}

export interface PackageProblem {
  /** The file in the package that does not check out. */
  file: string;
  problem: string;
}

export interface PackageVerification {
  ok: boolean;
  fingerprint: string | null;
  filesChecked: number;
  segmentsChecked: number;
  problems: PackageProblem[];
}

interface ZipContent {
  sha256: string;
  bytes: number;
  /** Kept for the few small files read as text (manifest, signature, key). */
  data: Buffer | null;
}

const KEPT = new Set([MANIFEST, SIGNATURE, PUBLIC_KEY]);

/**
 * Checks a package: the signature over the manifest (with `trustedKeyPem` when given, else the
 * key inside the package), every file's hash and size, files that are missing or not listed,
 * and every recording's segment chain recomputed from its entries up to the chain head.
 */
export async function verifyPackage(
  zipFile: string,
  options: { trustedKeyPem?: string } = {},
): Promise<PackageVerification> {
  const problems: PackageProblem[] = [];
  const contents = await readZip(zipFile);
  const text = (name: string) => contents.get(name)?.data ?? null;
  const manifestBytes = text(MANIFEST);
  const signature = text(SIGNATURE);
  const keyPem = options.trustedKeyPem ?? text(PUBLIC_KEY)?.toString('utf8');
  const result = (fingerprint: string | null, filesChecked = 0, segmentsChecked = 0) => ({
    ok: problems.length === 0,
    fingerprint,
    filesChecked,
    segmentsChecked,
    problems,
  });
  if (!manifestBytes) return (problems.push({ file: MANIFEST, problem: 'missing' }), result(null));
  if (!signature) return (problems.push({ file: SIGNATURE, problem: 'missing' }), result(null));
  if (!keyPem) return (problems.push({ file: PUBLIC_KEY, problem: 'missing' }), result(null));

  const publicKey = createPublicKey(keyPem);
  const fingerprint = keyFingerprint(publicKey);
  const signed = verifySignature(
    null,
    manifestBytes,
    publicKey,
    Buffer.from(signature.toString('utf8'), 'base64'),
  );
  if (!signed) {
    problems.push({
      file: MANIFEST,
      problem: 'the signature does not match: the manifest was changed or signed by another key',
    });
    return result(fingerprint);
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  if (manifest.format !== PACKAGE_FORMAT) {
    problems.push({ file: MANIFEST, problem: `unknown format ${String(manifest.format)}` });
    return result(fingerprint);
  }

  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  for (const file of manifest.files) {
    const found = contents.get(file.path);
    if (!found) problems.push({ file: file.path, problem: 'missing from the package' });
    else if (found.sha256 !== file.sha256 || found.bytes !== file.bytes)
      problems.push({
        file: file.path,
        problem: `altered: SHA-256 ${found.sha256}, ${found.bytes} bytes; the manifest says ${file.sha256}, ${file.bytes} bytes`,
      });
  }
  for (const name of contents.keys())
    if (!listed.has(name) && !KEPT.has(name))
      problems.push({ file: name, problem: 'not in the manifest (added after signing)' });

  for (const caseFile of manifest.caseFiles ?? []) {
    const file = listed.get(caseFile.file);
    if (!file || file.sha256 !== caseFile.sha256 || file.bytes !== caseFile.bytes)
      problems.push({
        file: caseFile.file,
        problem: `not the ${caseFile.kind} ${caseFile.name} the case file names (SHA-256 ${caseFile.sha256}, ${caseFile.bytes} bytes)`,
      });
  }

  let segmentsChecked = 0;
  for (const recording of manifest.recordings) {
    let previous = GENESIS;
    for (const [index, segment] of recording.segments.entries()) {
      const where = `${segment.file ?? 'not included'} (recording ${recording.id}, segment ${segment.seq})`;
      const chainHash = segmentChainHash(previous, {
        ...segment,
        recordingId: recording.id,
        sha256: Buffer.from(segment.sha256, 'hex'),
      });
      if (segment.seq !== index || chainHash.toString('hex') !== segment.chainHash) {
        problems.push({ file: where, problem: 'the segment chain does not link here' });
        break;
      }
      const file = segment.file === null ? null : listed.get(segment.file);
      if (
        segment.file !== null &&
        (!file || file.sha256 !== segment.sha256 || file.bytes !== segment.bytes)
      ) {
        problems.push({ file: where, problem: 'the file is not the one the segment chain names' });
        break;
      }
      previous = chainHash;
      segmentsChecked += 1;
    }
    if (
      recording.segments.length !== recording.segmentCount ||
      previous.toString('hex') !== (recording.chainHead ?? GENESIS.toString('hex'))
    )
      problems.push({
        file: `recording ${recording.id}`,
        problem: `the chain does not end at the recording's head ${recording.chainHead} after ${recording.segmentCount} segments`,
      });
  }
  return result(fingerprint, manifest.files.length, segmentsChecked);
}

/** Every entry's SHA-256 and size, streamed (media can be large); small control files kept. */
function readZip(file: string): Promise<Map<string, ZipContent>> {
  return new Promise((resolve, reject) => {
    const contents = new Map<string, ZipContent>();
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('error', reject);
      zip.on('end', () => resolve(contents));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const hash = createHash('sha256');
          const chunks: Buffer[] | null = KEPT.has(entry.fileName) ? [] : null;
          let bytes = 0;
          stream.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            bytes += chunk.length;
            chunks?.push(chunk);
          });
          stream.on('error', reject);
          stream.on('end', () => {
            contents.set(entry.fileName, {
              sha256: hash.digest('hex'),
              bytes,
              data: chunks ? Buffer.concat(chunks) : null,
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
