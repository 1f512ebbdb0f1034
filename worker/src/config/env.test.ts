import { describe, expect, it } from 'vitest';
import { loadNodeSettings } from './node-env';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/edgepress',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'dev-only',
  REALTIME_SECRET: 'dev-only-too',
};
const strong = 'k'.repeat(48);

describe('Node configuration', () => {
  it('names the missing variable', () => {
    expect(() => loadNodeSettings({ ...base, DATABASE_URL: undefined })).toThrow(/DATABASE_URL/);
  });

  it('names a malformed variable', () => {
    expect(() => loadNodeSettings({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadNodeSettings({ ...base, REDIS_URL: 'http://nope' })).toThrow(/REDIS_URL/);
    expect(() => loadNodeSettings({ ...base, JWT_KEYS: '{not json' })).toThrow(/JWT_KEYS/);
  });

  it('treats an empty value as unset, as compose writes them', () => {
    const { config } = loadNodeSettings({ ...base, S3_ENDPOINT: '', CORS_ORIGINS: '', SENTRY_DSN: '' });
    expect(config.corsOrigins).toEqual([]);
  });

  it('names the site as told, Edgepress by default, and refuses a name too long for a title', () => {
    expect(loadNodeSettings(base).config.site).toEqual({
      name: 'Edgepress',
      description: 'Writing and reading, live.',
    });
    const named = loadNodeSettings({ ...base, SITE_NAME: '  Notes from the Hill ', SITE_DESCRIPTION: 'Walks.' });
    expect(named.config.site).toEqual({ name: 'Notes from the Hill', description: 'Walks.' });
    expect(() => loadNodeSettings({ ...base, SITE_NAME: 'x'.repeat(61) })).toThrow(/SITE_NAME/);
    expect(() => loadNodeSettings({ ...base, SITE_NAME: '   ' })).toThrow(/SITE_NAME/);
  });

  it('refuses default or short secrets in production', () => {
    const production = { ...base, NODE_ENV: 'production' };
    expect(() => loadNodeSettings({ ...production, REALTIME_SECRET: strong })).toThrow(/JWT_SECRET/);
    expect(() => loadNodeSettings({ ...production, JWT_SECRET: strong })).toThrow(/REALTIME_SECRET/);
    expect(loadNodeSettings({ ...production, JWT_SECRET: strong, REALTIME_SECRET: strong }).config.environment).toBe(
      'production',
    );
  });

  it('reads a key set for rotation and per-policy rate limits', () => {
    const keys = JSON.stringify([
      { kid: 'new', secret: 'n' },
      { kid: 'old', secret: 'o' },
    ]);
    const { config } = loadNodeSettings({ ...base, JWT_KEYS: keys, RATE_LIMIT_LOGIN_ACCOUNT: '3/30' });
    expect(config.jwt.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(config.rateLimitPolicies['login-account']).toEqual({ limit: 3, windowSeconds: 30 });
  });

  it('requires S3 settings all together', () => {
    expect(() => loadNodeSettings({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_/);
  });
});
