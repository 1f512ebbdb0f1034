import { describe, expect, it } from 'vitest';
import { loadWorkersSettings } from './workers-env';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/edgepress',
  JWT_SECRET: 'x'.repeat(40),
  REALTIME_SECRET: 'y'.repeat(40),
};
const upstash = {
  UPSTASH_REDIS_REST_URL: 'https://eu1-upstash.example',
  UPSTASH_REDIS_REST_TOKEN: 'token',
  MAIL_API_URL: 'https://api.resend.com',
  MAIL_API_KEY: 're_key',
};

describe('the Workers configuration', () => {
  it('reads the client IP from CF-Connecting-IP and defaults to the local dev origins', () => {
    const { config, env } = loadWorkersSettings(base);
    expect(config.clientIpHeader).toBe('cf-connecting-ip');
    expect(config.publicUrl).toBe('http://127.0.0.1:8787');
    expect(config.realtime.url).toBe('http://127.0.0.1:1999');
    expect(env.NEON_WS_PROXY).toBeUndefined();
  });

  it('ignores bindings that are not variables, such as the R2 bucket', () => {
    expect(() => loadWorkersSettings({ ...base, MEDIA: { put() {}, get() {} } })).not.toThrow();
  });

  it('tells where Workers variables are set', () => {
    expect(() => loadWorkersSettings({})).toThrow(/\.dev\.vars locally, or with `wrangler secret put <NAME>`/);
  });

  it('names a missing or malformed variable without echoing its value', () => {
    expect(() => loadWorkersSettings({ ...base, DATABASE_URL: undefined })).toThrow(/DATABASE_URL/);
    expect(() => loadWorkersSettings({ ...base, DATABASE_URL: 'mysql://secret-host/db' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL/,
    );
    expect(() => loadWorkersSettings({ ...base, NEON_WS_PROXY: 'ws://127.0.0.1:5433' })).toThrow(/NEON_WS_PROXY/);
    expect(() => loadWorkersSettings({ ...base, DATABASE_URL: 'mysql://secret-host/db' })).not.toThrow(/secret-host/);
  });

  it('wants both Upstash variables or neither', () => {
    expect(() => loadWorkersSettings({ ...base, UPSTASH_REDIS_REST_URL: upstash.UPSTASH_REDIS_REST_URL })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN is missing: set it together with UPSTASH_REDIS_REST_URL/,
    );
  });

  it('refuses production without Upstash, or with short secrets', () => {
    const production = { ...base, NODE_ENV: 'production', PUBLIC_URL: 'https://blog.example' };
    expect(() => loadWorkersSettings(production)).toThrow(
      /UPSTASH_REDIS_REST_URL is missing: required when NODE_ENV=production/,
    );
    expect(() => loadWorkersSettings({ ...production, ...upstash, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    const { MAIL_API_URL: _url, MAIL_API_KEY: _key, ...withoutMail } = upstash;
    expect(() => loadWorkersSettings({ ...production, ...withoutMail })).toThrow(
      /MAIL_API_URL is missing: required when NODE_ENV=production/,
    );
    expect(() =>
      loadWorkersSettings({ ...production, ...withoutMail, MAIL_API_URL: 'https://api.resend.com' }),
    ).toThrow(/MAIL_API_KEY is missing: set it together with MAIL_API_URL/);
    const { config } = loadWorkersSettings({ ...production, ...upstash });
    expect(config.environment).toBe('production');
    expect(config.mail.from).toBe('"Edgepress" <no-reply@blog.example>');
    expect(config.publicUrl).toBe('https://blog.example');
  });
});
