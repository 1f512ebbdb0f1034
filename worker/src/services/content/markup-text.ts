const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML or XML, as element content or a quoted attribute value: nothing in it can open markup. */
export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (char) => escapes[char] as string);
}

// Characters XML 1.0 cannot carry at all, even escaped (control characters a body may hold): a
// single one would make a whole feed or sitemap unreadable.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or attribute value as XML character data: escaped, and without what XML cannot carry. */
export function xmlText(value: string): string {
  return escapeMarkup(value.replace(notXmlChar, ''));
}
