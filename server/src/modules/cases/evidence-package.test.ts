import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS, segmentChainHash } from '../recordings/segment-chain';
import { keyFingerprint, signManifest, type EvidenceKeyPair } from './evidence-key';
import { PACKAGE_FORMAT, verifyPackage, type Manifest, type ManifestSegment } from './evidence-package';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-package-'));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const RECORDING = '7f1c1b7e-1111-4222-8333-444455556666';

function newKey(): EvidenceKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    fingerprint: keyFingerprint(publicKey),
  };
}

/** A package of two chained segments and a track, as the exporter lays it out. */
function content() {
  const files = new Map<string, Buffer>([
    [`recordings/${RECORDING}/r0-00000.webm`, Buffer.from('first segment bytes')],
    [`recordings/${RECORDING}/r0-00001.webm`, Buffer.from('second segment bytes')],
    [`recordings/${RECORDING}/track.gpx`, Buffer.from('<gpx/>')],
  ]);
  let previous = GENESIS;
  const segments: ManifestSegment[] = [0, 1].map((seq) => {
    const file = `recordings/${RECORDING}/r0-0000${seq}.webm`;
    const data = files.get(file)!;
    const entry = {
      seq,
      path: `${RECORDING}/r0-0000${seq}.webm`,
      file,
      startedAt: new Date(Date.UTC(2026, 10, 23, 3, 0, seq * 10)).toISOString(),
      endedAt: new Date(Date.UTC(2026, 10, 23, 3, 0, seq * 10 + 10)).toISOString(),
      bytes: data.length,
      sha256: sha256(data),
      gapBefore: false,
      repaired: false,
      note: null,
    };
    previous = segmentChainHash(previous, {
      ...entry,
      recordingId: RECORDING,
      sha256: Buffer.from(entry.sha256, 'hex'),
    });
    return { ...entry, chainHash: previous.toString('hex') };
  });
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    exportedAt: '2026-11-23T04:00:00.000Z',
    exportedBy: 'supervisor',
    keyFingerprint: '',
    case: { id: RECORDING, code: 'C-1', title: 'A case', legalHold: false },
    files: [...files].map(([name, data]) => ({ path: name, sha256: sha256(data), bytes: data.length })),
    recordings: [
      {
        id: RECORDING,
        officerId: null,
        deviceId: RECORDING,
        startedAt: segments[0]!.startedAt,
        endedAt: segments[1]!.endedAt,
        stage: 'inspection',
        purpose: 'The stall blocks the pavement',
        taskIds: [],
        place: null,
        segmentCount: 2,
        chainHead: previous.toString('hex'),
        segments,
        track: null,
      },
    ],
  };
  return { files, manifest };
}

let counter = 0;
function writePackage(
  key: EvidenceKeyPair,
  files: Map<string, Buffer>,
  manifest: Manifest,
  tamperManifest?: (bytes: Buffer) => Buffer,
): Promise<string> {
  const file = path.join(dir, `package-${counter++}.zip`);
  const zip = new yazl.ZipFile();
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
  for (const [name, data] of files) zip.addBuffer(data, name);
  zip.addBuffer(tamperManifest ? tamperManifest(manifestBytes) : manifestBytes, 'manifest.json');
  zip.addBuffer(Buffer.from(signManifest(key, manifestBytes)), 'manifest.sig');
  zip.addBuffer(Buffer.from(key.publicKeyPem), 'public-key.pem');
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(file))
      .on('close', () => resolve(file))
      .on('error', reject);
  });
}

describe('evidence package verification', () => {
  const key = newKey();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('verifies an untouched package and reports the signing key', async () => {
    const { files, manifest } = content();
    const result = await verifyPackage(await writePackage(key, files, manifest));
    expect(result).toMatchObject({
      ok: true,
      fingerprint: key.fingerprint,
      filesChecked: 3,
      segmentsChecked: 2,
      problems: [],
    });
  });

  it('names a file whose content changed, one that is missing, and one added after signing', async () => {
    const { files, manifest } = content();
    files.set(`recordings/${RECORDING}/r0-00001.webm`, Buffer.from('second segment bytez'));
    files.delete(`recordings/${RECORDING}/track.gpx`);
    files.set('extra.txt', Buffer.from('planted'));
    const result = await verifyPackage(await writePackage(key, files, manifest));
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => [problem.file, problem.problem.split(':')[0]])).toEqual([
      [`recordings/${RECORDING}/r0-00001.webm`, 'altered'],
      [`recordings/${RECORDING}/track.gpx`, 'missing from the package'],
      ['extra.txt', 'not in the manifest (added after signing)'],
    ]);
  });

  it('refuses a manifest changed after signing, and a package checked against another key', async () => {
    const { files, manifest } = content();
    const edited = await writePackage(key, files, manifest, (bytes) =>
      Buffer.from(bytes.toString().replace('The stall blocks the pavement', 'Nothing happened here')),
    );
    expect((await verifyPackage(edited)).problems).toEqual([
      { file: 'manifest.json', problem: expect.stringContaining('signature does not match') },
    ]);
    const untouched = await writePackage(key, files, manifest);
    const other = await verifyPackage(untouched, { trustedKeyPem: newKey().publicKeyPem });
    expect(other.problems).toEqual([
      { file: 'manifest.json', problem: expect.stringContaining('signature') },
    ]);
  });

  it('recomputes the segment chain: an entry moved or edited before signing is caught', async () => {
    const { files, manifest } = content();
    const segments = manifest.recordings[0]!.segments;
    segments[1] = { ...segments[1]!, endedAt: '2026-11-23T03:00:25.000Z' };
    const result = await verifyPackage(await writePackage(key, files, manifest));
    expect(result.problems[0]).toMatchObject({
      file: `recordings/${RECORDING}/r0-00001.webm (recording ${RECORDING}, segment 1)`,
      problem: 'the segment chain does not link here',
    });
  });
});
