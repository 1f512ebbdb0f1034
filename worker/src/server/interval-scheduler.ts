import type { Logger, Scheduler } from '../ports';

/** The Node targets' Scheduler: a timer per job that never overlaps a run still in progress. */
export function createIntervalScheduler(logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  return {
    every(name, intervalMs, job) {
      let running = false;
      const run = async () => {
        if (running) return;
        running = true;
        try {
          await job();
        } catch (error) {
          logger.error('scheduled job failed', { job: name, error: (error as Error).message });
        } finally {
          running = false;
        }
      };
      timers.push(setInterval(run, intervalMs).unref());
      void run();
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
      timers.length = 0;
    },
  };
}
