import { api } from '../../lib/api-client';
import { signIn, signOutLocally } from '../../lib/session';
import type { AuthAnswer } from '../../lib/types';

export interface LoginInput {
  email: string;
  password: string;
}

export interface RegisterInput extends LoginInput {
  username: string;
}

export async function login(input: LoginInput): Promise<void> {
  const answer = await api.post<AuthAnswer>('/api/auth/login', { ...input });
  signIn(answer.user, answer.accessToken);
}

export async function register(input: RegisterInput): Promise<void> {
  const answer = await api.post<AuthAnswer>('/api/auth/register', { ...input });
  signIn(answer.user, answer.accessToken);
}

/** Revokes the refresh family on the server; the local session ends even if the server is unreachable. */
export async function logout(): Promise<void> {
  try {
    await api.post('/api/auth/logout');
  } finally {
    signOutLocally();
  }
}
