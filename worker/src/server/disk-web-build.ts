import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebBuild } from '../ports';

/** The web build in `webDist` on disk; index.html is read once, on the first page asked for after it exists. */
export function diskWebBuild(webDist: string): WebBuild {
  let indexHtml: Promise<string | undefined> | undefined;
  return {
    indexHtml() {
      indexHtml ??= readFile(join(webDist, 'index.html'), 'utf8').catch(() => {
        indexHtml = undefined;
        return undefined;
      });
      return indexHtml;
    },
  };
}
