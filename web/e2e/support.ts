import { crc32, deflateSync } from 'node:zlib';
import { type APIRequestContext, type Browser, type BrowserContext, expect, type Page } from '@playwright/test';

export interface TestUser {
  email: string;
  username: string;
  password: string;
}

let counter = 0;

/** A user no other test (or earlier run on the same data) has taken. */
export function newUser(prefix = 'u'): TestUser {
  const id = `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`.slice(0, 30);
  return { email: `${id}@example.com`, username: id, password: 'correct horse battery staple' };
}

/** Registers through the API; the refresh cookie lands in the context, so pages load signed in. */
export async function registerViaApi(request: APIRequestContext, user: TestUser) {
  const response = await request.post('/api/auth/register', { data: user });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { user: { id: string }; accessToken: string };
}

export async function signedInContext(
  browser: Browser,
  user: TestUser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await registerViaApi(context.request, user);
  const page = await context.newPage();
  return { context, page };
}

/** Waits until the header shows the signed-in state (the silent refresh finished). */
export async function expectSignedIn(page: Page) {
  await expect(page.getByRole('link', { name: 'Write' })).toBeVisible();
}

/** Creates and publishes a post over the API, as the signed-in user of `request`. */
export async function publishViaApi(
  request: APIRequestContext,
  post: { title: string; body: string; tags?: string[] },
) {
  const refresh = await request.post('/api/auth/refresh');
  const { accessToken } = (await refresh.json()) as { accessToken: string };
  const response = await request.post('/api/posts', {
    data: { ...post, status: 'published' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { post: { id: string; slug: string } }).post;
}

/** A small valid PNG (a two-colour gradient), built here so the suite needs no fixture files. */
export function pngImage(width = 64, height = 40): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++)
      row.set([Math.round((x / width) * 255), 120, Math.round((y / height) * 255)], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
