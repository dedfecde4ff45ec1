// The case list's search: by code or title, ignoring case and surrounding spaces.
import type { Case } from '@fcc/shared';

export function matchesCase(found: Pick<Case, 'code' | 'title'>, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  return (
    wanted === '' || found.code.toLowerCase().includes(wanted) || found.title.toLowerCase().includes(wanted)
  );
}
