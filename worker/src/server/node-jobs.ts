import type { Deps, Scheduler } from '../ports';
import { runScheduledJobs } from '../services/scheduler';

/** Due scheduled posts go live within this long (plus the cache TTL): well inside a minute. */
const publishDuePostsEveryMs = 15_000;
const trimRealtimeLogEveryMs = 60 * 60 * 1000;

/** The periodic jobs of both Node entries; the Workers entry runs the same ones from a cron trigger. */
export function scheduleNodeJobs(scheduler: Scheduler, deps: Deps, trimRealtimeLog: () => Promise<void>) {
  scheduler.every('publish-due-posts', publishDuePostsEveryMs, async () => {
    await runScheduledJobs(deps);
  });
  scheduler.every('realtime-log-trim', trimRealtimeLogEveryMs, trimRealtimeLog);
}
