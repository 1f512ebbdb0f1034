let base = '';

/** The API origin: empty (same origin) in the browser, absolute when rendering on a server. */
export function setApiBase(origin: string): void {
  base = origin.replace(/\/$/, '');
}

export function apiUrl(path: string): string {
  return `${base}${path}`;
}
