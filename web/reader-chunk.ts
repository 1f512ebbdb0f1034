import type { Rolldown } from 'vite';

/** Where most readers land: the app shell, the home page and a post (other pages load as they open). */
const readerRoots = [
  /web[\\/]src[\\/]start-client\.tsx$/,
  /web[\\/]src[\\/]features[\\/]posts[\\/](home|post)-page\.tsx$/,
];

/**
 * Everything the reader pages import statically goes into one chunk. Split along module lines,
 * the same code came as some 24 files, each compressed alone: about 6 KiB more gzip than one file
 * (bundle-size.test.ts counts what a reader's post page loads). The editor, admin, settings and
 * sign-in pages stay in chunks of their own, loaded when they are opened.
 */
export function readerChunk(): Rolldown.CodeSplittingOptions {
  const known = new Map<string, boolean>();
  return {
    groups: [
      {
        // React apart from the rest, so that the browser evaluates the two in separate tasks
        // (entry-client.tsx); with it the helper that loads a dynamic import's chunks, which the
        // entry calls, so that the entry needs nothing from the rest.
        name: 'react',
        test: /node_modules[\\/](react|react-dom|scheduler)[\\/]|vite[\\/]preload-helper/,
        priority: 2,
      },
      {
        debugName: 'reader',
        priority: 1,
        name: (id, ctx) => {
          // A module belongs to readers when a chain of static imports leads to it from a root.
          const isReader = (moduleId: string): boolean => {
            const memo = known.get(moduleId);
            if (memo !== undefined) return memo;
            known.set(moduleId, false);
            const importers = ctx.getModuleInfo(moduleId)?.importers ?? [];
            const answer = readerRoots.some((root) => root.test(moduleId)) || importers.some(isReader);
            known.set(moduleId, answer);
            return answer;
          };
          return isReader(id) ? 'reader' : null;
        },
      },
    ],
  };
}
