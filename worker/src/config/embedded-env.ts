import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from '../ports';
import { parseEnv, secretChecks, sharedEnvShape, toAppConfig } from './shared-env';

const embeddedEnvSchema = z.object({
  ...sharedEnvShape,
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  MEDIA_DIR: z.string().min(1).optional(),
  WEB_DIST: z.string().min(1).default('web/dist'),
  SEED_DEMO: z.enum(['on', 'off']).default('on'),
  /** Unset: messages go to <DATA_DIR>/mail as .eml files and their links are printed. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
});

export type EmbeddedEnv = z.infer<typeof embeddedEnvSchema> & { MEDIA_DIR: string };

interface PersistedSecrets {
  jwtSecret: string;
  realtimeSecret: string;
}

/**
 * A laptop has no secret manager: generate secrets once and keep them under DATA_DIR, so that
 * sessions survive restarts. The file is created with owner-only permissions.
 */
function persistedSecrets(dataDir: string): PersistedSecrets {
  const path = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PersistedSecrets;
  } catch {
    const secrets = {
      jwtSecret: randomBytes(32).toString('base64url'),
      realtimeSecret: randomBytes(32).toString('base64url'),
    };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, JSON.stringify(secrets), { mode: 0o600 });
    return secrets;
  }
}

export interface EmbeddedSettings {
  env: EmbeddedEnv;
  config: AppConfig;
}

export function loadEmbeddedSettings(source: Record<string, string | undefined> = process.env): EmbeddedSettings {
  const parsed = parseEnv(
    embeddedEnvSchema,
    source,
    [secretChecks(false)],
    'Set them in the environment (npm start reads no .env file: that one is for the self-host target).',
  );
  const dataDir = resolve(parsed.DATA_DIR);
  const env = { ...parsed, DATA_DIR: dataDir, MEDIA_DIR: resolve(parsed.MEDIA_DIR ?? join(dataDir, 'media')) };
  const secrets = persistedSecrets(dataDir);
  const origin = `http://${env.HOST}:${env.PORT}`;
  const config = toAppConfig(env, {
    publicUrl: origin,
    realtimeUrl: env.PUBLIC_URL ?? origin,
    jwtSecret: secrets.jwtSecret,
    realtimeSecret: secrets.realtimeSecret,
    clientIpHeader: null,
  });
  return { env, config };
}
