import { escapeMarkup } from '../content/markup-text';

/** What a message says, in plain text; `layoutMail` makes both parts from it. */
export interface MailContent {
  subject: string;
  /** The opening paragraphs. User-written strings go here as they are: they are escaped for HTML. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Paragraphs after the button (how long the link lasts, what to do if it was not you). */
  after?: string[];
}

export interface MailFrame {
  siteName: string;
  publicUrl: string;
  /** Present on every message that is not about the account's security. */
  unsubscribeUrl?: string;
}

// A subject is a header: a line break in a user string must not start another one.
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim();

function textPart(content: MailContent, frame: MailFrame): string {
  const lines = [...content.paragraphs];
  if (content.action) lines.push(`${content.action.label}: ${content.action.url}`);
  lines.push(...(content.after ?? []));
  lines.push('--', `${frame.siteName} · ${frame.publicUrl}`);
  if (frame.unsubscribeUrl) lines.push(`Unsubscribe: ${frame.unsubscribeUrl}`);
  return `${lines.join('\n\n')}\n`;
}

const paragraph = (text: string) =>
  `<p style="margin:0 0 16px;line-height:1.5">${escapeMarkup(text).replace(/\n/g, '<br>')}</p>`;

function htmlPart(content: MailContent, frame: MailFrame): string {
  const site = escapeMarkup(frame.siteName);
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeMarkup(content.action.url)}" style="background:#1f2937;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeMarkup(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">Or paste this link into your browser:<br>${escapeMarkup(content.action.url)}</p>`
    : '';
  const unsubscribe = frame.unsubscribeUrl
    ? ` · <a href="${escapeMarkup(frame.unsubscribeUrl)}" style="color:#555">Unsubscribe</a>`
    : '';
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta name="viewport" content="width=device-width"><title>${escapeMarkup(oneLine(content.subject))}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f6f6;font-family:system-ui,sans-serif;color:#111">',
    '<div style="max-width:560px;margin:0 auto;background:#fff;padding:32px;border-radius:8px">',
    `<h1 style="font-size:18px;margin:0 0 24px">${site}</h1>`,
    content.paragraphs.map(paragraph).join(''),
    button,
    (content.after ?? []).map(paragraph).join(''),
    `<p style="margin:32px 0 0;font-size:12px;color:#555"><a href="${escapeMarkup(frame.publicUrl)}" style="color:#555">${site}</a>${unsubscribe}</p>`,
    '</div></body></html>',
  ].join('');
}

/** The subject, a plain-text part and an HTML part in which every given string is escaped. */
export function layoutMail(content: MailContent, frame: MailFrame) {
  return { subject: oneLine(content.subject), text: textPart(content, frame), html: htmlPart(content, frame) };
}
