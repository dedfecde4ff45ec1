// Every officer's latest position, as the live socket reports it. The map layer reads this
// outside React (subscribe + getState) so that a batch of thousands never re-renders the page.
import type { LivePosition } from '@fcc/shared';
import { create } from 'zustand';

interface PositionsState {
  items: Record<string, LivePosition>;
  /** The answer to `subscribe`: everything known at that moment, newer fixes already held win. */
  replaceAll: (positions: LivePosition[]) => void;
  /** A live batch: one entry per officer that moved. */
  applyBatch: (positions: LivePosition[]) => void;
  reset: () => void;
}

export const usePositions = create<PositionsState>()((set) => ({
  items: {},
  replaceAll: (positions) =>
    set((state) => ({
      items: mergeNewer(Object.create(null) as Record<string, LivePosition>, positions, state.items),
    })),
  applyBatch: (positions) => set((state) => ({ items: mergeNewer({ ...state.items }, positions) })),
  reset: () => set({ items: {} }),
}));

/** Fixes can arrive out of order (a subscribe answer racing a batch): keep the newest per officer. */
export function mergeNewer(
  target: Record<string, LivePosition>,
  positions: LivePosition[],
  keepFrom?: Record<string, LivePosition>,
): Record<string, LivePosition> {
  for (const position of positions) {
    const held = target[position.officerId] ?? keepFrom?.[position.officerId];
    target[position.officerId] =
      held && Date.parse(held.fixTime) > Date.parse(position.fixTime) ? held : position;
  }
  return target;
}

export const selectPositions = (state: PositionsState) => state.items;
export const selectPositionOf = (officerId: string | null) => (state: PositionsState) =>
  officerId ? state.items[officerId] : undefined;
