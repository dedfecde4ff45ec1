// Durations as operators read them on a wall screen: short, fixed-width, no locale words
// needed (the unit letters are the same in Chinese command centres).

/** 75 → "1:15", 3725 → "1:02:05"; negative values keep their sign ("-0:42"). */
export function formatClock(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  const seconds = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}

export type AgeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** An age in its largest whole unit, for "{{count}} min ago" style texts. */
export function ageParts(seconds: number): { count: number; unit: AgeUnit } {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return { count: s, unit: 'seconds' };
  if (s < 3600) return { count: Math.floor(s / 60), unit: 'minutes' };
  if (s < 86_400) return { count: Math.floor(s / 3600), unit: 'hours' };
  return { count: Math.floor(s / 86_400), unit: 'days' };
}

/** Metres as "350 m" or "1.2 km". */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** Bytes as "512 B", "34.5 KB", "12.3 MB" (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
