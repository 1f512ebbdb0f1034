import type { Database } from '#db/types';
import type { MailDelivery } from '#worker/ports';

const queuesOver = new WeakMap<Database, MailDelivery[]>();

/** Remembers a mail queue the test deps run over `db`, to be stopped before `db` closes. */
export function trackMailQueue(db: Database, queue: MailDelivery) {
  queuesOver.set(db, [...(queuesOver.get(db) ?? []), queue]);
}

/** Stops every mail queue over `db` and waits for its runs, so none meets the closed database. */
export async function stopMailQueuesOver(db: Database) {
  await Promise.all((queuesOver.get(db) ?? []).map((queue) => queue.stop()));
}
