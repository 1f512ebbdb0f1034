import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { type SeededPages, seedPages } from './seed-pages';
import { expectSignedIn, newUser, registerViaApi } from './support';

let seeded: SeededPages;

test.beforeAll(async ({ browser }) => {
  seeded = await seedPages(browser);
});

for (const name of ['home', 'post', 'editor', 'profile', 'search'] as const) {
  test(`the ${name} page has no serious or critical accessibility violations`, async ({ page }) => {
    await registerViaApi(page.request, newUser('axe'));
    await page.goto(seeded.paths[name]);
    await expectSignedIn(page);
    await page
      .locator('[aria-busy="true"]')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await expect(page.getByRole('main')).not.toBeEmpty();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
    expect(serious).toEqual([]);
  });
}
