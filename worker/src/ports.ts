import type { Database } from '#db/types';
import type { RateLimitPolicies } from './rate-limit-policies';

export type { Database };

/** Wall clock, injected so that scheduling and expiry are testable. */
export interface Clock {
  now(): Date;
}

export type LogFields = Record<string, unknown>;

/** One JSON object per line; callers never pass secrets or passwords. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface ErrorContext {
  requestId?: string;
  userId?: string;
  method?: string;
  path?: string;
}

/** Sends unexpected failures to Sentry (or nowhere when no DSN is configured). */
export interface ErrorReporter {
  capture(error: unknown, context: ErrorContext): void;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Never throws: a malformed hash simply does not verify. */
  verify(hash: string, password: string): Promise<boolean>;
}

export type HealthState = 'ok' | 'degraded' | 'absent';

/** Key-value cache with TTLs. Every method degrades instead of throwing when the store is down. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomically increments a counter (used for versioned keys); undefined when the store is unreachable. */
  incr(key: string): Promise<number | undefined>;
  /** A counter's value: 0 when it was never incremented, undefined when the store is unreachable. */
  readCounter(key: string): Promise<number | undefined>;
  health(): Promise<HealthState>;
}

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window resets. */
  reset: number;
  /** True when the store could not be asked; callers decide whether to fail open or closed. */
  unavailable: boolean;
  /**
   * While the shared store is away: what this process's own limiter says (Node), so a limit that
   * fails open still holds per instance. Absent where there is none.
   */
  fallback?: Omit<RateLimitResult, 'unavailable' | 'fallback'>;
}

export interface RateLimiter {
  limit(policy: string, identifier: string): Promise<RateLimitResult>;
}

export interface StoredMedia {
  body: ReadableStream<Uint8Array> | Uint8Array;
  contentType: string;
  size: number;
}

export interface MediaStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredMedia | undefined>;
  /** Where readers fetch the object: `/media/<key>` on the API's origin, or the bucket's public URL. */
  publicUrl(key: string): string;
}

/** How to turn a stored image upright (from its EXIF orientation): rotate clockwise, then mirror left-right. */
export interface Uprighting {
  rotate: 0 | 90 | 180 | 270;
  flop: boolean;
}

/** Largest image a target decodes (ADR 0082); anything larger is refused before any decode. */
export interface DecodeLimit {
  pixels: number;
  /** Longest side in pixels. */
  side: number;
}

/** Makes the responsive variants of an uploaded image: sharp on Node, the Images binding on Workers. */
export interface ImageResizer {
  readonly decodeLimit: DecodeLimit;
  /** The image turned upright, scaled to `width` pixels wide (never enlarged), encoded as WebP. */
  resize(bytes: Uint8Array, options: { width: number; uprighting: Uprighting }): Promise<Uint8Array>;
}

export interface RealtimeEvent {
  type: string;
  data: unknown;
}

/**
 * Moves the room events that writes left in the outbox (in their own transactions) into the rooms'
 * logs and delivers them: the relay of ADR 0101. Never throws.
 */
export interface RealtimePublisher {
  /** Starts a relay pass without holding up the caller: call it after a write that queued events commits. */
  flush(): void;
  /** One relay pass, awaited: at start, on a timer, and where the runtime must not end before it is done. */
  relay(): Promise<void>;
  /** Resolves once every pass started so far is done (before shutdown, in tests). */
  settled(): Promise<void>;
}

/** Runs periodic jobs: a timer on Node, a cron trigger on Workers. */
export interface Scheduler {
  every(name: string, intervalMs: number, job: () => Promise<void>): void;
  stop(): void;
}

/** Counters and histograms; a no-op where no metrics endpoint exists. */
export interface Metrics {
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** `kind` narrows the counter: the cache area, the rate-limit policy. */
  increment(name: MetricName, kind?: string): void;
}

export type MetricName =
  | 'cache_hits'
  | 'cache_misses'
  | 'rate_limit_rejections'
  | 'realtime_publish_failures'
  | 'realtime_publishes';

/** One rendered message, ready for any transport. */
export interface MailMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@host>`: lets replies and bounces be matched to what we sent. */
  messageId: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post on non-security mail. */
  headers: Record<string, string>;
  /** The link the message asks the reader to open; the embedded outbox prints it in the terminal. */
  actionUrl?: string;
}

/**
 * `retry`: the transport may take it later (connection refused, 4xx). `rejected`: it never will;
 * `suppress` when the address itself bounced hard or complained, so no further mail goes to it.
 */
export type MailSendResult =
  | { status: 'sent' }
  | { status: 'retry'; error: string }
  | { status: 'rejected'; error: string; suppress: boolean };

/** Hands one message to a transport (SMTP, an email HTTP API, a folder). Never throws. */
export interface Mailer {
  readonly name: string;
  send(message: MailMessage): Promise<MailSendResult>;
}

/** Delivers the durable mail queue (ADR 0110) without holding up the answer that filled it. */
export interface MailDelivery {
  /** Delivers due queued messages soon, after the current answer. Never throws. */
  kick(): void;
  /** Runs `task` after the answer, like `kick`; a failure is logged, never thrown. */
  later(task: () => Promise<void>): void;
  /** Resolves once everything started so far has finished (in tests, before reading the mail). */
  settled(): Promise<void>;
  /**
   * Starts nothing more and resolves once the runs under way have finished: on shutdown, before the
   * database closes, so no run meets a closed pool. Queued mail stays queued for the next start.
   */
  stop(): Promise<void>;
}

/**
 * Something an anonymous reader can see that a write changed (ADR 0054). Services announce these
 * once their transaction has committed; caches subscribe and decide what to retire.
 */
export type ContentChange =
  /** A post's content, status, slug, tags or counters (likes, comments). */
  | { entity: 'post'; id: string }
  /** The comments under a post. */
  | { entity: 'comments'; postId: string }
  /** A profile: names, bio, avatar, follower counts, suspension. */
  | { entity: 'user'; id: string };

/** Acts on announced changes: retires cached answers (the cache), purges an edge copy, ... */
export type ContentChangeSubscriber = (changes: readonly ContentChange[]) => Promise<void>;

/** Where services announce what they changed; the only way public caches learn of a write. */
export interface ContentChanges {
  /**
   * Hands `changes` to every subscriber and resolves once all of them have acted, so the writer's
   * answer leaves only after the stale copies are retired. Call it after the write commits.
   */
  announce(...changes: ContentChange[]): Promise<void>;
}

export interface Deps {
  db: Database;
  cache: Cache;
  changes: ContentChanges;
  rateLimiter: RateLimiter;
  media: MediaStore;
  images: ImageResizer;
  realtime: RealtimePublisher;
  clock: Clock;
  logger: Logger;
  errorReporter: ErrorReporter;
  passwordHasher: PasswordHasher;
  metrics: Metrics;
  mailer: Mailer;
  mail: MailDelivery;
  config: AppConfig;
  /** The built web app whose reader pages the server renders; absent when serving the API only. */
  webBuild?: WebBuild;
}

/** The web build's files the server reads: the Node servers from disk, the Worker from its assets. */
export interface WebBuild {
  /** The built index.html, or undefined when there is none. */
  indexHtml(): Promise<string | undefined>;
}

export interface JwtKey {
  kid: string;
  secret: string;
}

/** Runtime-independent settings every entry derives from its own validated environment. */
export interface AppConfig {
  environment: 'development' | 'test' | 'production';
  publicUrl: string;
  /** What the blog calls itself in page titles, link previews and feeds. */
  site: { name: string; description: string };
  jwt: { keys: JwtKey[]; issuer: string; audience: string };
  realtime: { url: string; secret: string };
  corsOrigins: string[];
  trustProxy: boolean;
  /** Which header carries the client IP: Workers set CF-Connecting-IP. */
  clientIpHeader: 'cf-connecting-ip' | 'x-forwarded-for' | null;
  rateLimitsEnabled: boolean;
  rateLimitPolicies: RateLimitPolicies;
  redisTimeoutMs: number;
  uploadMaxBytes: number;
  uploadMaxPixels: number;
  bodyLimitBytes: number;
  /** The sender of every message: MAIL_FROM, or the site's name at `no-reply@` the public host. */
  mail: {
    from: string;
    /** Verifies the email provider's bounce and complaint events (`whsec_…`); unset, none are taken. */
    webhookSecret?: string;
  };
}
