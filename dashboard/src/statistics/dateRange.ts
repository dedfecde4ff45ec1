// The statistics screen picks whole days in the bureau's time zone (UTC+8, no daylight saving):
// "1 to 7 March" is 1 March 00:00 to 8 March 00:00 there, whatever the browser's own zone.

const OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a moment, as a day in the bureau's time zone. */
export function bureauDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last `days` days up to and including today. */
export function lastDays(days: number, nowMs = Date.now()): { fromDay: string; toDay: string } {
  const toDay = bureauDay(nowMs);
  return { fromDay: addDays(toDay, -(days - 1)), toDay };
}

/** The query's from/to for whole days, the last one included. */
export function rangeQuery(fromDay: string, toDay: string): { from: string; to: string } {
  return { from: `${fromDay}T00:00:00${OFFSET}`, to: `${addDays(toDay, 1)}T00:00:00${OFFSET}` };
}
