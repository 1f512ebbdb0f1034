import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env';
import type { Deps } from '../ports';
import { socketAddress } from './client-ip';

/** What the cross-cutting stages need of the dependencies. */
export type StageDeps = Pick<Deps, 'config' | 'logger' | 'metrics' | 'rateLimiter'>;

/**
 * One request and its answer as a cross-cutting stage sees them, whether the app builds the answer
 * (`stagesMiddleware`) or the Node replay serves a kept copy (server/hot-responses.ts).
 */
export interface Exchange {
  readonly deps: StageDeps;
  readonly method: string;
  readonly path: string;
  header(name: string): string | undefined;
  /** The socket's peer address, where the runtime has one (Node). */
  peerAddress(): string | undefined;
  requestId: string;
  setHeader(name: string, value: string): void;
  /** What answered, once `next` has returned. */
  answered(): { status: number; route: string; userId?: string; cache?: 'hot' };
}

/**
 * A concern every answer passes through (request id, access log, the API budget): written once as a
 * stage, run by both pipelines. A stage refuses a request by throwing an `AppError`: the app answers
 * with it, the replay hands the request to the app, which then does.
 */
export type Stage = (x: Exchange, next: () => Promise<void>) => Promise<void>;

/** Runs `stages` in order around `last`. */
export function runStages(stages: readonly Stage[], x: Exchange, last: () => Promise<void>): Promise<void> {
  const at = (i: number): Promise<void> => {
    const stage = stages[i];
    return stage ? stage(x, () => at(i + 1)) : last();
  };
  return at(0);
}

const answeredRoutes = new WeakMap<Request, string>();

/** The route pattern that answered `request`, for the replay layer that keeps the app's answers. */
export const routeThatAnswered = (request: Request): string | undefined => answeredRoutes.get(request);

function honoExchange(c: Context<AppEnv>): Exchange {
  return {
    deps: c.get('deps'),
    method: c.req.method,
    path: c.req.path,
    header: (name) => c.req.header(name),
    peerAddress: () => socketAddress(c),
    get requestId() {
      return c.get('requestId');
    },
    set requestId(id: string) {
      c.set('requestId', id);
    },
    setHeader: (name, value) => c.header(name, value),
    answered() {
      const route = routePath(c);
      answeredRoutes.set(c.req.raw, route);
      return { status: c.res.status, route, userId: c.get('user')?.id };
    },
  };
}

/** `stages` as one Hono middleware: the app's side of the shared pipeline. */
export const stagesMiddleware = (stages: readonly Stage[]) =>
  createMiddleware<AppEnv>((c, next) =>
    runStages(stages, honoExchange(c), async () => {
      await next();
    }),
  );
