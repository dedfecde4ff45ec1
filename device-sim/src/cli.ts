// `npm run sim -- …`: a fleet of simulated officers against a running command centre.
// Exit codes: 0 done; 1 refused by the server (bad token, 4xx, a refused publish) or fixes left unsent; 2 usage.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { endShifts, SetupError, setUpFleet } from './fleet-setup';
import { routerFromStreets, runFleet } from './fleet';
import { prepareFleetVideo } from './fleet-video';
import { parseOptions, UsageError, USAGE, type SimOptions } from './options';
import { ServerApi, ServerRejection } from './server-api';
import { Terminal } from './terminal';

const repoRoot = path.resolve(import.meta.dirname, '../..');

async function main(): Promise<number> {
  let options: SimOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2), process.env, repoRoot, process.stderr.isTTY === true);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sim: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const terminal = new Terminal(options.interactive, process.stderr, options.statusEverySeconds * 1000);
  const log = { info: (m: string) => terminal.log(m), warn: (m: string) => terminal.log(`warning: ${m}`) };

  try {
    await waitForServer(options, terminal);
    const setup = await setUpFleet(options, log);
    const streets = await new ServerApi(options.server, setup.devices[0]!.token).streetsForDevice();
    const router = routerFromStreets(streets);
    terminal.log(
      `${setup.devices.length} ${options.load ? 'load-test devices' : 'officers'} against ${options.server}` +
        ` (${router.graph.edges.length} street segments, fix every ${options.fixIntervalSeconds} s, seed ${options.seed})`,
    );
    const video = await prepareFleetVideo(options, setup, log);
    const run = runFleet(options, setup.devices, router, terminal, video?.factory);
    const onSignal = () => {
      terminal.log('stopping (Ctrl-C again to quit at once)');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      run.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const result = await run.done;
    await endShifts(setup, log);
    terminal.final(result.stats.summary());
    for (const refusal of new Set(result.stats.refusals)) terminal.log(`refused: ${refusal}`);
    if (result.unsent > 0) terminal.log(`${result.unsent} fixes were never acknowledged by the server`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      terminal.log(error.message);
      return 2;
    }
    if (error instanceof ServerRejection || error instanceof SetupError) {
      terminal.log(`the server refused the simulator: ${error.message}`);
      return 1;
    }
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND')
      terminal.log(`cannot reach ${options.server} (${cause}); is the server running? (npm start)`);
    else terminal.log(`failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

async function waitForServer(options: SimOptions, terminal: Terminal): Promise<void> {
  if (options.waitForServerSeconds <= 0) return;
  const api = new ServerApi(options.server);
  const deadline = Date.now() + options.waitForServerSeconds * 1000;
  let said = false;
  for (;;) {
    try {
      await api.health();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      if (!said) terminal.log(`waiting for ${options.server} to answer…`);
      said = true;
      await sleep(1000);
    }
  }
}

process.exitCode = await main();
// Sockets and timers are closed by now; a straggler (a slow HTTP keep-alive) must not hold the exit.
setTimeout(() => process.exit(), 500).unref();
