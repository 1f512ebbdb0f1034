import { expect, test } from '@playwright/test';
import { expectSignedIn, newUser, registerViaApi } from './support';

test('two tabs refreshing at the same time both stay signed in', async ({ context }) => {
  await registerViaApi(context.request, newUser('tabs'));
  const first = await context.newPage();
  const second = await context.newPage();
  for (let round = 0; round < 3; round++) {
    await Promise.all([first.goto('/'), second.goto('/')]);
    await Promise.all([expectSignedIn(first), expectSignedIn(second)]);
  }
  // Had a refresh token been presented twice, the server would have revoked the family by now.
  const third = await context.newPage();
  await third.goto('/settings');
  await expect(third.getByRole('heading', { name: 'Settings' })).toBeVisible();
});

test('logging out ends the session in every tab', async ({ context }) => {
  const user = newUser('bye');
  await registerViaApi(context.request, user);
  const page = await context.newPage();
  const other = await context.newPage();
  await page.goto('/');
  await other.goto('/');
  await expectSignedIn(page);
  await page.getByRole('button', { name: `Account menu for ${user.username}` }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await other.reload();
  await expect(other.getByRole('link', { name: 'Log in' })).toBeVisible();
  await other.goto('/drafts');
  await expect(other).toHaveURL(/\/login\?next=%2Fdrafts/);
});

test('logging in through the form returns to the page that asked', async ({ page }) => {
  const user = newUser('back');
  await registerViaApi(page.request, user);
  await page.request.post('/api/auth/logout');
  await page.goto('/notifications');
  await expect(page).toHaveURL(/\/login\?next=%2Fnotifications/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
});
