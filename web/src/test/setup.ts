import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { sessionStore } from '../lib/session';

// Component tests never open sockets; the realtime client is exercised in the e2e suite.
vi.mock('partysocket', () => ({
  default: class {
    readyState = 0;
    addEventListener() {}
    removeEventListener() {}
    close() {}
    send() {}
  },
}));

// Pages are lazy chunks: the first import in a file is transformed on demand and can take a while.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  sessionStore.setState({ status: 'unknown', user: null, accessToken: null });
  if (typeof localStorage !== 'undefined') localStorage.clear();
  // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API
  if (typeof document !== 'undefined') document.cookie = 'signed_in=; max-age=0';
});
