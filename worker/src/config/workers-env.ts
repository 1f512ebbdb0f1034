import { z } from 'zod';
import type { AppConfig } from '../ports';
import { allOrNone, type ConfigCheck, parseEnv, secretChecks, sharedEnvShape, toAppConfig } from './shared-env';

const workersEnvSchema = z.object({
  ...sharedEnvShape,
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  /**
   * Local development only: `host:port` of tools/neon-ws-proxy, so the neon driver reaches the
   * Postgres on 127.0.0.1 (in production it talks to Neon's own edge and this stays unset).
   */
  NEON_WS_PROXY: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:5433')
    .optional(),
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** Prepended to every Redis key (cache and limits), so several deployments or test files can share one database. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]+$/, 'must be letters, digits and _ : . -, e.g. ep:')
    .default('ep:'),
  /** R2 bucket's public origin (r2.dev or a custom domain); unset serves media through the Worker. */
  S3_PUBLIC_URL: z.url().optional(),
  /** A Resend-compatible email API (ADR 0111); locally tools/mail-api-standin. */
  MAIL_API_URL: z.url().optional(),
  MAIL_API_KEY: z.string().min(1).optional(),
});

export type WorkersEnv = z.infer<typeof workersEnvSchema>;

export interface WorkersSettings {
  env: WorkersEnv;
  config: AppConfig;
}

const upstashInProduction: ConfigCheck = (present) =>
  present.NODE_ENV === 'production' && present.UPSTASH_REDIS_REST_URL === undefined
    ? [{ name: 'UPSTASH_REDIS_REST_URL', problem: 'is missing: required when NODE_ENV=production' }]
    : [];

// Without an email API, reset links could only be logged: production must not run that way.
const mailApiInProduction: ConfigCheck = (present) =>
  present.NODE_ENV === 'production' && present.MAIL_API_URL === undefined
    ? [{ name: 'MAIL_API_URL', problem: 'is missing: required when NODE_ENV=production' }]
    : [];

// What `wrangler dev` and `partykit dev` listen on by default.
const localOrigin = 'http://127.0.0.1:8787';
const localRealtime = 'http://127.0.0.1:1999';

/**
 * The Workers entry's configuration from its bindings (vars and secrets). Fails naming every bad
 * or missing variable; production also needs Upstash, since per-isolate limits would not hold.
 */
export function loadWorkersSettings(bindings: Record<string, unknown>): WorkersSettings {
  const env = parseEnv(
    workersEnvSchema,
    bindings,
    [
      secretChecks(true),
      allOrNone(['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN']),
      upstashInProduction,
      allOrNone(['MAIL_API_URL', 'MAIL_API_KEY']),
      mailApiInProduction,
    ],
    'Set them in .dev.vars locally, or with `wrangler secret put <NAME>` for a deployment.',
  );
  const config = toAppConfig(env, {
    publicUrl: localOrigin,
    realtimeUrl: localRealtime,
    clientIpHeader: 'cf-connecting-ip',
  });
  return { env, config };
}
