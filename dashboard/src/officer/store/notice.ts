// The one message above the task list: what happened to a step (the task changed meanwhile, no
// network). Kept outside the task's card, since the task itself may leave the list.
import { create } from 'zustand';

export interface Notice {
  tone: 'ok' | 'warn' | 'error';
  text: string;
  /** The server's own words, beneath ours. */
  detail?: string;
}

interface NoticeState {
  notice: Notice | null;
  show: (notice: Notice) => void;
  clear: () => void;
}

export const useNotice = create<NoticeState>()((set) => ({
  notice: null,
  show: (notice) => set({ notice }),
  clear: () => set({ notice: null }),
}));
