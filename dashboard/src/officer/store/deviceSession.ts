// Who this phone is signed in as: the device token (kept on the phone, in localStorage, so the
// officer signs in once per device) and the device and officer it belongs to.
import type { DeviceSelf } from '@fcc/shared';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { useOfficerTasks } from './officerTasks';

/** Why the phone is signed out, when the officer did not sign out themself. */
export type SignedOutReason = 'refused' | null;

interface DeviceSessionState {
  token: string | null;
  self: DeviceSelf | null;
  signedOutReason: SignedOutReason;
  signIn: (token: string, self: DeviceSelf) => void;
  setSelf: (self: DeviceSelf) => void;
  /** The server refused the token (wrong or revoked): back to the sign-in screen, saying why. */
  refused: () => void;
  signOut: () => void;
}

export const useDeviceSession = create<DeviceSessionState>()(
  persist(
    (set) => ({
      token: null,
      self: null,
      signedOutReason: null,
      // Tasks kept on the phone belong to the session: a new one starts from the server's list.
      signIn: (token, self) => {
        useOfficerTasks.getState().reset();
        set({ token, self, signedOutReason: null });
      },
      setSelf: (self) => set({ self }),
      refused: () => {
        useOfficerTasks.getState().reset();
        set({ token: null, self: null, signedOutReason: 'refused' });
      },
      signOut: () => {
        useOfficerTasks.getState().reset();
        set({ token: null, self: null, signedOutReason: null });
      },
    }),
    {
      name: 'fcc.officer.session',
      storage: createJSONStorage(() => localStorage),
      // The reason too: a phone signed out because its token was revoked still says why after a reload.
      partialize: ({ token, self, signedOutReason }) => ({ token, self, signedOutReason }),
    },
  ),
);
