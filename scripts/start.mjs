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
  const fleet = demoFleet(env);
  if (!dev) {
    return supervise(
      [
        { name: 'server', command: process.execPath, args: ['--import', 'tsx', 'server/src/main.ts'] },
        ...fleet,
      ],
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
      ...fleet,
    ],
    { cwd: root, env, prefix: true },
  );
}

/**
 * The demo fleet: the demo town's 16 officers, simulated, so that a new user sees the map come
 * alive. It waits for the server to answer, signs in with the tokens the server wrote on first
 * start (data/demo-device-tokens.json) or, with ADMIN_PASSWORD, issues them and puts the officers
 * on duty. SIM_VIDEO (default 4) of them stream their body camera. A guest of the server: if it
 * fails, the server carries on. SIM=off leaves it out.
 */
function demoFleet(env) {
  if (env.SIM === 'off') return [];
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  const server = `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || 8080}`;
  const officers = env.SIM_OFFICERS || '16';
  // A few body cameras recording from the start, so the video wall has something to show.
  const cameras = String(Math.min(Number(env.SIM_VIDEO || '4') || 0, Number(officers) || 0));
  const args = ['--server', server, '--officers', officers, '--wait-for-server', '600'];
  args.push('--video', cameras, '--video-mode', 'always');
  return [
    {
      name: 'sim',
      command: process.execPath,
      args: ['--import', 'tsx', 'device-sim/src/cli.ts', ...args, '--plain'],
      auxiliary: true,
    },
  ];
}

await runMain('start', main);
