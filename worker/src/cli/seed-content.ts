/** The demo blog a fresh `npm start` shows: enough to see every feature, small enough to read. */

export const demoUsers = [
  { username: 'ada', email: 'ada@demo.edgepress.dev', displayName: 'Ada Lovelace', admin: true },
  { username: 'grace', email: 'grace@demo.edgepress.dev', displayName: 'Grace Hopper', admin: false },
  { username: 'linus', email: 'linus@demo.edgepress.dev', displayName: 'Linus Tor', admin: false },
] as const;

export type DemoUsername = (typeof demoUsers)[number]['username'];

export interface DemoPost {
  author: DemoUsername;
  title: string;
  tags: string[];
  body: string;
  status?: 'draft' | 'published';
}

export const demoPosts: DemoPost[] = [
  {
    author: 'ada',
    title: 'Welcome to Edgepress',
    tags: ['edgepress', 'meta'],
    body: `Edgepress is a blog platform that runs **at the edge**, on your own server, or right here on your laptop.

## What you can try

- Write a post in markdown with a live preview, then publish or schedule it.
- Open a post in two windows: comments and likes appear in both without a reload.
- Follow an author and watch the notification bell.

> Everything you type is autosaved, so a closed tab loses nothing.`,
  },
  {
    author: 'grace',
    title: 'Notes on compilers and the people who use them',
    tags: ['programming', 'history'],
    body: `The most dangerous phrase in the language is *"we've always done it this way."*

A compiler is a promise: you say what you mean, and the machine works out how. The promise holds only
when the tools are **boring, fast and correct**.

\`\`\`ts
const answer = [1, 2, 3].map((n) => n * 2);
\`\`\``,
  },
  {
    author: 'linus',
    title: 'Why full-text search belongs in your database',
    tags: ['postgres', 'search'],
    body: `PostgreSQL ships a capable full-text search: \`tsvector\`, \`websearch_to_tsquery\` and GIN indexes.

Edgepress keeps a search vector per post with weights — title first, then tags, then body — and
highlights the matching words in results. Try searching for *compilers* or *"edge runtime"*.`,
  },
  {
    author: 'ada',
    title: 'Caching without lying to your readers',
    tags: ['performance', 'redis'],
    body: `A cache is a copy, and every copy can be stale. Edgepress caches the first page of each list and
each post, with **versioned keys** that are bumped on every write, so a new comment or like is
visible as soon as it commits.`,
  },
  {
    author: 'grace',
    title: 'Realtime rooms, explained',
    tags: ['realtime', 'edgepress'],
    body: `Every post has a room. Readers join it to see new comments, like counts and who else is reading.
When a connection drops, the page asks for what it missed since the last event it saw.`,
  },
  {
    author: 'linus',
    title: 'An unfinished thought',
    tags: ['drafts'],
    status: 'draft',
    body: 'Drafts are visible only to their author (and admins). This one is not ready yet.',
  },
];

export const demoComments = [
  { post: 0, author: 'grace', body: 'Congratulations on the launch! The live comments are lovely.' },
  { post: 0, author: 'linus', body: 'Agreed. Search is fast too.', replyTo: 0 },
  { post: 2, author: 'ada', body: 'GIN indexes for the win.' },
] as const;

export const demoFollows: [DemoUsername, DemoUsername][] = [
  ['grace', 'ada'],
  ['linus', 'ada'],
  ['ada', 'grace'],
];

export const demoLikes: [DemoUsername, number][] = [
  ['grace', 0],
  ['linus', 0],
  ['ada', 1],
  ['ada', 2],
  ['grace', 3],
];
