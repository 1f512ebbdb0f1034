/** The authenticated caller, as the access token and the users table agree on it. */
export interface AuthUser {
  id: string;
  username: string;
  role: 'user' | 'admin';
  /** The session (refresh-token family) the access token belongs to, when it names one. */
  sessionId?: string;
}
