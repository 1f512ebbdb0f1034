/**
 * What a server hands the web app's renderer, and what it gets back. Types only (no JSX, no DOM),
 * so the API's own type-checks read it without compiling the web app (package.json `#web-render`).
 */
import type { CommentThread, Page, Post, PublicUser, SearchHit } from './lib/types';

/**
 * Reader data, read in-process through the services: the same shapes the API answers with, so
 * the cache the client resumes from is the one its own queries would have filled.
 */
export interface ReaderSource {
  posts(filter: { sort: 'latest' | 'top'; author?: string; tag?: string }, cursor: string | null): Promise<Page<Post>>;
  post(slug: string): Promise<Post>;
  /** The first page of a post's comment threads. */
  comments(slug: string): Promise<Page<CommentThread>>;
  user(username: string): Promise<PublicUser>;
  search(q: string, cursor: string | null): Promise<Page<SearchHit>>;
}

export interface RenderInput {
  request: Request;
  source: ReaderSource;
  /** The configured site name, which the header shows. */
  siteName: string;
}

export interface RenderResult {
  /** The app's markup for `<div id="root">`. */
  html: string;
  /** The dehydrated query cache as JSON, for `<script type="application/json" id="app-data">`. */
  data: string;
}

/** `dataUpdatedAt` of server-rendered data that is fresh: the browser reads it as "when the page loaded". */
export const serverFresh = 1;

export type RenderReaderPage = (input: RenderInput) => Promise<RenderResult>;

/**
 * The markup of the not-found page (the site's header and footer around it) for a 404 answer, so a
 * reader without script is told what happened. No query cache: the browser renders the page anew.
 */
export type RenderNotFoundPage = (input: Pick<RenderInput, 'request' | 'siteName'>) => Promise<string>;

export declare const render: RenderReaderPage;
export declare const renderNotFound: RenderNotFoundPage;
