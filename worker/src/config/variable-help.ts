/**
 * What each configuration variable is for, with an example value: a configuration error shows
 * these, so that one message is enough to fix every variable at once. Examples are never secrets.
 */
const help: Record<string, string> = {
  NODE_ENV: 'development, test or production; production refuses example or short secrets. e.g. production',
  HOST: 'the address the server listens on. e.g. 127.0.0.1 (0.0.0.0 in a container)',
  PORT: 'the TCP port the server listens on. e.g. 3000',
  PUBLIC_URL: 'the origin readers use, for links, feeds and cookies. e.g. https://blog.example.com',
  DATABASE_URL: 'the PostgreSQL database. e.g. postgres://edgepress:password@127.0.0.1:5432/edgepress',
  REDIS_URL: 'Redis for caches, rate limits and realtime fan-out. e.g. redis://:password@127.0.0.1:6379/0',
  JWT_SECRET:
    'signs sign-in tokens; at least 32 random characters in production. e.g. the output of `openssl rand -base64 48`',
  JWT_KEYS: 'several signing keys for rotation, the first signs. e.g. [{"kid":"2026-11","secret":"..."}]',
  JWT_ISSUER: 'the iss claim of tokens. e.g. edgepress',
  JWT_AUDIENCE: 'the aud claim of tokens. e.g. edgepress',
  REALTIME_URL: 'where browsers reach the realtime rooms. e.g. https://blog.example.com',
  REALTIME_SECRET:
    'signs API-to-room publishes and connection tickets; at least 32 random characters in production. e.g. the output of `openssl rand -base64 48`',
  CORS_ORIGINS: 'origins allowed to call the API from a browser, comma-separated. e.g. https://admin.example.com',
  TRUST_PROXY: 'whether to take the client IP from X-Forwarded-For (behind your own proxy). e.g. true',
  RATE_LIMITS: 'on, or off for benchmarks only. e.g. on',
  CACHE: 'the Redis cache of hot reads: on, or off for benchmarks only. e.g. on',
  UPLOAD_MAX_BYTES: 'the largest accepted upload, in bytes. e.g. 5242880',
  UPLOAD_MAX_PIXELS: 'the largest accepted image, in pixels. e.g. 40000000',
  REDIS_TIMEOUT_MS: 'a Redis command slower than this counts as an outage. e.g. 150',
  SENTRY_DSN: 'where errors are reported. e.g. https://<key>@o0.ingest.sentry.io/0',
  LOG_LEVEL: 'debug, info, warn or error. e.g. info',
  SITE_NAME: 'the blog name in titles, previews and feeds (at most 60 characters). e.g. Notes from the Hill',
  SITE_DESCRIPTION: 'one sentence about the blog (at most 200 characters). e.g. Writing and reading, live.',
  MEDIA_DIR: 'the folder uploads are stored in when S3 is not set. e.g. /data/media',
  S3_ENDPOINT: 'S3-compatible storage for uploads (set all four S3_* or none). e.g. https://s3.eu-west-1.amazonaws.com',
  S3_BUCKET: 'the bucket for uploads. e.g. edgepress-media',
  S3_ACCESS_KEY_ID: 'the access key of the bucket. e.g. AKIAEXAMPLE',
  S3_SECRET_ACCESS_KEY: 'the secret key of the bucket',
  S3_PUBLIC_URL: 'the public origin of the bucket, when media is served from it. e.g. https://media.example.com',
  WEB_DIST: 'the folder of the built web app. e.g. web/dist',
  DATA_DIR: 'where the embedded database, secrets and media live. e.g. .data',
  SEED_DEMO: 'on creates demo content on the first start, off does not. e.g. off',
  NEON_WS_PROXY: 'local development only: host:port of tools/neon-ws-proxy. e.g. 127.0.0.1:5433',
  UPSTASH_REDIS_REST_URL: 'Upstash Redis over REST, with its token. e.g. https://eu1-example.upstash.io',
  UPSTASH_REDIS_REST_TOKEN: 'the token of UPSTASH_REDIS_REST_URL',
  REDIS_KEY_PREFIX: 'Workers: the start of every Redis key, to share one Upstash database. e.g. staging:',
  MAIL_FROM: 'the sender of every email. e.g. "Notes from the Hill" <hello@blog.example.com>',
  SMTP_URL: 'the SMTP server mail is sent through. e.g. smtp://user:password@smtp.example.com:587',
  MAIL_OUTBOX_DIR: 'without SMTP_URL, where messages are written as .eml files. e.g. .data/mail',
  MAIL_API_URL: 'Workers: a Resend-compatible email API, with its key. e.g. https://api.resend.com',
  MAIL_API_KEY: 'the key of MAIL_API_URL',
  MAIL_WEBHOOK_SECRET:
    'the signing secret of the provider’s bounce and complaint webhook (POST /api/mail/events). e.g. whsec_…',
};

/** "what it is for. e.g. …" for a variable, or a generic line for the per-policy rate limits. */
export function variableHelp(name: string): string | undefined {
  if (help[name]) return help[name];
  if (name.startsWith('RATE_LIMIT_')) return 'a rate limit as <requests>/<window seconds>. e.g. 5/60';
  return undefined;
}
