import { expect, test } from '@playwright/test';
import { expectSignedIn, newUser, publishViaApi, registerViaApi, signedInContext } from './support';

test('search finds a published post and highlights the match', async ({ browser }) => {
  const author = await signedInContext(browser, newUser('author'));
  const word = `zephyr${Date.now().toString(36)}`;
  await publishViaApi(author.context.request, { title: `On the ${word} wind`, body: `The ${word} blows west.` });
  const page = await browser.newPage();
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search posts' }).fill(word);
  await page.getByRole('searchbox', { name: 'Search posts' }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}`));
  await expect(page.getByRole('link', { name: `On the ${word} wind` })).toBeVisible();
  await expect(page.locator('.snippet mark').first()).toHaveText(new RegExp(word, 'i'));
  await page.close();
  await author.context.close();
});

test('a feed reader finds the site and author feeds from the pages and reads the new post there', async ({
  browser,
}) => {
  const authorUser = newUser('feeder');
  const author = await signedInContext(browser, authorUser);
  const title = `Feed news ${Date.now().toString(36)}`;
  await publishViaApi(author.context.request, { title, body: 'Subscribers read this in their reader.' });
  const page = await browser.newPage();
  const feeds: [page: string, feed: string][] = [
    ['/', '/api/atom/posts'],
    [`/@${authorUser.username}`, `/api/atom/users/${authorUser.username}`],
  ];
  for (const [path, href] of feeds) {
    await page.goto(path);
    await expect(page.locator(`link[rel="alternate"][type="application/atom+xml"][href="${href}"]`)).toHaveCount(1);
    const feed = await page.request.get(href);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('application/atom+xml');
    expect(await feed.text()).toContain(`<title type="text">${title}</title>`);
  }
  await page.close();
  await author.context.close();
});

test('drafts stay private to their author', async ({ browser }) => {
  const authorUser = newUser('author');
  const author = await signedInContext(browser, authorUser);
  const refresh = await author.context.request.post('/api/auth/refresh');
  const { accessToken } = await refresh.json();
  const created = await author.context.request.post('/api/posts', {
    data: { title: 'Secret plans', body: 'Not yet.', status: 'draft' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const { post } = await created.json();

  await author.page.goto('/drafts');
  await expect(author.page.getByRole('link', { name: 'Secret plans' })).toBeVisible();

  const other = await signedInContext(browser, newUser('other'));
  await other.page.goto(`/p/${post.slug}`);
  await expect(other.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await other.page.goto(`/write/${post.slug}`);
  await expect(other.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await other.page.goto('/drafts');
  await expect(other.page.getByText('Nothing here yet')).toBeVisible();
  await other.page.goto(`/@${authorUser.username}`);
  await expect(other.page.getByText('No published posts yet.')).toBeVisible();
  await other.context.close();
  await author.context.close();
});

test('an autosaved draft survives a reload', async ({ page }) => {
  await registerViaApi(page.request, newUser('writer'));
  await page.goto('/write');
  await expectSignedIn(page);
  await page.getByLabel('Title').fill('Half-finished thoughts');
  await page.getByLabel('Body (Markdown)').fill('The first paragraph, typed and never saved by hand.');
  await expect(page.getByText('All changes saved')).toBeVisible();
  await expect(page).toHaveURL(/\/write\/half-finished-thoughts/);
  await page.reload();
  await expect(page.getByLabel('Title')).toHaveValue('Half-finished thoughts');
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue('The first paragraph, typed and never saved by hand.');
  await expect(page.getByRole('button', { name: 'Restore it' })).toHaveCount(0);
});

test('typing that never reached the server is offered back after a crash', async ({ page }) => {
  await registerViaApi(page.request, newUser('writer'));
  await page.goto('/write');
  await expectSignedIn(page);
  await page.getByLabel('Title').fill('Crash test');
  await expect(page.getByText('All changes saved')).toBeVisible();
  // The server goes away: the next keystrokes can only reach localStorage.
  await page.route('**/api/posts/**', (route) => route.abort());
  await page.getByLabel('Body (Markdown)').fill('Words the server never saw.');
  await expect(page.getByText(/Not saved/)).toBeVisible();
  await page.unroute('**/api/posts/**');
  page.once('dialog', (dialog) => dialog.accept());
  await page.reload();
  await page.getByRole('button', { name: 'Restore it' }).click();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue('Words the server never saw.');
});
