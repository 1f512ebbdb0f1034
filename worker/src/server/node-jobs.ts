import type { Deps, Scheduler } from '../ports';
import { sendDueDigests } from '../services/mail/digests';
import { runScheduledJobs } from '../services/scheduler';

/** Due scheduled posts go live within this long (plus the cache TTL): well inside a minute. */
const publishDuePostsEveryMs = 15_000;
const trimRealtimeLogEveryMs = 60 * 60 * 1000;
/** Queued mail that is due (a retry, or a message whose first send was cut short by a restart). */
const deliverMailEveryMs = 5_000;
const digestsEveryMs = 5 * 60 * 1000;
/**
 * Room events left in the outbox by an instance that died between a commit and its relay (or by a
 * relay that failed) reach the rooms within this long (ADR 0101). Writes relay their own at once.
 */
export const relayOutboxEveryMs = 2_000;

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
  scheduler.every('realtime-outbox-relay', relayOutboxEveryMs, () => deps.realtime.relay());
  // Whatever a previous run of this instance committed and never relayed goes out now.
  deps.realtime.flush();
}
