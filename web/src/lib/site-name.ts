/** The name a shell without the server's head (the edge, vite dev) goes by. */
const defaultSiteName = 'Edgepress';

/**
 * What this blog calls itself: the server writes SITE_NAME into the page head as the application
 * name. Read when asked, never at module load, so that server rendering can import this.
 */
export function siteName(): string {
  if (typeof document === 'undefined') return defaultSiteName;
  return document.querySelector('meta[name="application-name"]')?.getAttribute('content') || defaultSiteName;
}
