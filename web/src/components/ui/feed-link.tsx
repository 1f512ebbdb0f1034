/**
 * Where this page's Atom feed is: a `<link rel="alternate">`, which React places in the document
 * head for browsers and feed readers to discover, and a visible link for people who subscribe by hand
 * (not named "feed": the navigation's Feed is the followed authors' page).
 */
export function FeedLink({ title, href }: { title: string; href: string }) {
  // A server-rendered page names its feed in the head it sends (marked data-page-feed, which the
  // browser swaps for this one), so rendering on the server adds no second copy to the body.
  const inBrowser = typeof document !== 'undefined';
  return (
    <>
      {inBrowser ? <link rel="alternate" type="application/atom+xml" title={title} href={href} /> : null}
      <a className="muted" href={href} type="application/atom+xml">
        Subscribe via Atom
      </a>
    </>
  );
}
