import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { type MailSink, startMailSink } from '#test/mail-sink';
import { expectSignedIn, newUser, publishViaApi, registerViaApi } from './support';

// The server sends to SMTP_URL on this port (playwright.config.ts): a real SMTP server, parsed with mailparser.
let sink: MailSink;
test.beforeAll(async () => {
  sink = await startMailSink({ port: Number(process.env.E2E_SMTP_PORT) });
});
test.afterAll(async () => {
  await sink.close();
});

const pathOf = (link: string | undefined) => {
  const url = new URL(link ?? '');
  return `${url.pathname}${url.search}`;
};

test('forgot password: the link from the mail sets a new password, which signs in', async ({ browser }) => {
  const user = newUser('forgot');
  const setup = await browser.newContext();
  await registerViaApi(setup.request, user);
  await setup.close();

  const page = await browser.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await page.getByLabel('Email').fill(user.email);
  await expect(page.getByLabel('Email')).toHaveValue(user.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();

  const mail = await sink.waitFor(user.email, /Reset your/, 20_000);
  await page.goto(pathOf(mail.link));
  const newPassword = 'a brand new passphrase';
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the new password').fill('short');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByText('Password must be at least 8 characters')).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectSignedIn(page);

  // The link worked once.
  await page.goto(pathOf(mail.link));
  await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
  await page.getByLabel('Repeat the new password').fill('yet another passphrase');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await expect(page.getByRole('heading', { name: 'This reset link no longer works' })).toBeVisible();
});

test('verify an address: the banner leads to the mailed link, which confirms it', async ({ page }) => {
  const user = newUser('verify');
  await page.goto('/register');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /Sign up|Create/ }).click();
  await expectSignedIn(page);
  const banner = page.getByRole('region', { name: 'Email address not confirmed' });
  await expect(banner).toBeVisible();

  const mail = await sink.waitFor(user.email, /Confirm your email/, 20_000);
  await page.goto(pathOf(mail.link));
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page.getByText('Your address is confirmed.')).toBeVisible();
  await page.reload();
  await expectSignedIn(page);
  await expect(banner).toHaveCount(0);
});

test('unsubscribe from a notification email, without signing in', async ({ browser }) => {
  const author = newUser('unsub');
  const authorContext = await browser.newContext();
  await registerViaApi(authorContext.request, author);
  const verify = await sink.waitFor(author.email, /Confirm your email/, 20_000);
  const token = new URL(verify.link ?? '').searchParams.get('token');
  expect((await authorContext.request.post('/api/auth/verify-email', { data: { token } })).status()).toBe(204);
  const post = await publishViaApi(authorContext.request, { title: 'Mail me', body: 'Comments welcome.' });

  const reader = await browser.newContext();
  const { accessToken } = await registerViaApi(reader.request, newUser('reader'));
  const comment = await reader.request.post(`/api/posts/${post.slug}/comments`, {
    data: { body: 'Lovely post' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(comment.status()).toBe(201);

  const notification = await sink.waitFor(author.email, /commented on "Mail me"/, 20_000);
  const unsubscribe = /^<(.+)>$/.exec(notification.header('list-unsubscribe') ?? '')?.[1];
  expect(notification.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

  const anonymous = await browser.newPage();
  await anonymous.goto(pathOf(unsubscribe));
  await expect(anonymous.getByRole('heading', { name: 'Unsubscribe' })).toBeVisible();
  await anonymous.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(anonymous.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();

  const page = await authorContext.newPage();
  await page.goto('/settings');
  await expect(page.getByRole('group', { name: 'Comments on your posts' }).getByLabel('Never')).toBeChecked();
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

test('the account pages fit a 375 px screen and have no serious accessibility violations', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  await registerViaApi(context.request, newUser('small'));
  const page = await context.newPage();
  const pages: [string, string][] = [
    ['/forgot-password', 'Forgot your password?'],
    ['/reset-password?token=abc', 'Choose a new password'],
    ['/verify-email?token=abc', 'Confirm your email address'],
    ['/undo-email-change?token=abc', 'Undo the email change'],
    ['/settings', 'Settings'],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    if (path === '/settings') await expect(page.getByRole('heading', { name: 'Email notifications' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page), path).toEqual([]);
  }
  // Keyboard only: from the email field, Enter sends the form and the answer is announced.
  await page.goto('/forgot-password');
  await page.getByRole('textbox', { name: 'Email', exact: true }).focus();
  await page.keyboard.type('nobody-home@example.com');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'nobody-home@example.com' })).toBeVisible();
  await context.close();
});

test('sign out everywhere ends the other device’s session; deleting the account needs the password', async ({
  browser,
}) => {
  const user = newUser('every');
  const laptop = await browser.newContext();
  await registerViaApi(laptop.request, user);
  const phone = await browser.newContext();
  const login = await phone.request.post('/api/auth/login', { data: { email: user.email, password: user.password } });
  expect(login.status()).toBe(200);

  const page = await laptop.newPage();
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/login/);
  const phonePage = await phone.newPage();
  await phonePage.goto('/settings');
  await expect(phonePage).toHaveURL(/\/login\?next=%2Fsettings/);

  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectSignedIn(page);
  await page.goto('/settings');
  const deletion = page.getByRole('form', { name: 'Delete your account' });
  await deletion.getByLabel('Password').fill('not my password');
  await deletion.getByRole('button', { name: 'Delete my account' }).click();
  await expect(deletion.getByText('Current password is incorrect')).toBeVisible();
  await deletion.getByLabel('Password').fill(user.password);
  await deletion.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('Your account was deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await sink.waitFor(user.email, /account was deleted/, 20_000);
});

/** Focuses `first`, then presses Tab and expects focus on each of `rest` in turn, each scrolled into view. */
async function expectTabOrder(page: Page, [first, ...rest]: Locator[]) {
  await first?.focus();
  await expect(first as Locator).toBeFocused();
  for (const next of rest) {
    await page.keyboard.press('Tab');
    await expect(next).toBeFocused();
    await expect(next).toBeInViewport();
  }
}

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('at 375 px every account page is worked by keyboard alone, its controls in reading order', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const user = newUser('keys');
  await registerViaApi(context.request, user);
  const page = await context.newPage();

  await page.goto('/forgot-password');
  await expectTabOrder(page, [
    page.getByRole('textbox', { name: 'Email', exact: true }),
    page.getByRole('button', { name: 'Send the link', exact: true }),
  ]);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

  await page.goto('/reset-password?token=abc');
  await expectTabOrder(page, [
    page.getByLabel('New password', { exact: true }),
    page.getByLabel('Repeat the new password'),
    page.getByRole('button', { name: 'Set the password' }),
  ]);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

  // From the top of the page, Tab reaches the one action, and Enter presses it.
  await page.goto('/verify-email?token=abc');
  const confirm = page.getByRole('button', { name: 'Confirm my address' });
  await expect(confirm).toBeVisible();
  for (let presses = 0; presses < 30 && !(await confirm.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

  await page.goto('/settings');
  const replies = page.getByRole('group', { name: 'Replies to your comments' });
  const comments = page.getByRole('group', { name: 'Comments on your posts' });
  const deletion = page.getByRole('form', { name: 'Delete your account' });
  // Tab enters each radio group at its checked choice and leaves it for the next control.
  await expectTabOrder(page, [
    replies.getByLabel('Right away'),
    comments.getByLabel('Right away'),
    page.getByLabel('Digest hour'),
    page.getByLabel('Time zone'),
    page.getByRole('button', { name: 'Save email settings' }),
    page.getByRole('button', { name: 'Sign out everywhere' }),
    page.getByRole('button', { name: 'Download your data' }),
    deletion.getByLabel('Password'),
    deletion.getByRole('button', { name: 'Delete my account' }),
  ]);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

  // Arrow keys choose within a group; Space on the button saves.
  await replies.getByLabel('Right away').focus();
  await page.keyboard.press('ArrowDown');
  await expect(replies.getByLabel('In a daily digest')).toBeChecked();
  await page.getByRole('button', { name: 'Save email settings' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByText('Email settings saved.')).toBeVisible();
  await page.reload();
  await expect(replies.getByLabel('In a daily digest')).toBeChecked();

  await page.getByRole('button', { name: 'Download your data' }).focus();
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toBe(`${user.username}-export.json`);

  // Enter in the password field sends the deletion form; an empty one is a field error, not a request.
  await deletion.getByLabel('Password').focus();
  await page.keyboard.press('Enter');
  await expect(deletion.getByText('Enter your password to delete the account')).toBeVisible();
  await context.close();
});
