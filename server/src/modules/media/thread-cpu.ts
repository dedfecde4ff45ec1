// CPU time of the calling thread (Linux /proc/thread-self), so a relay thread's load can be told
// apart from the rest of the process: process.cpuUsage() counts every thread together.
import fs from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Seconds of CPU this thread has used (user + system), or null where /proc/thread-self is missing. */
export function threadCpuSeconds(): number | null {
  let stat: string;
  try {
    // Read synchronously on purpose: only the calling thread's own /proc entry names it.
    stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : null;
}
