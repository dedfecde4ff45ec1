// `npm test`: installs dependencies and builds the dashboard when they are missing or stale
// (the browser tests serve the build), then runs every vitest project: unit, server (against a
// real PostGIS) and browser (Debian's Chromium). Arguments go to vitest, e.g.
// `npm test -- --project server` or `npm test -- server/test/auth.test.ts`.
import fs from 'node:fs';
import {
  at,
  buildDashboard,
  checkNodeVersion,
  installDependencies,
  root,
  runMain,
  StepError,
} from './lib/prepare.mjs';
import { runStep } from './lib/processes.mjs';

async function main() {
  checkNodeVersion();
  await installDependencies('test');
  await buildDashboard('test');

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    throw new StepError(
      `${chromium} is missing; the browser tests need it: apt-get install chromium ` +
        '(or set CHROMIUM_PATH)',
    );
  }

  const vitest = at('node_modules', 'vitest', 'vitest.mjs');
  return runStep(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { cwd: root });
}

await runMain('test', main);
