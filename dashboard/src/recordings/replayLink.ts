// The replay screen's address for a recording: its officer over the recording's time, a minute
// either side (the track before and after shows how the officer got there and left).

const MARGIN_MS = 60_000;
/** The replay route refuses ranges over 24 hours. */
const MAX_RANGE_MS = 24 * 3_600_000;

interface Replayable {
  officerId: string | null;
  deviceId: string;
  startedAt: string;
  endedAt: string | null;
}

/**
 * By officer when the recorder is known, else by device (whoever carried it); the range is cut to
 * the route's 24 hours from the start, and a recording still running ends now.
 */
export function replayHref(recording: Replayable, nowMs: number = Date.now()): string {
  const startMs = Date.parse(recording.startedAt);
  const endMs = recording.endedAt ? Date.parse(recording.endedAt) : nowMs;
  // Whole seconds: the replay form's inputs keep seconds, so the range it shows is the one asked.
  const from = Math.floor((startMs - MARGIN_MS) / 1000) * 1000;
  const to = Math.min(Math.ceil((endMs + MARGIN_MS) / 1000) * 1000, from + MAX_RANGE_MS);
  const subject: [string, string] = recording.officerId
    ? ['officerId', recording.officerId]
    : ['deviceId', recording.deviceId];
  const params = new URLSearchParams([
    subject,
    ['from', new Date(from).toISOString()],
    ['to', new Date(to).toISOString()],
  ]);
  return `/replay?${params}`;
}
