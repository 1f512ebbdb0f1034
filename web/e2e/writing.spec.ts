import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { expectSignedIn, newUser, pngImage, signedInContext } from './support';

/** Calls the API as the signed-in user of `request` (its refresh cookie gives a fresh access token). */
async function apiAs(request: APIRequestContext) {
  const { accessToken } = (await (await request.post('/api/auth/refresh')).json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  return {
    async send(method: 'POST' | 'PATCH', path: string, data: unknown) {
      const response = await request.fetch(path, { method, data, headers });
      expect(response.ok(), await response.text()).toBe(true);
      return (await response.json()) as { post: { slug: string; version: number } };
    },
  };
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const wideBody = [
  `A paragraph with an unbroken word: ${'x'.repeat(300)}`,
  '',
  '```',
  `const line = "${'a long line of code that does not wrap '.repeat(12)}";`,
  '```',
  '',
  `| ${Array.from({ length: 14 }, (_, i) => `column ${i}`).join(' | ')} |`,
  `|${' --- |'.repeat(14)}`,
  `| ${Array.from({ length: 14 }, () => 'wide cell').join(' | ')} |`,
].join('\n');

test('an image pasted into the body is uploaded at the cursor and shown with srcset once published', async ({
  browser,
}) => {
  const { context, page } = await signedInContext(browser, newUser('paste'));
  await page.goto('/write');
  await expectSignedIn(page);
  await page.getByLabel('Title').fill('Pasted photo');
  const body = page.getByLabel('Body (Markdown)');
  await body.fill('Before the photo.');
  await expect(page.getByText('All changes saved')).toBeVisible();
  const png = pngImage(1200, 800).toString('base64');
  await body.evaluate((textarea: HTMLTextAreaElement, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, png);
  await expect(body).toHaveValue(/^Before the photo\.\n\n!\[\]\(\/media\/[0-9a-f]{64}\.png\)$/);
  await page.getByLabel('Alt text for image 1').fill('A colourful gradient');
  await page.getByRole('button', { name: 'Set alt text' }).click();
  await expect(body).toHaveValue(/!\[A colourful gradient\]\(\/media\//);
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page).toHaveURL(/\/p\/pasted-photo/);
  const image = page.locator('.prose img');
  await expect(image).toHaveAttribute('alt', 'A colourful gradient');
  await expect(image).toHaveAttribute('srcset', /\.webp 480w, .*\.webp 960w$/);
  await expect(image).toHaveAttribute('width', '960');
  expect(await image.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.webp$/);
  await context.close();
});

test('no page grows sideways on a 390 px phone (or at 320 and 1600 px) whatever the post holds', async ({
  browser,
}) => {
  const { context, page } = await signedInContext(browser, newUser('wide'));
  const api = await apiAs(context.request);
  const { post } = await api.send('POST', '/api/posts', { title: 'Wide things', body: wideBody, status: 'published' });
  for (const width of [390, 320, 1600]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`/p/${post.slug}`);
    await expect(page.locator('.prose pre')).toBeVisible();
    expect(await sideways(page), `post page at ${width} px`).toBeLessThanOrEqual(0);
    await page.goto(`/write/${post.slug}`);
    await expect(page.getByRole('region', { name: 'Preview' }).locator('pre')).toBeVisible();
    expect(await sideways(page), `editor at ${width} px`).toBeLessThanOrEqual(0);
    // The preview never squeezes the text being written: at least its half of the panes.
    const textarea = await page.getByLabel('Body (Markdown)').boundingBox();
    const panes = await page.locator('.editor-panes').boundingBox();
    expect((textarea?.width ?? 0) / (panes?.width ?? 1), `editor body at ${width} px`).toBeGreaterThan(0.45);
  }
  await context.close();
});

test('an author restores an older revision from the history in one click', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, newUser('history'));
  const api = await apiAs(context.request);
  const { post } = await api.send('POST', '/api/posts', { title: 'Versions', body: 'The first wording.' });
  await api.send('PATCH', `/api/posts/${post.slug}`, { body: 'A worse second wording.', saveRevision: true });
  await page.goto(`/write/${post.slug}`);
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue('A worse second wording.');
  await page.getByText('History', { exact: true }).click();
  const older = page.getByRole('listitem').filter({ hasText: 'Saved' }).last();
  await older.getByRole('button').click();
  const diff = page.getByRole('region', { name: 'Changes from this version to the current text' });
  await expect(diff.locator('.diff-removed')).toHaveText('- The first wording.\n');
  await expect(diff.locator('.diff-added')).toHaveText('+ A worse second wording.\n');
  await page.getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue('The first wording.');
  await expect(page.getByRole('listitem').filter({ hasText: 'Restored' })).toHaveCount(1);
  await context.close();
});

test('a preview link opens the draft for a signed-out reader, marked as a preview and noindex', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, newUser('preview'));
  const api = await apiAs(context.request);
  const { post } = await api.send('POST', '/api/posts', { title: 'Not yet public', body: 'Draft **words**.' });
  await page.goto(`/write/${post.slug}`);
  await page.getByRole('button', { name: 'Share a preview link' }).click();
  const url = await page.getByLabel(/Anyone with this link/).inputValue();
  expect(url).toMatch(/\/preview\/[A-Za-z0-9_-]{43}$/);

  const stranger = await browser.newContext();
  const reader = await stranger.newPage();
  const response = await reader.goto(new URL(url).pathname);
  expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await expect(reader.getByRole('note')).toHaveText(/Preview: this post is not published yet/);
  await expect(reader.getByRole('heading', { level: 1, name: 'Not yet public' })).toBeVisible();
  await expect(reader.locator('.prose strong')).toHaveText('words');
  await expect(reader.locator('meta[name="robots"]').first()).toHaveAttribute('content', 'noindex, nofollow');

  await page.getByRole('button', { name: 'Revoke link' }).click();
  await reader.reload();
  await expect(reader.getByRole('heading', { name: 'This preview link no longer works' })).toBeVisible();
  await stranger.close();
  await context.close();
});

test('two devices editing one post: the second sees both versions and keeps its own, nothing silently lost', async ({
  browser,
}) => {
  const user = newUser('devices');
  const { context, page: laptop } = await signedInContext(browser, user);
  const api = await apiAs(context.request);
  const { post } = await api.send('POST', '/api/posts', { title: 'Shared draft', body: 'Opening line.' });
  // A second browser context: another device with its own session, cookies and storage.
  const other = await browser.newContext();
  const signIn = await other.request.post('/api/auth/login', { data: { email: user.email, password: user.password } });
  expect(signIn.status(), await signIn.text()).toBe(200);
  const phone = await other.newPage();
  await laptop.goto(`/write/${post.slug}`);
  await phone.goto(`/write/${post.slug}`);
  await expect(phone.getByLabel('Body (Markdown)')).toHaveValue('Opening line.');

  await laptop.getByLabel('Body (Markdown)').fill('Written on the laptop.');
  await expect(laptop.getByText('All changes saved')).toBeVisible();
  await phone.getByLabel('Body (Markdown)').fill('Written on the phone.');
  const conflict = phone.getByRole('alert', { name: 'Edit conflict' });
  await expect(conflict).toContainText('Written on the laptop.');
  await expect(conflict).toContainText('Written on the phone.');
  // The phone's text is still in its editor while it decides: nothing was dropped.
  await expect(phone.getByLabel('Body (Markdown)')).toHaveValue('Written on the phone.');
  await phone.getByRole('button', { name: 'Keep mine' }).click();
  await expect(phone.getByText('All changes saved')).toBeVisible();
  await laptop.reload();
  await expect(laptop.getByLabel('Body (Markdown)')).toHaveValue('Written on the phone.');
  await other.close();
  await context.close();
});
