/** The site's name where a document names it for readers outside the app: feeds, titles, link previews. */
export const siteName = 'Edgepress';
