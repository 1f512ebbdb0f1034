import { expect, test } from '@playwright/test';
import { expectSignedIn, newUser, publishViaApi, signedInContext } from './support';

test('a reader’s presence, typing, comment and like reach the author live, with a notification', async ({
  browser,
}) => {
  const authorUser = newUser('author');
  const readerUser = newUser('reader');
  const author = await signedInContext(browser, authorUser);
  const post = await publishViaApi(author.context.request, { title: 'Live post', body: 'Say something.' });
  await author.page.goto(`/p/${post.slug}`);
  await expectSignedIn(author.page);
  await expect(author.page.getByTestId('likes-count')).toHaveText('0');

  const reader = await signedInContext(browser, readerUser);
  await reader.page.goto(`/p/${post.slug}`);
  await expectSignedIn(reader.page);
  await expect(author.page.getByText('2 people reading now')).toBeVisible();

  await reader.page.getByLabel('Add a comment').fill('Lovely');
  await expect(author.page.getByText(`${readerUser.username} is typing…`)).toBeVisible();
  await reader.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(author.page.getByText('Lovely')).toBeVisible();
  await expect(author.page.getByTestId('unread-count')).toHaveText('1');

  await reader.page.getByRole('button', { name: /0 likes/ }).click();
  await expect(author.page.getByTestId('likes-count')).toHaveText('1');

  await author.page.getByRole('link', { name: /Notifications, \d+ unread/ }).click();
  await expect(author.page.getByText(/commented on/)).toBeVisible();
  await expect(author.page.getByText(/liked/)).toBeVisible();
  await author.page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(author.page.getByTestId('unread-count')).toHaveCount(0);

  await reader.context.close();
  await author.context.close();
});

test('a page that lost its connection catches up when it comes back', async ({ browser }) => {
  const author = await signedInContext(browser, newUser('author'));
  // Keep a handle on every socket the page opens, so the test can cut them.
  await author.context.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
  const post = await publishViaApi(author.context.request, { title: 'Catch-up post', body: 'Gaps.' });
  await author.page.goto(`/p/${post.slug}`);
  await expectSignedIn(author.page);

  const reader = await signedInContext(browser, newUser('reader'));
  await reader.page.goto(`/p/${post.slug}`);
  await expect(author.page.getByText('2 people reading now')).toBeVisible();
  await reader.page.getByLabel('Add a comment').fill('Before the drop');
  await reader.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(author.page.getByText('Before the drop')).toBeVisible();

  // partysocket waits at least a second before reconnecting: the next comment lands in that gap,
  // and only the `sync` after the reconnect can deliver it.
  await author.page.evaluate(() => {
    for (const socket of (window as unknown as { __sockets: WebSocket[] }).__sockets) socket.close();
  });
  await reader.page.getByLabel('Add a comment').fill('During the gap');
  await reader.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(author.page.getByText('During the gap')).toBeVisible();
  await reader.context.close();
  await author.context.close();
});
