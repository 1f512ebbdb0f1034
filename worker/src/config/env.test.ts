import { describe, expect, it } from 'vitest';
import { loadNodeSettings } from './node-env';
import { ConfigError } from './shared-env';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/edgepress',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'dev-only',
  REALTIME_SECRET: 'dev-only-too',
};
const strong = 'k'.repeat(48);

function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('Node configuration', () => {
  it('names the missing variable', () => {
    expect(() => loadNodeSettings({ ...base, DATABASE_URL: undefined })).toThrow(/DATABASE_URL is missing/);
  });

  it('lists every missing or bad variable in one message, each with its purpose and an example', () => {
    const message = configErrorOf(() => loadNodeSettings({ PORT: 'eighty', NODE_ENV: 'production' }));
    expect(message).toMatch(
      /^Invalid configuration: 5 variables need attention\. Set them in the environment or in \.env/,
    );
    expect(message).toContain('DATABASE_URL is missing\n      the PostgreSQL database. e.g. postgres://');
    expect(message).toContain('REDIS_URL is missing\n      Redis for caches');
    expect(message).toContain('JWT_SECRET is missing\n      signs sign-in tokens');
    expect(message).toContain('REALTIME_SECRET is missing');
    expect(message).toContain('PORT ');
    expect(message).toContain('the TCP port the server listens on. e.g. 3000');
  });

  it('says a variable is empty, not malformed, when .env or compose leaves it blank', () => {
    const message = configErrorOf(() => loadNodeSettings({ ...base, DATABASE_URL: '', JWT_SECRET: '' }));
    expect(message).toContain('DATABASE_URL is empty (an empty value counts as not set)');
    expect(message).toContain('JWT_SECRET is empty (an empty value counts as not set)');
    expect(message).not.toContain('must be a postgres:// URL');
  });

  it('names an example secret in production together with every other problem', () => {
    const message = configErrorOf(() =>
      loadNodeSettings({ ...base, NODE_ENV: 'production', JWT_SECRET: 'change-me', REDIS_URL: 'http://nope' }),
    );
    expect(message).toContain('JWT_SECRET must be a random secret of at least 32 characters in production');
    expect(message).toContain('REALTIME_SECRET must be a random secret');
    expect(message).toContain('REDIS_URL must be a redis:// URL');
  });

  it('never echoes a value it refuses', () => {
    const message = configErrorOf(() => loadNodeSettings({ ...base, DATABASE_URL: 'mysql://user:hunter2@db/x' }));
    expect(message).not.toContain('hunter2');
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

  it('refuses the example webhook secret in production, and a secret not in whsec_ form anywhere', () => {
    const production = { ...base, NODE_ENV: 'production', JWT_SECRET: strong, REALTIME_SECRET: strong };
    expect(() =>
      loadNodeSettings({ ...production, MAIL_WEBHOOK_SECRET: 'whsec_bG9jYWwtbWFpbC13ZWJob29rLXNlY3JldC0wMDAw' }),
    ).toThrow(/MAIL_WEBHOOK_SECRET is the local example/);
    expect(() => loadNodeSettings({ ...base, MAIL_WEBHOOK_SECRET: 'my-webhook-secret' })).toThrow(
      /MAIL_WEBHOOK_SECRET must be the provider’s signing secret/,
    );
    const secret = `whsec_${Buffer.from('a provider signing secret!!').toString('base64')}`;
    expect(loadNodeSettings({ ...production, MAIL_WEBHOOK_SECRET: secret }).config.mail.webhookSecret).toBe(secret);
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

  it('requires S3 settings all together, naming each one left out', () => {
    const message = configErrorOf(() => loadNodeSettings({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000' }));
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      expect(message).toContain(`${name} is missing: set it together with S3_ENDPOINT, or none of them`);
  });
});
