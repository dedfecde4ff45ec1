// ffmpeg for the simulated body cameras: which binary (FFMPEG_PATH, else the static build of
// @ffmpeg-installer/ffmpeg, as the server uses), a one-shot run for encoding, and long-running
// children that never outlive the simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FFMPEG_PATH || (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** Runs ffmpeg to completion; rejects with the end of its stderr. */
export function runFfmpeg(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.trim()}`)),
    );
  });
}

/** A streaming ffmpeg (a camera's loop): its exit, and the last lines it wrote to stderr. */
export class FfmpegChild {
  readonly exited: Promise<{ code: number | null; stderr: string }>;
  private readonly child: ChildProcess;
  private stderr = '';
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  constructor(ffmpeg: string, args: string[]) {
    this.child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    // Whatever happens to the simulator, its cameras' ffmpeg must not keep streaming.
    process.once('exit', this.killOnExit);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        process.off('exit', this.killOnExit);
        resolve({ code: null, stderr: error.message });
      });
      this.child.once('close', (code) => {
        process.off('exit', this.killOnExit);
        resolve({ code, stderr: this.stderr.trim() });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGINT lets ffmpeg finish cleanly (an RTMP unpublish); SIGKILL just cuts it (a 4G loss). */
  async stop(signal: 'SIGINT' | 'SIGKILL' = 'SIGKILL'): Promise<void> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
