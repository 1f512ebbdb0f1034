import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { AppEnv } from './app-env';
import { AppError } from './errors';
import { limitBody } from './middleware/body-limit';
import { handleError, sendError } from './middleware/error-handler';
import { aroundEveryAnswer, beforeApiAnswers } from './middleware/every-answer';
import { stagesMiddleware } from './middleware/exchange';
import { requireJsonBody } from './middleware/json-body';
import { nodeIncoming } from './middleware/node-body';
import { rejectNul } from './middleware/reject-nul';
import { securityHeaders } from './middleware/security-headers';
import { readerPageRoutes } from './pages/reader-pages';
import type { AppConfig, Deps } from './ports';
import { adminRoutes } from './routes/admin';
import { atomRoutes } from './routes/atom';
import { authRoutes } from './routes/auth';
import { commentsRoutes } from './routes/comments';
import { postCommentsRoutes } from './routes/comments/post-comments';
import { discoveryRoutes } from './routes/discovery';
import { docsRoutes } from './routes/docs';
import { feedRoutes } from './routes/feed';
import { followsRoutes } from './routes/follows';
import { healthRoutes } from './routes/health';
import { mailEventsRoutes } from './routes/mail-events';
import { mediaRoutes } from './routes/media';
import { notificationsRoutes } from './routes/notifications';
import { postsRoutes } from './routes/posts';
import { previewRoutes } from './routes/preview';
import { realtimeRoutes } from './routes/realtime';
import { searchRoutes } from './routes/search';
import { tagsRoutes } from './routes/tags';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { usersRoutes } from './routes/users';

function apiRoutes() {
  return new Hono<AppEnv>()
    .route('/health', healthRoutes)
    .route('/auth', authRoutes)
    .route('/users', usersRoutes)
    .route('/users', followsRoutes)
    .route('/feed', feedRoutes)
    .route('/atom', atomRoutes)
    .route('/posts', postCommentsRoutes)
    .route('/posts', postsRoutes)
    .route('/preview', previewRoutes)
    .route('/comments', commentsRoutes)
    .route('/tags', tagsRoutes)
    .route('/search', searchRoutes)
    .route('/notifications', notificationsRoutes)
    .route('/realtime', realtimeRoutes)
    .route('/admin', adminRoutes)
    .route('/unsubscribe', unsubscribeRoutes)
    .route('/mail/events', mailEventsRoutes);
}

/**
 * The app's dependencies: one set for the process (Node, tests), or the isolate's configuration
 * plus a middleware that sets `deps` for each request (Workers, where sockets die with the request).
 */
export type AppDeps = Deps | { config: AppConfig; perRequest: MiddlewareHandler<AppEnv> };

/** What a runtime mounts beside the API; each entry builds these from its own deps. */
export interface AppOptions {
  /** `GET /metrics` in the Prometheus text format (Node only; nginx refuses it from outside). */
  metrics?: { contentType: string; render(): Promise<string> };
  /** The realtime rooms' HTTP side at `/parties/*` (Node hosts them in-process). */
  rooms?: (c: Context<AppEnv>) => Promise<Response>;
  /** The built web app and reader pages, answered after every server route. */
  web?: Hono<AppEnv>;
}

const sameDepsForEveryRequest = (deps: Deps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('deps', deps);
    await next();
  });

/**
 * Builds the whole HTTP app from its dependencies: every route and mount is wired here, and the
 * runtime-specific ones arrive as `options`. It knows nothing of the runtime it runs on.
 */
export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const { config } = deps;
  const app = new Hono<AppEnv>();
  app.use('perRequest' in deps ? deps.perRequest : sameDepsForEveryRequest(deps));
  app.use(async (c, next) => {
    c.set('user', undefined);
    await next();
  });
  app.use(stagesMiddleware(aroundEveryAnswer), securityHeaders(config.realtime.url), rejectNul);
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) => {
        c.header('Allow', allowed.join(', '));
        return sendError(c, new AppError('method_not_allowed', `${c.req.method} is not allowed here`));
      },
    }),
  );
  const crossOrigin = cors({
    origin: (origin) => (config.corsOrigins.includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'If-Match'],
    exposeHeaders: ['X-Request-Id', 'ETag', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
    maxAge: 600,
  });
  app.use('/api/*', (c, next) => {
    // Without an Origin there is nothing to allow (and hono's cors would rebuild the response to say
    // so); Vary still tells shared caches that the answer depends on it.
    if (c.req.header('origin') !== undefined) return crossOrigin(c, next);
    c.header('Vary', 'Origin');
    return next();
  });
  const jsonBodyLimit = limitBody(config.bodyLimitBytes);
  const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);
  app.use('/api/*', async (c, next) => {
    // Uploads are multipart with their own, larger limit, enforced by the media route while streaming.
    // Reads carry no body, and asking for one would build a full web Request on Node.
    // One-click unsubscribe is posted form-encoded by mail clients (RFC 8058).
    if (bodiless.has(c.req.method) || c.req.path === '/api/media' || c.req.path === '/api/unsubscribe') return next();
    // On Node the body is read from the socket stream, with the same limit.
    if (nodeIncoming(c)) return requireJsonBody(c, next);
    return jsonBodyLimit(c, async () => {
      await requireJsonBody(c, next);
    });
  });
  app.use('/api/*', stagesMiddleware(beforeApiAnswers));

  const routes = app
    .route('/api', apiRoutes())
    .route('/', mediaRoutes)
    .route('/', discoveryRoutes)
    .route('/', readerPageRoutes)
    .route('/api', docsRoutes(app));

  const { metrics, rooms, web } = options;
  if (metrics) {
    app.get('/metrics', async (c) => c.text(await metrics.render(), 200, { 'Content-Type': metrics.contentType }));
  }
  if (rooms) app.all('/parties/*', rooms);
  if (web) app.route('/', web);
  app.notFound((c) => sendError(c, new AppError('not_found', 'No such route')));
  app.onError(handleError);
  return routes;
}

export type App = ReturnType<typeof createApp>;
