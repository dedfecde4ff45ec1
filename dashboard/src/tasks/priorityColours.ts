// Task priorities by colour: orange for urgent (red is kept for SOS), fading to grey.
import type { TaskPriority } from '@fcc/shared';

export const PRIORITY_COLOURS: Record<TaskPriority, string> = {
  urgent: '#ff8a3d',
  high: '#e9c46a',
  normal: '#a9c1d6',
  low: '#6c7a86',
};
