/**
 * Only a path on this origin: a crafted ?next= must not send a fresh session elsewhere. Control
 * characters and backslashes are refused outright (browsers drop tabs and newlines from URLs, so
 * `/%09/host` would become `//host`), and the result must resolve to this very origin.
 */
export function safeNext(
  next: string | null,
  origin: string = globalThis.location?.origin ?? 'http://localhost',
): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let resolved: URL;
  try {
    resolved = new URL(next, origin);
  } catch {
    return '/';
  }
  if (resolved.origin !== origin) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
