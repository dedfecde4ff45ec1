// `npm start` and `npm run dev`: installs dependencies and builds the dashboard when they are
// missing or stale, then runs the server. Only Node built-ins: it runs before `npm install`.
// The database (PostGIS install, embedded cluster) is the server's business, not this script's.
import fs from 'node:fs';
import {
  at,
  buildDashboard,
  checkNodeVersion,
  installDependencies,
  npm,
  root,
  runMain,
  StepError,
} from './lib/prepare.mjs';
import { supervise } from './lib/processes.mjs';

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--dev');
  if (unknown.length > 0)
    throw new StepError(`unknown argument ${unknown.join(' ')} (usage: start.mjs [--dev])`);
  const dev = args.includes('--dev');

  checkNodeVersion();
  await installDependencies('start');
  if (!dev) await buildDashboard('start');

  const tsx = at('node_modules', '.bin', 'tsx');
  if (!fs.existsSync(tsx))
    throw new StepError(`${tsx} is missing after npm install; is tsx in devDependencies?`);

  const env = { ...process.env };
  if (!dev) {
    return supervise(
      [{ name: 'server', command: process.execPath, args: ['--import', 'tsx', 'server/src/main.ts'] }],
      { cwd: root, env, prefix: false },
    );
  }
  // Output goes through pipes to be prefixed; keep the colours a terminal would have had.
  if (process.stdout.isTTY && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
  return supervise(
    [
      // Run tsx's CLI with this node rather than through its `#!/usr/bin/env node` line.
      {
        name: 'server',
        command: process.execPath,
        args: [fs.realpathSync(tsx), 'watch', 'server/src/main.ts'],
      },
      {
        name: 'dashboard',
        command: npm()[0],
        args: [...npm().slice(1), 'run', 'dev', '-w', 'dashboard'],
        signalGroup: true,
      },
    ],
    { cwd: root, env, prefix: true },
  );
}

await runMain('start', main);
