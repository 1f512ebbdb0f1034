import { expect, test } from '@playwright/test';
import { expectSignedIn, newUser, pngImage, signedInContext } from './support';

test('an author registers, writes a post with a cover, publishes it, and a follower sees it in their feed', async ({
  page,
  browser,
}) => {
  const author = newUser('author');
  const title = `Gardens in winter ${author.username}`;

  await page.goto('/register');
  await page.getByLabel('Email').fill(author.email);
  await page.getByLabel('Username').fill(author.username);
  await page.getByLabel('Password').fill(author.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectSignedIn(page);

  await page.getByRole('link', { name: 'Write' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Body (Markdown)').fill('Frost on the **beds**.\n\n- kale\n- leeks');
  await expect(page.getByRole('region', { name: 'Preview' }).locator('strong')).toHaveText('beds');
  await page.getByLabel('Tags').fill('gardening');
  await page.getByLabel('Tags').press('Enter');
  await page
    .getByLabel('Upload an image')
    .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: pngImage() });
  await page.getByLabel(/Alt text/).fill('A frosty gradient');
  await expect(page.getByRole('img', { name: 'A frosty gradient' })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();
  await expect(page).toHaveURL(/\/write\/[a-z0-9-]+$/);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page).toHaveURL(/\/p\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const cover = page.getByRole('img', { name: 'A frosty gradient' });
  await expect(cover).toBeVisible();
  expect(await cover.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await expect(page.getByText('1 min read')).toBeVisible();
  await expect(page.getByRole('link', { name: '#gardening' })).toBeVisible();

  const reader = await signedInContext(browser, newUser('reader'));
  await reader.page.goto('/');
  await expect(reader.page.getByRole('link', { name: title })).toBeVisible();
  await reader.page.goto(`/@${author.username}`);
  await reader.page.getByRole('button', { name: 'Follow' }).click();
  await expect(reader.page.getByRole('button', { name: 'Following' })).toBeVisible();
  await reader.page.getByRole('link', { name: 'Feed' }).click();
  await expect(reader.page.getByRole('link', { name: title })).toBeVisible();
  await reader.context.close();
});
