// Child processes for start.mjs: one-shot steps, and long-running children that receive our signals.
import { spawn } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';

/** Exit code as a shell reports it: 128 + signal number when the child was killed by a signal. */
function exitCode(code, signal) {
  if (code !== null) return code;
  return 128 + (os.constants.signals[signal] ?? 0);
}

/** Runs a step to completion with inherited stdio; resolves with its exit code. */
export function runStep(command, args, { cwd }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.once('error', (error) => {
      console.error(`[start] could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(exitCode(code, signal)));
  });
}

// A Ctrl-C in a terminal reaches us twice when npm runs us (from the terminal and relayed by npm);
// a second SIGINT makes `tsx watch` SIGKILL the server, so the echo must not be forwarded.
const ECHO_MS = 300;
// Longer than the server's own 10 s shutdown limit.
const KILL_AFTER_MS = 15_000;
const AUXILIARY_STOP_MS = 8_000;

/**
 * Runs children side by side until all have exited. Each runs in its own process group, so that
 * only the signals we forward reach it (once). When one exits, the others are stopped. Resolves
 * with the first non-zero exit code, or 0.
 * A spec with `signalGroup` gets signals on its whole group: for wrappers that do not relay them
 * to their own children (npm runs scripts through `sh -c`, and sh does not relay).
 * A spec with `auxiliary` (the simulated fleet) is a guest: its exit, whatever the code, stops
 * nobody and is not the result; it is stopped when the others have exited, and on Ctrl-C it is
 * stopped first (up to AUXILIARY_STOP_MS) so that it can still tidy up through the server.
 */
export function supervise(specs, { cwd, env, prefix }) {
  return new Promise((resolve) => {
    const running = new Set();
    const groupSignalled = new WeakSet();
    const auxiliary = new WeakSet();
    const exited = new WeakMap(); // child → promise of its exit
    const told = new WeakSet(); // sent a stop signal, by the user's request or ours
    const terminated = new WeakSet(); // stopped by us because a sibling exited: code not reported
    const escalating = new WeakSet();
    const codes = [];
    const width = Math.max(...specs.map((spec) => spec.name.length));
    let lastSignal = { signal: '', at: 0 };

    const onSignal = (signal) => {
      const now = Date.now();
      if (signal === lastSignal.signal && now - lastSignal.at < ECHO_MS) return;
      lastSignal = { signal, at: now };
      // A closed terminal sends SIGHUP; children get a graceful SIGTERM instead.
      const forwarded = signal === 'SIGHUP' ? 'SIGTERM' : signal;
      const forward = (child) => {
        if (!running.has(child)) return;
        told.add(child);
        if (groupSignalled.has(child)) killGroup(child, forwarded);
        else child.kill(forwarded);
      };
      const guests = [...running].filter((child) => auxiliary.has(child));
      const hosts = [...running].filter((child) => !auxiliary.has(child));
      guests.forEach(forward);
      if (guests.length === 0) return hosts.forEach(forward);
      const guestsGone = Promise.all(guests.map((child) => exited.get(child)));
      const patience = new Promise((resolve) => setTimeout(resolve, AUXILIARY_STOP_MS).unref());
      void Promise.race([guestsGone, patience]).then(() => hosts.forEach(forward));
    };
    const onExit = () => {
      for (const child of running) killGroup(child, 'SIGTERM');
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, onSignal);
    process.on('exit', onExit);

    const stopSiblings = () => {
      for (const child of running) {
        // One already shutting down is left to finish: a second signal makes `tsx watch` kill the
        // server outright.
        if (!told.has(child)) {
          told.add(child);
          terminated.add(child);
          child.kill('SIGTERM');
        }
        if (escalating.has(child)) continue;
        escalating.add(child);
        setTimeout(() => killGroup(child, 'SIGKILL'), KILL_AFTER_MS).unref();
      }
    };

    for (const spec of specs) {
      const label = `[${spec.name}]`.padEnd(width + 3);
      const child = spawn(spec.command, spec.args, {
        cwd,
        env,
        detached: true,
        // stdin ignored: a child in a background process group that reads the terminal is stopped.
        stdio: ['ignore', prefix ? 'pipe' : 'inherit', prefix ? 'pipe' : 'inherit'],
      });
      running.add(child);
      if (spec.signalGroup) groupSignalled.add(child);
      if (spec.auxiliary) auxiliary.add(child);
      exited.set(child, new Promise((resolve) => child.once('exit', resolve)));
      if (prefix) {
        prefixLines(child.stdout, process.stdout, label);
        prefixLines(child.stderr, process.stderr, label);
      }

      let done = false;
      const finish = (code) => {
        if (done) return;
        done = true;
        running.delete(child);
        if (!terminated.has(child) && !spec.auxiliary) codes.push(code);
        if (code !== 0 || running.size > 0) {
          console.error(`[start] ${spec.name} exited with code ${code}`);
        }
        // A guest leaving stops nobody; the last host leaving stops the guests.
        const hostsLeft = [...running].some((other) => !auxiliary.has(other));
        if (!spec.auxiliary || !hostsLeft) stopSiblings();
        if (running.size === 0) {
          for (const signal of signals) process.off(signal, onSignal);
          process.off('exit', onExit);
          resolve(codes.find((value) => value !== 0) ?? 0);
        }
      };
      child.once('error', (error) => {
        console.error(`[start] could not run ${spec.name}: ${error.message}`);
        finish(127);
      });
      child.once('exit', (code, signal) => {
        // Whatever the child left behind in its group (ffmpeg, esbuild) goes with it.
        killGroup(child, 'SIGTERM');
        finish(exitCode(code, signal));
      });
    }
  });
}

function killGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error; // ESRCH: the group is already empty
  }
}

function prefixLines(input, output, label) {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => output.write(`${label}${line}\n`));
}
