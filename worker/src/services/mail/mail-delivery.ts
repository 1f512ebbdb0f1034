import type { MailDelivery } from '#worker/ports';
import { type DeliveryRun, deliverDueMail, type MailDeps } from './deliver-due-mail';

/**
 * Delivers the queue after the answer: `kick` starts one delivery loop (a kick during a run asks
 * for another pass), `later` runs a task the same way. Nothing here ever fails a request. Once
 * stopped, nothing new starts: queued mail waits in its table for the next process.
 */
export function createMailDelivery(deps: MailDeps): MailDelivery {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const tasks = new Set<Promise<void>>();

  const loop = async () => {
    let run: DeliveryRun;
    do {
      again = false;
      run = await deliverDueMail(deps);
    } while (!stopped && (again || run.claimed > 0));
  };

  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop()
      .catch((error) => deps.logger.error('mail delivery run failed', { error: String(error) }))
      .finally(() => {
        running = undefined;
      });
  };

  const settled = async () => {
    while (running || tasks.size > 0) await Promise.all([running, ...tasks]);
  };

  return {
    kick,
    later(task) {
      if (stopped) return;
      const done: Promise<void> = task()
        .catch((error) => deps.logger.error('background mail task failed', { error: String(error) }))
        .finally(() => tasks.delete(done));
      tasks.add(done);
    },
    settled,
    async stop() {
      stopped = true;
      await settled();
    },
  };
}
