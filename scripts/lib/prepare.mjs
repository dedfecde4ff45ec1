// What `npm start` and `npm test` both need before they run: a recent enough Node, installed
// dependencies and a dashboard build no older than its sources. Only Node built-ins: this runs
// before `npm install`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtime, newestMtime } from './freshness.mjs';
import { runStep } from './processes.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const at = (...parts) => path.join(root, ...parts);

/** A failure a person can act on: printed without a stack. */
export class StepError extends Error {}

export function checkNodeVersion() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  // 20.11 brings import.meta.dirname, which the server uses.
  if (major < 20 || (major === 20 && minor < 11)) {
    throw new StepError(`Node.js >= 20.11 is required, this is ${process.versions.node}`);
  }
}

export async function installDependencies(label) {
  const lock = at('package-lock.json');
  // npm rewrites this copy of the lock file on every install that changes node_modules.
  const installed = at('node_modules', '.package-lock.json');
  const hasModules = fs.existsSync(at('node_modules'));
  const lockTime = mtime(lock);

  let command;
  if (!hasModules) command = lockTime === undefined ? 'install' : 'ci';
  else if (lockTime !== undefined && (mtime(installed) ?? 0) < lockTime) command = 'install';
  if (!command) return;

  // --include=dev: tsx and vite are needed to run and build even when NODE_ENV=production.
  await step(label, `npm ${command}`, npm(), [command, '--include=dev', '--no-audit', '--no-fund']);
  // npm leaves the hidden lock file untouched when nothing changed; without this touch every
  // start after a `git pull` that only touched package-lock.json would install again.
  if (fs.existsSync(installed)) {
    const now = new Date();
    fs.utimesSync(installed, now, now);
  }
}

export async function buildDashboard(label) {
  if (!fs.existsSync(at('dashboard', 'index.html'))) {
    throw new StepError('dashboard/index.html not found: is this a complete checkout?');
  }
  const built = mtime(at('dashboard', 'dist', 'index.html'));
  const sources = newestMtime([
    at('dashboard', 'src'),
    at('dashboard', 'index.html'),
    at('dashboard', 'public'),
    at('dashboard', 'vite.config.ts'),
    at('shared', 'src'),
  ]);
  if (built !== undefined && built >= sources) return;
  await step(label, 'dashboard build', npm(), ['run', 'build', '-w', 'dashboard']);
}

async function step(label, name, [command, ...prefixArgs], args) {
  console.log(`[${label}] ${name}`);
  const code = await runStep(command, [...prefixArgs, ...args], { cwd: root });
  if (code !== 0) throw new StepError(`${name} failed with exit code ${code}`);
}

/** npm as the one running us when started by `npm start`, else npm from PATH. */
export function npm() {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli) && fs.existsSync(cli)) return [process.execPath, cli];
  return ['npm'];
}

/** Runs a script's main, turning a StepError into a message and exit code 1. */
export async function runMain(label, main) {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    console.error(`[${label}] ${error.message}`);
    process.exitCode = 1;
  }
}
