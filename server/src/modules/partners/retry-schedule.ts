// How long a webhook delivery waits after a failed attempt: 10 s, 30 s, 2 min, 10 min, then
// hourly, for the default 10 s base. A receiver that is down for a deploy gets the event within
// a minute; one down for an afternoon still gets it, without being hammered meanwhile.
const MULTIPLIERS = [1, 3, 12, 60, 360] as const;

export function retryDelayMs(failedAttempts: number, baseSeconds: number): number {
  const step = Math.min(Math.max(failedAttempts, 1), MULTIPLIERS.length) - 1;
  return Math.round(baseSeconds * 1000 * MULTIPLIERS[step]!);
}
