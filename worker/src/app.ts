import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './app-env';
import { invalidateOnWrite } from './cache/public-content';
import { AppError } from './errors';
import { allowedMethodsOf } from './method-not-allowed';
import { accessLog } from './middleware/access-log';
import { limitBody } from './middleware/body-limit';
import { handleError, sendError } from './middleware/error-handler';
import { requireJsonBody } from './middleware/json-body';
import { nodeIncoming } from './middleware/node-body';
import { apiRateLimit } from './middleware/rate-limit';
import { rejectNul } from './middleware/reject-nul';
import { requestId } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import type { Deps } from './ports';
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
import { mediaRoutes } from './routes/media';
import { notificationsRoutes } from './routes/notifications';
import { postsRoutes } from './routes/posts';
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
    .route('/comments', commentsRoutes)
    .route('/tags', tagsRoutes)
    .route('/search', searchRoutes)
    .route('/notifications', notificationsRoutes)
    .route('/realtime', realtimeRoutes)
    .route('/admin', adminRoutes)
    .route('/unsubscribe', unsubscribeRoutes);
}

/** Builds the whole HTTP app from its dependencies; it knows nothing of the runtime it runs on. */
export function createApp(deps: Deps) {
  const { config } = deps;
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('user', undefined);
    await next();
  });
  app.use(requestId, accessLog, securityHeaders(config.realtime.url), rejectNul);
  const crossOrigin = cors({
    origin: (origin) => (config.corsOrigins.includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'],
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
  app.use('/api/*', apiRateLimit);
  app.use('/api/*', invalidateOnWrite);

  const routes = app
    .route('/api', apiRoutes())
    .route('/', mediaRoutes)
    .route('/', discoveryRoutes)
    .route('/api', docsRoutes(app as never));

  const allowedMethods = allowedMethodsOf(app as never);
  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return sendError(c, new AppError('method_not_allowed', `${c.req.method} is not allowed here`));
    }
    return sendError(c, new AppError('not_found', 'No such route'));
  });
  app.onError(handleError);
  return routes;
}

export type App = ReturnType<typeof createApp>;
