/** The API's URL for a path: the page's own origin on every target (the Worker and the Node servers serve both). */
export function apiUrl(path: string): string {
  return path;
}
