import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '#worker/app-env';
import { AppError } from '#worker/errors';
import { errorResponse } from '#worker/openapi/responses';
import { unsubscribe } from '#worker/services/account/email-preferences';
import { escapeMarkup } from '#worker/services/content/markup-text';
import { readUnsubscribeToken, type UnsubscribeTopic } from '#worker/services/mail/unsubscribe-token';

const topicWords: Record<UnsubscribeTopic, string> = {
  replies: 'emails about replies to your comments',
  comments: 'emails about comments on your posts',
  all: 'notification and digest emails',
};

// The page is a form and nothing else: no script, no outside resource.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

function page(siteName: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeMarkup(title)} · ${escapeMarkup(siteName)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:1px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #2563eb;outline-offset:2px}</style></head><body><main><h1>${escapeMarkup(title)}</h1>${body}</main></body></html>`;
}

async function topicFrom(c: Context<AppEnv>) {
  const token = c.req.query('token') ?? '';
  const read = await readUnsubscribeToken(c.get('deps').config, token);
  if (!read) throw new AppError('link_invalid', 'This unsubscribe link is not valid');
  return { ...read, token };
}

/**
 * One-click unsubscribe (RFC 8058), no sign-in: the link's signed token names the user and what to
 * stop. GET shows a confirmation form (mail scanners follow GETs, so a GET changes nothing); POST
 * turns the mail off: 204 for a mail client's `List-Unsubscribe=One-Click`, a page for the form.
 */
const documented = (summary: string, responses: Record<number, object>) =>
  describeRoute({
    tags: ['unsubscribe'],
    summary,
    parameters: [
      {
        name: 'token',
        in: 'query',
        required: true,
        schema: { type: 'string' },
        description: "The mail's signed link token",
      },
    ],
    responses: { ...responses, 400: errorResponse('`link_invalid`: the token is missing, altered or not ours') },
  });
const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });

export const unsubscribeRoutes = new Hono<AppEnv>()
  .get(
    '/',
    documented('The confirmation page of an unsubscribe link', { 200: htmlPage('A form to confirm') }),
    async (c) => {
      const { topic, token } = await topicFrom(c);
      const { site } = c.get('deps').config;
      c.header('Content-Security-Policy', pagePolicy);
      c.header('Cache-Control', 'private, no-store');
      const form = `<p>Stop ${topicWords[topic]} from ${escapeMarkup(site.name)}? Messages about your account's security still arrive.</p><form method="post" action="/api/unsubscribe?token=${escapeMarkup(encodeURIComponent(token))}"><input type="hidden" name="confirm" value="1"><button type="submit">Unsubscribe</button></form>`;
      return c.html(page(site.name, 'Unsubscribe', form));
    },
  )
  .post(
    '/',
    documented('Turns the mail off', {
      200: htmlPage('The confirmation form was posted: a page saying it is done'),
      204: { description: 'One-click unsubscribe (RFC 8058) from a mail client: done, nothing to show' },
    }),
    async (c) => {
      const { userId, topic } = await topicFrom(c);
      const deps = c.get('deps');
      await unsubscribe(deps.db, userId, topic);
      const body = await c.req.text().catch(() => '');
      if (!new URLSearchParams(body).has('confirm')) return c.body(null, 204);
      c.header('Content-Security-Policy', pagePolicy);
      const done = `<p>You are unsubscribed from ${topicWords[topic]}. You can turn them back on in your email settings.</p>`;
      return c.html(page(deps.config.site.name, 'You are unsubscribed', done));
    },
  );
