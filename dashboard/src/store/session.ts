// Who is signed in. Kept in sessionStorage so a reload keeps the operator signed
// in, while closing the tab (a shared command-centre screen) signs them out.
import type { LoginResponse, User } from '@fcc/shared';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface SessionState {
  token: string | null;
  expiresAt: string | null;
  user: User | null;
  signIn: (response: LoginResponse) => void;
  setUser: (user: User) => void;
  /** Forget the session locally (after sign-out, expiry or a 401). */
  clear: () => void;
}

export const useSession = create<SessionState>()(
  persist(
    (set) => ({
      token: null,
      expiresAt: null,
      user: null,
      signIn: ({ token, expiresAt, user }) => set({ token, expiresAt, user }),
      setUser: (user) => set({ user }),
      clear: () => set({ token: null, expiresAt: null, user: null }),
    }),
    {
      name: 'fcc.session',
      storage: createJSONStorage(() => sessionStorage),
      partialize: ({ token, expiresAt, user }) => ({ token, expiresAt, user }),
    },
  ),
);

export const selectToken = (state: SessionState) => state.token;
export const selectExpiresAt = (state: SessionState) => state.expiresAt;
export const selectUser = (state: SessionState) => state.user;
export const selectSignIn = (state: SessionState) => state.signIn;
export const selectSetUser = (state: SessionState) => state.setUser;
export const selectClear = (state: SessionState) => state.clear;
