// Task categories the operator can pick. The server seeds these codes (migration 0004) but has
// no route that lists them yet, so they are named here; a code not listed shows as itself.
export const TASK_CATEGORIES = [
  'street-vending',
  'illegal-parking',
  'construction',
  'environment',
  'noise',
  'inspection',
  'other',
] as const;
