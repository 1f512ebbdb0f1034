import { createStore, useStore } from 'zustand';
import type { Me } from './types';

export type SessionStatus = 'unknown' | 'anonymous' | 'authenticated';

interface SessionState {
  status: SessionStatus;
  user: Me | null;
  /** Kept in memory only: never in storage, so a script injected into another tab cannot read it. */
  accessToken: string | null;
}

export const sessionStore = createStore<SessionState>(() => ({ status: 'unknown', user: null, accessToken: null }));

export function signIn(user: Me, accessToken: string): void {
  sessionStore.setState({ status: 'authenticated', user, accessToken });
}

export function setAccessToken(accessToken: string): void {
  sessionStore.setState({ accessToken });
}

export function setUser(user: Me): void {
  sessionStore.setState({ user, status: 'authenticated' });
}

export function signOutLocally(): void {
  sessionStore.setState({ status: 'anonymous', user: null, accessToken: null });
}

export function useSession<T>(select: (state: SessionState) => T): T {
  return useStore(sessionStore, select);
}

export const useCurrentUser = () => useSession((s) => s.user);
