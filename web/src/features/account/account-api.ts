import { api } from '../../lib/api-client';

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
