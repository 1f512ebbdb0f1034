import { z } from 'zod';
import type { AppConfig, JwtKey } from '../ports';
import { defaultRateLimitPolicies, type RateLimitPolicies, rateLimitPolicyNames } from '../rate-limit-policies';

/** Secrets shipped in examples; production refuses them. */
const exampleSecrets = new Set(['change-me', 'dev-secret', 'development-secret-change-me-please-000000']);
const minSecretLength = 32;

const flag = z.enum(['1', 'true', 'on', '0', 'false', 'off']).transform((v) => ['1', 'true', 'on'].includes(v));
const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const jwtKeys = z
  .string()
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON: [{"kid":"...","secret":"..."}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.object({ kid: z.string().min(1), secret: z.string().min(1) })).min(1));
const policy = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be <limit>/<window seconds>, e.g. 5/60')
  .transform((v) => {
    const [limit, windowSeconds] = v.split('/').map(Number) as [number, number];
    return { limit, windowSeconds };
  });

/** Variables every target reads. Names are the contract's. */
export const sharedEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PUBLIC_URL: z.url().optional(),
  JWT_SECRET: z.string().min(1).optional(),
  JWT_KEYS: jwtKeys.optional(),
  JWT_ISSUER: z.string().min(1).default('edgepress'),
  JWT_AUDIENCE: z.string().min(1).default('edgepress'),
  REALTIME_URL: z.url().optional(),
  REALTIME_SECRET: z.string().min(1).optional(),
  CORS_ORIGINS: commaList.default([]),
  TRUST_PROXY: flag.default(false),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  UPLOAD_MAX_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  REDIS_TIMEOUT_MS: z.coerce.number().int().positive().default(500),
  SENTRY_DSN: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SITE_NAME: z.string().trim().min(1).max(60, 'must be at most 60 characters').default('Edgepress'),
  MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  SITE_DESCRIPTION: z.string().trim().max(200, 'must be at most 200 characters').default('Writing and reading, live.'),
  ...Object.fromEntries(rateLimitPolicyNames.map((name) => [policyVariable(name), policy.optional()])),
};

function policyVariable(name: string) {
  return `RATE_LIMIT_${name.toUpperCase().replace(/-/g, '_')}`;
}

export type SharedEnv = z.infer<z.ZodObject<typeof sharedEnvShape>>;

/** Parses `source` with `schema`, or throws one message naming every bad variable. */
export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, unknown>): z.infer<T> {
  // compose and .env files write `NAME=` for "not set": treat an empty value as absent.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function requireStrongSecret(name: string, value: string | undefined, production: boolean) {
  if (!production) return;
  if (!value) throw new ConfigError(`Invalid configuration:\n  ${name}: required when NODE_ENV=production`);
  if (value.length < minSecretLength || exampleSecrets.has(value)) {
    throw new ConfigError(
      `Invalid configuration:\n  ${name}: must be a random secret of at least ${minSecretLength} characters in production`,
    );
  }
}

export interface RuntimeDefaults {
  publicUrl: string;
  realtimeUrl: string;
  jwtSecret?: string;
  realtimeSecret?: string;
  clientIpHeader: AppConfig['clientIpHeader'];
}

/** Turns validated variables into the runtime-independent AppConfig, enforcing production rules. */
export function toAppConfig(env: SharedEnv, defaults: RuntimeDefaults): AppConfig {
  const production = env.NODE_ENV === 'production';
  const keys: JwtKey[] = env.JWT_KEYS ?? [{ kid: 'default', secret: env.JWT_SECRET ?? defaults.jwtSecret ?? '' }];
  if (!keys[0]?.secret) throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required (or JWT_KEYS)');
  for (const key of keys)
    requireStrongSecret(env.JWT_KEYS ? `JWT_KEYS[${key.kid}]` : 'JWT_SECRET', key.secret, production);
  const realtimeSecret = env.REALTIME_SECRET ?? defaults.realtimeSecret;
  requireStrongSecret('REALTIME_SECRET', realtimeSecret, production);
  if (!realtimeSecret) throw new ConfigError('Invalid configuration:\n  REALTIME_SECRET: required');
  const publicUrl = env.PUBLIC_URL ?? defaults.publicUrl;
  const policies = { ...defaultRateLimitPolicies };
  for (const name of rateLimitPolicyNames) {
    const override = (env as Record<string, unknown>)[policyVariable(name)];
    if (override) policies[name] = override as RateLimitPolicies[typeof name];
  }
  return {
    environment: env.NODE_ENV,
    publicUrl,
    site: { name: env.SITE_NAME, description: env.SITE_DESCRIPTION },
    jwt: { keys, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
    realtime: { url: env.REALTIME_URL ?? defaults.realtimeUrl, secret: realtimeSecret },
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    clientIpHeader: defaults.clientIpHeader ?? (env.TRUST_PROXY ? 'x-forwarded-for' : null),
    rateLimitsEnabled: env.RATE_LIMITS === 'on',
    rateLimitPolicies: policies,
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    uploadMaxPixels: env.UPLOAD_MAX_PIXELS,
    bodyLimitBytes: 256 * 1024,
    redisTimeoutMs: env.REDIS_TIMEOUT_MS,
    mail: { from: env.MAIL_FROM ?? defaultSender(env.SITE_NAME, publicUrl) },
  };
}

/** `"Site" <no-reply@host>`, quoted so a site name with punctuation stays one display name. */
function defaultSender(siteName: string, publicUrl: string): string {
  const name = siteName.replace(/["\\\r\n]/g, '');
  return `"${name}" <no-reply@${new URL(publicUrl).hostname}>`;
}
