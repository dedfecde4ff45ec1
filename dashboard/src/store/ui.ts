// What the operator has in hand: the selected officer or camera, the open task, a task being drafted,
// and where the camera should go next (an SOS, a task). One place, so map and panels agree.
import type { LatLon } from '@fcc/shared';
import { create } from 'zustand';

export type SideTab = 'tasks' | 'alerts' | 'areas' | 'devices';

export interface TaskDraft {
  location: LatLon | null;
  /** Set when the draft came from an officer's card: dispatch to them once created. */
  officerId: string | null;
}

interface UiState {
  selectedOfficerId: string | null;
  /** A fixed camera whose card is open; one card at a time, so it and the officer exclude each other. */
  selectedCameraId: string | null;
  openTaskId: string | null;
  draft: TaskDraft | null;
  /** While true a map click places the draft's location instead of selecting. */
  picking: boolean;
  sideTab: SideTab;
  /** A request to move the camera; `seq` makes the same place twice still count. */
  focus: { lon: number; lat: number; zoom?: number; seq: number } | null;
  /** Selects an officer (or, with null, clears the selection, a camera's too). */
  selectOfficer: (id: string | null) => void;
  selectCamera: (id: string | null) => void;
  openTask: (id: string | null) => void;
  startDraft: (draft?: Partial<TaskDraft>) => void;
  setDraftLocation: (location: LatLon) => void;
  setPicking: (picking: boolean) => void;
  closeDraft: () => void;
  setSideTab: (tab: SideTab) => void;
  focusOn: (lon: number, lat: number, zoom?: number) => void;
  reset: () => void;
}

const initial = {
  selectedOfficerId: null,
  selectedCameraId: null,
  openTaskId: null,
  draft: null,
  picking: false,
  sideTab: 'tasks' as SideTab,
  focus: null,
};

export const useUi = create<UiState>()((set) => ({
  ...initial,
  selectOfficer: (id) => set({ selectedOfficerId: id, selectedCameraId: null }),
  selectCamera: (id) => set({ selectedCameraId: id, selectedOfficerId: null }),
  openTask: (id) => set({ openTaskId: id, draft: null, picking: false }),
  startDraft: (draft) =>
    set({
      draft: { location: draft?.location ?? null, officerId: draft?.officerId ?? null },
      picking: !draft?.location,
      openTaskId: null,
    }),
  setDraftLocation: (location) =>
    set((state) => ({ draft: { officerId: null, ...state.draft, location }, picking: false })),
  setPicking: (picking) => set({ picking }),
  closeDraft: () => set({ draft: null, picking: false }),
  setSideTab: (sideTab) => set({ sideTab }),
  focusOn: (lon, lat, zoom) =>
    set((state) => ({
      focus: { lon, lat, ...(zoom === undefined ? {} : { zoom }), seq: (state.focus?.seq ?? 0) + 1 },
    })),
  reset: () => set(initial),
}));
