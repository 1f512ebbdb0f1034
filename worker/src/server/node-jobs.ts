import type { Deps, Scheduler } from '../ports';
import { sendDueDigests } from '../services/mail/digests';
import { runScheduledJobs } from '../services/scheduler';

/** Due scheduled posts go live within this long (plus the cache TTL): well inside a minute. */
const publishDuePostsEveryMs = 15_000;
const trimRealtimeLogEveryMs = 60 * 60 * 1000;
/** Queued mail that is due (a retry, or a message whose first send was cut short by a restart). */
const deliverMailEveryMs = 5_000;
const digestsEveryMs = 5 * 60 * 1000;

/** The periodic jobs of both Node entries; the Workers entry runs the same ones from a cron trigger. */
export function scheduleNodeJobs(scheduler: Scheduler, deps: Deps, trimRealtimeLog: () => Promise<void>) {
  scheduler.every('publish-due-posts', publishDuePostsEveryMs, async () => {
    await runScheduledJobs(deps);
  });
  scheduler.every('realtime-log-trim', trimRealtimeLogEveryMs, trimRealtimeLog);
  scheduler.every('mail-delivery', deliverMailEveryMs, async () => deps.mail.kick());
  scheduler.every('mail-digests', digestsEveryMs, async () => {
    await sendDueDigests(deps);
  });
}
