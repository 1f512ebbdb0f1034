import type { Database } from '../db/types';
import { createTestDeps } from '../test/support/deps';
import { createUser } from '../test/support/factories';
import { createPost } from '../worker/src/services/posts';

/** Topics spread evenly over the posts, so a search for one matches about 1/20 of them. */
export const topics = [
  'postgres',
  'redis',
  'nginx',
  'kubernetes',
  'typescript',
  'react',
  'caching',
  'websockets',
  'markdown',
  'observability',
  'sourdough',
  'gardening',
  'cycling',
  'photography',
  'astronomy',
  'chess',
  'espresso',
  'woodworking',
  'birdwatching',
  'climbing',
] as const;

/** The word the search scenario looks for: one topic, so the result set is realistic, not the whole table. */
export const searchTerm = 'sourdough';

const filler = [
  'The first thing I noticed was how little of the setup actually mattered once the basics were right.',
  'Most of the advice you find online is either outdated or assumes a scale you will never reach.',
  'I kept notes for three weeks and the pattern only became obvious when I wrote it down.',
  'It is tempting to optimise early, but measuring first saved me from two expensive mistakes.',
  'A friend pointed out that the simplest version had been working all along, just more slowly.',
];

/** A realistic post body: headings, paragraphs, a list, a link, a quote and a code block (~2 KB). */
export function postMarkdown(index: number): string {
  const topic = topics[index % topics.length];
  const other = topics[(index * 7 + 3) % topics.length];
  const paragraph = (n: number) => filler.map((_, i) => filler[(i + n + index) % filler.length]).join(' ');
  return [
    `Notes on **${topic}**, part ${index}, and what it taught me about ${other}.`,
    `## Why ${topic}`,
    paragraph(1),
    `- one thing about ${topic}\n- another about [${other}](https://example.com/${other})\n- a *third* thing`,
    `## What I tried`,
    paragraph(2),
    `> ${filler[index % filler.length]}`,
    '```ts\nconst answer = await measure(() => fetch(url));\nconsole.log(answer.p99);\n```',
    `## What I would do again`,
    paragraph(3),
  ].join('\n\n');
}

/** Seeds `count` published posts through the posts service (rendered HTML, search vector, tags). */
export async function seedPosts(db: Database, count: number): Promise<string[]> {
  const deps = await createTestDeps(db);
  const authors = await Promise.all(Array.from({ length: 10 }, () => createUser(db)));
  const slugs: string[] = [];
  // A few in flight at once: Postgres does the work, and each insert is its own transaction.
  for (let start = 0; start < count; start += 16) {
    const batch = Array.from({ length: Math.min(16, count - start) }, (_, k) => start + k);
    const created = await Promise.all(
      batch.map((index) => {
        const author = authors[index % authors.length]?.user;
        if (!author) throw new Error('seedPosts: no author');
        return createPost(
          deps,
          { id: author.id, username: author.username, role: author.role },
          {
            title: `${topics[index % topics.length]} notes ${index}`,
            body: postMarkdown(index),
            tags: [topics[index % topics.length] ?? 'misc', topics[(index * 7 + 3) % topics.length] ?? 'misc'],
            status: 'published',
          },
        );
      }),
    );
    slugs.push(...created.map((post) => post.slug));
  }
  return slugs;
}
