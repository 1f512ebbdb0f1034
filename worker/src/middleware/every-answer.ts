import { accessLog } from './access-log';
import type { Stage } from './exchange';
import { apiBudget } from './rate-limit';
import { requestId } from './request-id';

/**
 * The one list of cross-cutting stages, run by the app (app.ts, as middleware) and by the Node
 * replay of kept answers (server/hot-responses.ts): a concern added here applies to both. What only
 * shapes a built answer (security headers, CORS, ETag) stays app middleware: a kept copy carries its
 * headers already.
 */
export const aroundEveryAnswer: readonly Stage[] = [requestId, accessLog];

/** After CORS and the body checks, before an API answer is built or replayed. */
export const beforeApiAnswers: readonly Stage[] = [apiBudget];

export const isApiPath = (path: string) => path.startsWith('/api/');
