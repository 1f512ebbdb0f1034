import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '#worker/errors';
import { oncePer } from '#worker/once-per';
import type { AppConfig } from '#worker/ports';

export const accessTokenTtlSeconds = 15 * 60;
const issuedAtSkewMs = 5_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const algorithm = 'HS256';
const tokenType = 'at+jwt';
const encoder = new TextEncoder();

type JwtKey = AppConfig['jwt']['keys'][number];
// Importing a raw secret is a WebCrypto round of its own; each configured key is imported once.
const cryptoKeyOf = oncePer((key: JwtKey) =>
  crypto.subtle.importKey('raw', encoder.encode(key.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]),
);

export interface AccessClaims {
  userId: string;
  username: string;
  role: 'user' | 'admin';
  /** The user's token version when the token was issued; a bump revokes every token issued before. */
  version: number;
  /** The refresh-token family (session) the token was issued for; lets a password change spare the caller's session. */
  sessionId?: string;
}

/** Signs a 15-minute access token with the first configured key; its `kid` names the key for rotation. */
export async function signAccessToken(config: AppConfig, claims: AccessClaims, now: Date): Promise<string> {
  const [key] = config.jwt.keys;
  if (!key) throw new Error('No JWT signing key configured');
  const issuedAt = Math.floor(now.getTime() / 1000);
  const sessionClaim = claims.sessionId ? { sid: claims.sessionId } : {};
  return new SignJWT({ username: claims.username, role: claims.role, ver: claims.version, ...sessionClaim })
    .setProtectedHeader({ alg: algorithm, kid: key.kid, typ: tokenType })
    .setSubject(claims.userId)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + accessTokenTtlSeconds)
    .sign(await cryptoKeyOf(key));
}

/**
 * Verifies signature, algorithm (HS256 only, so `alg: none` and key-confusion tricks fail), type,
 * issuer, audience and expiry. Throws 401 `token_expired` or `token_invalid`.
 */
export async function verifyAccessToken(config: AppConfig, token: string, now: Date): Promise<AccessClaims> {
  const verified = verifiedTokens(config.jwt);
  const known = verified.get(token);
  if (known && now.getTime() < known.expiresAtMs) return known.claims;
  verified.delete(token);
  const { claims, expiresAtMs } = await verifySignedToken(config, token, now);
  if (verified.size >= maxVerifiedTokens) {
    const oldest = verified.keys().next().value;
    if (oldest !== undefined) verified.delete(oldest);
  }
  verified.set(token, { claims, expiresAtMs });
  return claims;
}

interface VerifiedToken {
  claims: AccessClaims;
  expiresAtMs: number;
}

const maxVerifiedTokens = 10_000;
// A token's signature and claims are checked once, then only its expiry: the same bytes verify the
// same way every time, and WebCrypto's HMAC is a good part of a signed-in request's CPU. Kept per
// key set, so a token is never accepted by an app with other keys. Revocation is not cached: the
// caller checks the token version against the user's row on every request.
const verifiedTokens = oncePer((_keys: AppConfig['jwt']) => new Map<string, VerifiedToken>());

async function verifySignedToken(config: AppConfig, token: string, now: Date): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = config.jwt.keys.find((k) => k.kid === header.kid);
        if (!key) throw new AppError('token_invalid', 'Unknown signing key');
        return cryptoKeyOf(key);
      },
      {
        algorithms: [algorithm],
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        typ: tokenType,
        currentDate: now,
        requiredClaims: ['sub', 'exp', 'iat'],
      },
    );
    const { sub, username, role, ver, sid, exp, iat } = payload;
    // Signed by us, yet never valid: issued in the future, or living longer than we issue them.
    // A leaked key or a forged clock must not mint long-lived tokens (5 s of skew between instances).
    if ((iat as number) * 1000 > now.getTime() + issuedAtSkewMs) {
      throw new AppError('token_invalid', 'Access token was issued in the future');
    }
    if ((exp as number) - (iat as number) > accessTokenTtlSeconds) {
      throw new AppError('token_invalid', 'Access token lives longer than allowed');
    }
    if (typeof sub !== 'string' || typeof username !== 'string' || typeof ver !== 'number') {
      throw new AppError('token_invalid', 'Malformed access token');
    }
    if (role !== 'user' && role !== 'admin') throw new AppError('token_invalid', 'Malformed access token');
    if (sid !== undefined && (typeof sid !== 'string' || !uuidPattern.test(sid)))
      throw new AppError('token_invalid', 'Malformed access token');
    const claims: AccessClaims = { userId: sub, username, role, version: ver, ...(sid ? { sessionId: sid } : {}) };
    // requiredClaims guarantees exp.
    return { claims, expiresAtMs: (exp as number) * 1000 };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JWTExpired) throw new AppError('token_expired', 'Access token has expired');
    throw new AppError('token_invalid', 'Access token is invalid');
  }
}
