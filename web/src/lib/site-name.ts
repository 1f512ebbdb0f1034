/** The name a shell without the server's head (vite dev) goes by. */
const defaultSiteName = 'Edgepress';
let serverSiteName = defaultSiteName;

/** Rendering on a server: the configured name, which the browser then reads from the head. */
export function setServerSiteName(name: string): void {
  serverSiteName = name;
}

/**
 * What this blog calls itself: the server writes SITE_NAME into the page head as the application
 * name. Read when asked, never at module load, so that server rendering can import this.
 */
export function siteName(): string {
  if (typeof document === 'undefined') return serverSiteName;
  return document.querySelector('meta[name="application-name"]')?.getAttribute('content') || defaultSiteName;
}
