import { describe, expect, it, vi } from 'vitest';
import { me } from '../test/factories';
import { json, mockApi } from '../test/mock-api';

/** A Web Locks stand-in: one holder per name, the rest wait in order, like the browser's. */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request: (name: string, task: () => Promise<unknown>) => {
      const run = (tails.get(name) ?? Promise.resolve()).then(task);
      tails.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

async function freshTab() {
  vi.resetModules();
  const refresh = await import('./refresh');
  const session = await import('./session');
  return { ...refresh, ...session };
}

/** What the server sets beside the refresh cookie at sign-in. */
const withSessionHint = () => {
  // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API
  document.cookie = 'signed_in=1';
};

describe('refreshSession', () => {
  it('asks nothing for a signed-out reader, who has no session hint', async () => {
    const { calls } = mockApi({});
    const tab = await freshTab();
    await expect(tab.refreshSession()).resolves.toBeNull();
    expect(calls).toEqual([]);
    expect(tab.sessionStore.getState().status).toBe('anonymous');
  });

  it('sends one refresh request for concurrent callers in a tab and loads the user', async () => {
    withSessionHint();
    const user = me();
    const { calls } = mockApi({
      'POST /api/auth/refresh': () => json({ accessToken: 'access-1', refreshToken: 'r' }),
      'GET /api/users/me': () => json({ user }),
    });
    const tab = await freshTab();
    const [a, b] = await Promise.all([tab.refreshSession(), tab.refreshSession()]);
    expect([a, b]).toEqual(['access-1', 'access-1']);
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
    expect(tab.sessionStore.getState()).toMatchObject({ status: 'authenticated', accessToken: 'access-1', user });
    expect(calls.find((c) => c.path === '/api/users/me')?.authorization).toBe('Bearer access-1');
  });

  it('never lets two tabs present the refresh cookie at the same time', async () => {
    withSessionHint();
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { ...navigator, locks });
    let inFlight = 0;
    let maxInFlight = 0;
    let issued = 0;
    mockApi({
      'POST /api/auth/refresh': async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return json({ accessToken: `access-${++issued}`, refreshToken: 'r' });
      },
      'GET /api/users/me': () => json({ user: me() }),
    });
    const tabA = await freshTab();
    const tabB = await freshTab();
    const tokens = await Promise.all([tabA.refreshSession(), tabB.refreshSession()]);
    expect(maxInFlight).toBe(1);
    expect(new Set(tokens).size).toBe(2);
  });

  it('signs the tab out when the server refuses the refresh cookie', async () => {
    withSessionHint();
    mockApi({
      'POST /api/auth/refresh': () => ({ status: 401, body: { error: { code: 'refresh_reused', message: 'x' } } }),
    });
    const tab = await freshTab();
    tab.sessionStore.setState({ status: 'authenticated', user: me(), accessToken: 'old' });
    await expect(tab.refreshSession()).resolves.toBeNull();
    expect(tab.sessionStore.getState()).toMatchObject({ status: 'anonymous', user: null, accessToken: null });
  });
});
