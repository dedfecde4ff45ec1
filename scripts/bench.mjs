// `npm run bench -- <name>`: runs bench/<name>.ts. Without a name, lists what exists.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'bench');
const available = existsSync(benchDir)
  ? readdirSync(benchDir)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -3))
  : [];
const name = process.argv[2];

if (!name || !available.includes(name)) {
  const list = available.length ? available.join(', ') : '(none yet)';
  process.stderr.write(
    `${name ? `No benchmark "${name}". ` : ''}Usage: npm run bench -- <name>\nAvailable: ${list}\n`,
  );
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(benchDir, `${name}.ts`), ...process.argv.slice(3)],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
