import { apiUrl } from '#web/lib/api-base';
import { authedFetch } from '#web/lib/api-client';
import { readJson } from '#web/lib/api-error';

type Json = Record<string, unknown>;

/** One JSON call with the session's token (refreshed once on a 401), failures thrown as ApiError. */
function send<T>(method: string, path: string, body?: Json): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
  return authedFetch(apiUrl(path), init).then((response) => readJson<T>(response));
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body?: Json) => send<T>('POST', path, body),
  put: <T>(path: string, body: Json) => send<T>('PUT', path, body),
  delete: <T>(path: string, body?: Json) => send<T>('DELETE', path, body),
};

/** The account routes mailed links and settings call (contract: docs/../API-CONTRACT "Routes"). */
export const accountApi = {
  requestReset: (email: string) => api.post<Record<string, never>>('/api/auth/password-reset', { email }),
  confirmReset: (token: string, password: string) =>
    api.post<void>('/api/auth/password-reset/confirm', { token, password }),
  verifyEmail: (token: string) => api.post<void>('/api/auth/verify-email', { token }),
  resendVerification: () => api.post<Record<string, never>>('/api/auth/verify-email/resend'),
  confirmEmailChange: (token: string) => api.post<void>('/api/auth/email-change/confirm', { token }),
  undoEmailChange: (token: string) => api.post<void>('/api/auth/email-change/undo', { token }),
  logoutEverywhere: () => api.post<void>('/api/auth/logout-all'),
  exportData: () => api.get<Record<string, unknown>>('/api/users/me/export'),
  deleteAccount: (currentPassword: string) => api.delete<void>('/api/users/me', { currentPassword }),
};
