// `npm run verify -- package.zip [--key public-key.pem] [--fingerprint <hex>]`: checks an evidence
// package offline (signature over the manifest, every file's SHA-256 and size, every recording's
// segment chain). Exit 0: it verifies; 1: it does not (each failing file named); 2: bad usage.
// Without --key the package's own key is used: compare the printed fingerprint with the one the
// server publishes at /api/evidence/public-key, or pass --fingerprint to have it compared.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyPackage } from '../modules/cases/evidence-package';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { key: { type: 'string' }, fingerprint: { type: 'string' } },
    });
  } catch (error) {
    out(`verify: ${(error as Error).message}`);
    return 2;
  }
  const [zip] = parsed.positionals;
  if (!zip || parsed.positionals.length > 1) {
    out('usage: npm run verify -- package.zip [--key public-key.pem] [--fingerprint <hex>]');
    return 2;
  }
  // npm runs scripts from the repository root; paths are meant from where the command was typed.
  const from = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const zipFile = from(zip);
  if (!fs.existsSync(zipFile)) {
    out(`verify: no file ${zipFile}`);
    return 2;
  }
  const trustedKeyPem = parsed.values.key ? fs.readFileSync(from(parsed.values.key), 'utf8') : undefined;
  const result = await verifyPackage(zipFile, { trustedKeyPem }).catch((error: unknown) => {
    out(`FAIL ${zip}: not a readable package (${(error as Error).message})`);
    return null;
  });
  if (!result) return 1;
  out(`package:     ${zipFile}`);
  out(
    `signed by:   Ed25519 key ${result.fingerprint ?? '(none)'}${trustedKeyPem ? ' (the key given)' : ' (the key in the package)'}`,
  );
  const expected = parsed.values.fingerprint?.toLowerCase();
  if (expected && result.fingerprint !== expected) {
    result.problems.unshift({ file: 'public-key.pem', problem: `the key's fingerprint is not ${expected}` });
  }
  for (const problem of result.problems) out(`FAIL ${problem.file}: ${problem.problem}`);
  if (result.problems.length > 0) {
    out(`NOT VERIFIED: ${result.problems.length} problem(s)`);
    return 1;
  }
  out(`VERIFIED: signature, ${result.filesChecked} files, ${result.segmentsChecked} chained segments`);
  if (!trustedKeyPem && !expected) out('Compare the fingerprint above with GET /api/evidence/public-key.');
  return 0;
}

process.exitCode = await main();
