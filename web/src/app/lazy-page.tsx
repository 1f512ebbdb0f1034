import { type ComponentType, lazy } from 'react';
import { createStore, useStore } from 'zustand';

/** Page modules being fetched after a click: the header shows a progress bar while any is. */
const loadingPages = createStore(() => ({ count: 0 }));

export const usePageLoading = () => useStore(loadingPages, (s) => s.count > 0);

function countWhile(pending: Promise<unknown>): void {
  // Loads start while React renders; the header hears of them after that render, not during it.
  queueMicrotask(() => loadingPages.setState((s) => ({ count: s.count + 1 })));
  const done = () => queueMicrotask(() => loadingPages.setState((s) => ({ count: s.count - 1 })));
  pending.then(done, done);
}

export interface LazyPage {
  Component: ComponentType;
  /** Fetches the page's module; servers and the first hydration await it so they render the page itself. */
  preload(): Promise<void>;
}

/**
 * A page in a chunk of its own. Once its module is in, it renders at once (so hydration meets the
 * server's markup, never a fallback); before that it suspends, and the navigation that asked for it
 * keeps the previous page on screen until it arrives.
 */
export function lazyPage(load: () => Promise<ComponentType>): LazyPage {
  let loaded: ComponentType | undefined;
  let pending: Promise<void> | undefined;
  const preload = () => {
    pending ??= load().then(
      (component) => {
        loaded = component;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  const Suspending = lazy(async () => {
    const loading = preload();
    countWhile(loading);
    await loading;
    return { default: loaded as ComponentType };
  });
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Suspending />;
  }
  return { Component: Page, preload };
}
