// The server's evidence-signing key: Ed25519, created once under DATA_DIR and kept there. Its
// public half is served at /api/evidence/public-key and written into every package, so a third
// party can check a package offline and compare the key's fingerprint with the published one.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface EvidenceKeyPair {
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
}

export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Reads the key, creating it on first use; two processes starting together end with one key. */
export async function loadOrCreateEvidenceKey(file: string): Promise<EvidenceKeyPair> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let pem: string;
  try {
    pem = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = generateKeyPairSync('ed25519');
    const created = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    try {
      await fs.writeFile(file, created, { flag: 'wx', mode: 0o600 });
      pem = created;
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      pem = await fs.readFile(file, 'utf8');
    }
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${file} does not hold an Ed25519 key (${privateKey.asymmetricKeyType})`);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    fingerprint: keyFingerprint(publicKey),
  };
}

export function signManifest(key: EvidenceKeyPair, manifest: Buffer): string {
  return sign(null, manifest, key.privateKey).toString('base64');
}
