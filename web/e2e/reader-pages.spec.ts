import { expect, type Page, test } from '@playwright/test';
import { expectSignedIn, newUser, publishViaApi, registerViaApi, signedInContext } from './support';

/** Everything a page did wrong that a reader's browser would show in its console or network panel. */
function watchForTrouble(page: Page) {
  const trouble: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') trouble.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => trouble.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) trouble.push(`${response.status()}: ${response.url()}`);
  });
  return trouble;
}

test('a reader without JavaScript reads a whole post with its comments and pages through home', async ({ browser }) => {
  const author = await signedInContext(browser, newUser('nojs'));
  const stamp = Date.now().toString(36);
  // More than a page of posts; a writer may publish ten an hour, so three share the work.
  for (let i = 0; i < 21; i += 7) {
    const writer = await browser.newContext();
    const { accessToken } = await registerViaApi(writer.request, newUser('paper'));
    for (let n = i; n < i + 7; n += 1) {
      const created = await writer.request.post('/api/posts', {
        data: { title: `Paper ${stamp} ${n}`, body: `Page ${n}.`, status: 'published' },
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      expect(created.status()).toBe(201);
    }
    await writer.close();
  }
  const last = await publishViaApi(author.context.request, {
    title: `Printed ${stamp}`,
    body: 'The first paragraph.\n\nThe last paragraph, which only a whole article holds.',
  });
  const { accessToken } = await (await author.context.request.post('/api/auth/refresh')).json();
  await author.context.request.post(`/api/posts/${last.slug}/comments`, {
    data: { body: 'A comment readers see without script' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/p/${last.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: `Printed ${stamp}` })).toBeVisible();
  await expect(page.getByText('The last paragraph, which only a whole article holds.')).toBeVisible();
  await expect(page.getByText('A comment readers see without script')).toBeVisible();

  await page.goto('/');
  await expect(page.getByRole('link', { name: `Printed ${stamp}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Paper ${stamp} 0`, exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\?cursor=/);
  await expect(page.getByRole('link', { name: `Paper ${stamp} 0`, exact: true })).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, follow');
  await context.close();
  await author.context.close();
});

test('a signed-out reader’s pages hydrate without an error or a failed request, then signing in brings comments live', async ({
  browser,
}) => {
  const authorUser = newUser('hydra');
  const author = await signedInContext(browser, authorUser);
  const post = await publishViaApi(author.context.request, {
    title: `Hydrated ${Date.now().toString(36)}`,
    body: 'Read me.\n\n```js\nconst x = 1;\n```',
    tags: ['Hydration'],
  });

  const reader = newUser('reader');
  await registerViaApi((await browser.newContext()).request, reader);
  const context = await browser.newContext();
  const page = await context.newPage();
  const trouble = watchForTrouble(page);
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
  });
  for (const path of ['/', `/p/${post.slug}`, '/t/hydration', `/@${authorUser.username}`, '/search?q=hydrated']) {
    await page.goto(path, { waitUntil: 'networkidle' });
    await expect(page.locator('#root main')).not.toBeEmpty();
  }
  expect(trouble).toEqual([]);
  // The page resumed from the server's data: it asked the API for nothing on load.
  expect(apiCalls).toEqual([]);
  await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();

  // An app page that is not a reader page carries the app's policy too (at the edge the Worker answers it).
  const login = await page.goto(`/login?next=${encodeURIComponent(`/p/${post.slug}`)}`);
  expect(login?.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.getByLabel('Email').fill(reader.email);
  await page.getByLabel('Password').fill(reader.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${post.slug}$`));
  await expectSignedIn(page);
  await expect(page.getByLabel('Add a comment')).toBeVisible();
  // In the room: a comment made before the socket joins would only show on the next load.
  await expect(page.getByText('1 person reading now')).toBeVisible();

  const { accessToken } = await (await author.context.request.post('/api/auth/refresh')).json();
  await author.context.request.post(`/api/posts/${post.slug}/comments`, {
    data: { body: 'Arrived while you read' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  await expect(page.getByText('Arrived while you read')).toBeVisible();
  await context.close();
  await author.context.close();
});
