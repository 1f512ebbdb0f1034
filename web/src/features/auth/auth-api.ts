import { rpc, unwrap } from '#web/lib/api-client';
import { signIn, signOutLocally } from '#web/lib/session';
import type { LoginBody, RegisterBody } from '#worker/schemas/auth';

export type LoginInput = LoginBody;
export type RegisterInput = RegisterBody;

export async function login(input: LoginInput): Promise<void> {
  const answer = await unwrap(rpc().api.auth.login.$post({ json: input }));
  signIn(answer.user, answer.accessToken);
}

export async function register(input: RegisterInput): Promise<void> {
  const answer = await unwrap(rpc().api.auth.register.$post({ json: input }));
  signIn(answer.user, answer.accessToken);
}

/** Revokes the refresh family on the server; the local session ends even if the server is unreachable. */
export async function logout(): Promise<void> {
  try {
    await rpc().api.auth.logout.$post({ json: {} });
  } finally {
    signOutLocally();
  }
}
