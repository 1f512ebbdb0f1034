import { z } from 'zod';
import type { AppConfig, JwtKey } from '../ports';
import { defaultRateLimitPolicies, type RateLimitPolicies, rateLimitPolicyNames } from '../rate-limit-policies';
import { variableHelp } from './variable-help';

/** Secrets shipped in examples; production refuses them. */
const exampleSecrets = new Set(['change-me', 'dev-secret', 'development-secret-change-me-please-000000']);
const minSecretLength = 32;
/** The local stand-in's webhook secret in .dev.vars.example. */
const exampleWebhookSecret = 'whsec_bG9jYWwtbWFpbC13ZWJob29rLXNlY3JldC0wMDAw';

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
  REDIS_TIMEOUT_MS: z.coerce.number().int().positive().default(150),
  SENTRY_DSN: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SITE_NAME: z.string().trim().min(1).max(60, 'must be at most 60 characters').default('Edgepress'),
  MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  MAIL_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{22,}={0,2}$/, 'must be the provider’s signing secret, whsec_ and base64')
    .optional(),
  SITE_DESCRIPTION: z.string().trim().max(200, 'must be at most 200 characters').default('Writing and reading, live.'),
  ...Object.fromEntries(rateLimitPolicyNames.map((name) => [policyVariable(name), policy.optional()])),
};

function policyVariable(name: string) {
  return `RATE_LIMIT_${name.toUpperCase().replace(/-/g, '_')}`;
}

export type SharedEnv = z.infer<z.ZodObject<typeof sharedEnvShape>>;

/** One thing wrong with one variable. */
export interface ConfigProblem {
  name: string;
  problem: string;
}

/** Checks that look at several variables at once, run on the non-empty values. */
export type ConfigCheck = (present: Record<string, unknown>) => ConfigProblem[];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const whereToSet = 'Set them in the environment or in .env (every variable is described in .env.example).';

/**
 * Parses `source` with `schema` and the extra `checks`, or throws one ConfigError listing every
 * missing or bad variable with what it is for and an example: one run of the server tells all.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  source: Record<string, unknown>,
  checks: ConfigCheck[] = [],
  hint = whereToSet,
): z.infer<T> {
  // compose and .env files write `NAME=` for "not set": treat an empty value as absent.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  const problems: ConfigProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(env)');
        if (present[name] === undefined) return { name, problem: 'missing' };
        // Our own messages read "must be …"; zod's generic ones start "Invalid input: …".
        const reason = issue.message.replace(/^Invalid (input|option): /, '');
        return { name, problem: reason.startsWith('must') ? reason : `is invalid: ${reason}` };
      });
  for (const check of checks) problems.push(...check(present));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(describeProblems(problems, source, hint));
}

function describeProblems(problems: ConfigProblem[], source: Record<string, unknown>, hint: string): string {
  const lines = new Set<string>();
  for (const { name, problem } of problems) {
    const what =
      problem !== 'missing'
        ? problem
        : source[name] === ''
          ? 'is empty (an empty value counts as not set)'
          : 'is missing';
    const help = variableHelp(name.replace(/\[.*$/, ''));
    lines.add(`  ${name} ${what}${help ? `\n      ${help}` : ''}`);
  }
  const count = lines.size === 1 ? '1 variable needs' : `${lines.size} variables need`;
  return `Invalid configuration: ${count} attention. ${hint}\n${[...lines].join('\n')}`;
}

const isWeak = (value: string) => value.length < minSecretLength || exampleSecrets.has(value);

/**
 * The signing secrets: required where the target generates none (`required`), and strong in
 * production. JWT_KEYS, when set, replaces JWT_SECRET.
 */
export function secretChecks(required: boolean): ConfigCheck {
  return (present) => {
    const production = present.NODE_ENV === 'production';
    const problems: ConfigProblem[] = [];
    const check = (name: string, value: unknown) => {
      if (typeof value !== 'string') {
        if (required) problems.push({ name, problem: 'missing' });
      } else if (production && isWeak(value)) {
        const problem = `must be a random secret of at least ${minSecretLength} characters in production`;
        problems.push({ name, problem });
      }
    };
    const keys = jwtKeys.safeParse(present.JWT_KEYS);
    if (keys.success) for (const key of keys.data) check(`JWT_KEYS[${key.kid}]`, key.secret);
    else if (present.JWT_KEYS === undefined) check('JWT_SECRET', present.JWT_SECRET);
    check('REALTIME_SECRET', present.REALTIME_SECRET);
    // Anyone can read .dev.vars.example: its webhook secret would let them stop a blog's mail.
    if (production && present.MAIL_WEBHOOK_SECRET === exampleWebhookSecret) {
      problems.push({
        name: 'MAIL_WEBHOOK_SECRET',
        problem: 'is the local example: use the provider’s signing secret',
      });
    }
    return problems;
  };
}

/** Variables that only work together: all set, or none. */
export function allOrNone(names: string[]): ConfigCheck {
  return (present) => {
    const set = names.filter((name) => present[name] !== undefined);
    if (set.length === 0 || set.length === names.length) return [];
    return names
      .filter((name) => present[name] === undefined)
      .map((name) => ({ name, problem: `is missing: set it together with ${set.join(', ')}, or none of them` }));
  };
}

export interface RuntimeDefaults {
  publicUrl: string;
  realtimeUrl: string;
  jwtSecret?: string;
  realtimeSecret?: string;
  clientIpHeader: AppConfig['clientIpHeader'];
}

/** Turns validated variables (secrets checked by `secretChecks`) into the runtime-independent AppConfig. */
export function toAppConfig(env: SharedEnv, defaults: RuntimeDefaults): AppConfig {
  const keys: JwtKey[] = env.JWT_KEYS ?? [{ kid: 'default', secret: env.JWT_SECRET ?? defaults.jwtSecret ?? '' }];
  const realtimeSecret = env.REALTIME_SECRET ?? defaults.realtimeSecret ?? '';
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
    mail: { from: env.MAIL_FROM ?? defaultSender(env.SITE_NAME, publicUrl), webhookSecret: env.MAIL_WEBHOOK_SECRET },
  };
}

/** `"Site" <no-reply@host>`, quoted so a site name with punctuation stays one display name. */
function defaultSender(siteName: string, publicUrl: string): string {
  const name = siteName.replace(/["\\\r\n]/g, '');
  return `"${name}" <no-reply@${new URL(publicUrl).hostname}>`;
}
