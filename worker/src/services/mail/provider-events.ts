import { z } from 'zod';
import type { Executor } from '#db/types';
import { suppressAddress } from './suppressions';

// Resend's event shape (https://resend.com/docs/webhooks): only what suppression needs is read.
const providerEvent = z.object({
  type: z.string(),
  data: z
    .object({
      to: z.union([z.string(), z.array(z.string())]).optional(),
      bounce: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .optional(),
});

export type ProviderEventOutcome = { suppressed: string[] } | { ignored: string };

/**
 * Applies one verified provider event: `email.bounced` (a permanent bounce: Resend reports
 * transient ones as `email.delivery_delayed`, and one marked `Transient` is ignored too) and
 * `email.complained` suppress every recipient; any other event is acknowledged and ignored.
 */
export async function applyProviderEvent(db: Executor, body: unknown, now: Date): Promise<ProviderEventOutcome> {
  const parsed = providerEvent.safeParse(body);
  if (!parsed.success) return { ignored: 'not an email event' };
  const { type, data } = parsed.data;
  const recipients = [data?.to ?? []].flat().filter((to) => to.includes('@'));
  let reason: string;
  if (type === 'email.complained') reason = 'complaint';
  else if (type === 'email.bounced' && data?.bounce?.type?.toLowerCase() !== 'transient') {
    reason = `bounce: ${data?.bounce?.message ?? 'permanent'}`;
  } else return { ignored: type };
  for (const address of recipients) await suppressAddress(db, address, reason, now);
  return { suppressed: recipients.map((to) => to.trim().toLowerCase()) };
}
