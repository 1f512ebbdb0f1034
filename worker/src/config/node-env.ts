import { z } from 'zod';
import type { AppConfig } from '../ports';
import { allOrNone, parseEnv, secretChecks, sharedEnvShape, toAppConfig } from './shared-env';

const nodeEnvSchema = z.object({
  ...sharedEnvShape,
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  MEDIA_DIR: z.string().min(1).default('.data/media'),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PUBLIC_URL: z.url().optional(),
  WEB_DIST: z.string().min(1).default('web/dist'),
  /** smtp://user:pass@host:587 or smtps://...:465. Unset: messages are only written to MAIL_OUTBOX_DIR. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** Without SMTP_URL (development only): each message is written here as an .eml file. */
  MAIL_OUTBOX_DIR: z.string().min(1).default('.data/mail'),
  /** `off` only for benchmarks: the uncached figures. */
  CACHE: z.enum(['on', 'off']).default('on'),
});

export type NodeEnv = z.infer<typeof nodeEnvSchema>;

export interface NodeSettings {
  env: NodeEnv;
  config: AppConfig;
}

/** The self-host entry's configuration: fails naming every bad or missing variable. */
export function loadNodeSettings(source: Record<string, string | undefined> = process.env): NodeSettings {
  const env = parseEnv(nodeEnvSchema, source, [
    secretChecks(true),
    allOrNone(['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']),
  ]);
  const origin = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
  const config = toAppConfig(env, {
    publicUrl: origin,
    realtimeUrl: env.PUBLIC_URL ?? origin,
    clientIpHeader: null,
  });
  return { env, config };
}
