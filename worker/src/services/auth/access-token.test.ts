import { describe, expect, it } from 'vitest';
import { testConfig } from '#test/deps';
import type { AppConfig } from '#worker/ports';
import { accessTokenTtlSeconds, signAccessToken, verifyAccessToken } from './access-token';

const claims = { userId: '00000000-0000-4000-8000-000000000001', username: 'ada', role: 'user' as const, version: 3 };
const issuedAt = new Date('2026-11-26T10:00:00Z');
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

describe('access tokens', () => {
  it('accepts a token again and again until it expires, then says so, verified or not', async () => {
    const token = await signAccessToken(testConfig, claims, issuedAt);
    expect(await verifyAccessToken(testConfig, token, later(1))).toEqual(claims);
    expect(await verifyAccessToken(testConfig, token, later(accessTokenTtlSeconds - 1))).toEqual(claims);
    expect(await codeOf(verifyAccessToken(testConfig, token, later(accessTokenTtlSeconds)))).toBe('token_expired');
  });

  it('refuses a token verified under other keys, and any token whose bytes were changed', async () => {
    const token = await signAccessToken(testConfig, claims, issuedAt);
    await verifyAccessToken(testConfig, token, later(1));
    const otherKeys: AppConfig = {
      ...testConfig,
      jwt: { ...testConfig.jwt, keys: [{ kid: 'test', secret: 'another-secret-another-secret-another-00' }] },
    };
    expect(await codeOf(verifyAccessToken(otherKeys, token, later(1)))).toBe('token_invalid');
    const [header, payload, signature = ''] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await codeOf(verifyAccessToken(testConfig, forged, later(1)))).toBe('token_invalid');
  });
});
