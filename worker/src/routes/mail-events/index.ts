import { Hono } from 'hono';
import type { AppEnv } from '#worker/app-env';
import { AppError } from '#worker/errors';
import { applyProviderEvent } from '#worker/services/mail/provider-events';
import { verifyWebhookSignature } from '#worker/services/mail/webhook-signature';

/**
 * Bounce and complaint events from the email provider (Resend's webhooks, signed the Svix way;
 * ADR 0111). Only with `MAIL_WEBHOOK_SECRET` set: otherwise there is no such route. A missing,
 * wrong or stale signature is 401; a verified event is 204 whatever it says, so the provider stops
 * retrying it, and applying it twice changes nothing.
 */
export const mailEventsRoutes = new Hono<AppEnv>().post('/', async (c) => {
  const deps = c.get('deps');
  const secret = deps.config.mail.webhookSecret;
  if (!secret) throw new AppError('not_found', 'No such route');
  const body = await c.req.text();
  const signature = {
    id: c.req.header('svix-id'),
    timestamp: c.req.header('svix-timestamp'),
    signature: c.req.header('svix-signature'),
  };
  if (!(await verifyWebhookSignature(secret, signature, body, deps.clock.now()))) {
    throw new AppError('unauthenticated', 'The event signature does not match');
  }
  const outcome = await applyProviderEvent(deps.db, JSON.parse(body), deps.clock.now());
  if ('suppressed' in outcome && outcome.suppressed.length > 0) {
    deps.logger.warn('mail stopped to addresses the provider reported', {
      event: signature.id,
      addresses: outcome.suppressed.length,
    });
  }
  return c.body(null, 204);
});
