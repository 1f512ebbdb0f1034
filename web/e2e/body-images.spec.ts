import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectSignedIn, newUser, pngImage, signedInContext } from './support';

const uploaded = String.raw`!\[\]\(\/media\/[0-9a-f]{64}\.png\)`;

/** Holds every upload until the returned function is called, so the placeholder can be seen where it stands. */
async function holdUploads(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/api/media', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Drops a file on `target` as a desktop file manager would: dragover, then drop with the file in its DataTransfer. */
async function dropFile(page: Page, target: Locator, file: { name: string; type: string; bytes: Buffer }) {
  const transfer = await page.evaluateHandle(
    ({ name, type, base64 }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      return data;
    },
    { name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

async function newDraft(page: Page, title: string, body: string) {
  await page.goto('/write');
  await expectSignedIn(page);
  await page.getByLabel('Title').fill(title);
  const field = page.getByLabel('Body (Markdown)');
  await field.fill(body);
  await expect(page.getByText('All changes saved')).toBeVisible();
  return field;
}

test('the image button uploads at the cursor with progress there, asks for alt text, and publishing without it asks first', async ({
  browser,
}) => {
  const { context, page } = await signedInContext(browser, newUser('button'));
  const body = await newDraft(page, 'Button photo', 'First paragraph.\nSecond paragraph.');
  await body.evaluate((textarea: HTMLTextAreaElement) => textarea.setSelectionRange(16, 16));

  const release = await holdUploads(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('Insert image', { exact: true }).click();
  await (await chooser).setFiles({ name: 'button.png', mimeType: 'image/png', buffer: pngImage(1200, 800) });
  // While it uploads, the progress stands where the image will be, between the two lines.
  await expect(body).toHaveValue(
    /^First paragraph\.\n\n!\[Uploading button\.png… \d{1,3}%\]\(uploading:[0-9a-f]{8}\)\n\nSecond paragraph\.$/,
  );
  release();
  await expect(body).toHaveValue(new RegExp(`^First paragraph\\.\\n\\n${uploaded}\\n\\nSecond paragraph\\.$`));
  await expect(page.getByRole('region', { name: 'Images without alt text' })).toBeVisible();
  await expect(page.getByText('All changes saved')).toBeVisible();

  const dialogs: string[] = [];
  page.once('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect.poll(() => dialogs).toEqual(['An image has no alt text. Publish anyway?']);
  await expect(page).toHaveURL(/\/write\//);

  await page.getByLabel('Alt text for image 1').fill('A gradient from the button');
  await page.getByRole('button', { name: 'Set alt text' }).click();
  await expect(page.getByRole('region', { name: 'Images without alt text' })).toHaveCount(0);
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page).toHaveURL(/\/p\/button-photo/);
  expect(dialogs).toHaveLength(1);
  const image = page.locator('.prose img');
  await expect(image).toHaveAttribute('alt', 'A gradient from the button');
  await expect(image).toHaveAttribute('srcset', /\.webp 480w, .*\.webp 960w$/);
  await expect(image).toHaveAttribute('width', '960');
  await expect(image).toHaveAttribute('height', '640');
  await context.close();
});

test('an image dropped on the body lands at the cursor; a failed upload (not an image, too large) leaves nothing', async ({
  browser,
}) => {
  const { context, page } = await signedInContext(browser, newUser('drop'));
  const body = await newDraft(page, 'Dropped photo', 'Top.\nBottom.');
  await body.evaluate((textarea: HTMLTextAreaElement) => textarea.setSelectionRange(4, 4));
  await dropFile(page, body, { name: 'dropped.png', type: 'image/png', bytes: pngImage(800, 600) });
  await expect(body).toHaveValue(new RegExp(`^Top\\.\\n\\n${uploaded}\\n\\nBottom\\.$`));
  const withImage = await body.inputValue();

  // A file that is not an image is named in a toast and left out of the text.
  await dropFile(page, body, { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('just words') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt: only images' })).toBeVisible();
  await expect(page).toHaveURL(/\/write/);
  await expect(body).toHaveValue(withImage);

  // Bytes that claim to be a PNG: the server refuses them (415) and the placeholder goes away.
  const release = await holdUploads(page);
  await dropFile(page, body, { name: 'fake.png', type: 'image/png', bytes: Buffer.from('not a picture at all') });
  await expect(body).toHaveValue(/!\[Uploading fake\.png… \d{1,3}%\]\(uploading:[0-9a-f]{8}\)/);
  release();
  await expect(page.getByRole('alert').filter({ hasText: 'fake.png:' })).toBeVisible();
  await expect(body).toHaveValue(withImage);

  // Over the 5 MiB upload limit: 413, and again nothing stays behind.
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('Insert image', { exact: true }).click();
  const huge = Buffer.concat([pngImage(64, 40), Buffer.alloc(5 * 1024 * 1024 + 1)]);
  await (await chooser).setFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
  await expect(page.getByRole('alert').filter({ hasText: 'huge.png:' })).toBeVisible();
  await expect(body).toHaveValue(withImage);
  await expect(page.getByText('All changes saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue(withImage);
  await context.close();
});
