import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { type SeededPages, seedPages } from './seed-pages';
import { expectSignedIn, newUser, registerViaApi } from './support';

const target = process.env.E2E_TARGET === 'node' ? 'node' : 'embedded';
const directory = fileURLToPath(new URL(`../../test-results/screenshots/${target}/`, import.meta.url));
let seeded: SeededPages;

test.beforeAll(async ({ browser }) => {
  mkdirSync(directory, { recursive: true });
  seeded = await seedPages(browser);
});

for (const width of [375, 1280]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`key pages at ${width}px in ${scheme} mode`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      await registerViaApi(context.request, newUser('shot'));
      const page = await context.newPage();
      for (const [name, path] of Object.entries(seeded.paths)) {
        await page.goto(path);
        await expectSignedIn(page);
        await page
          .locator('[aria-busy="true"]')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        // Nothing may overflow sideways on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} overflows at ${width}px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${directory}${name}-${width}-${scheme}.png`, fullPage: true });
      }
      await context.close();
    });
  }
}
