import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// The config is evaluated again in every worker: the first evaluation picks the port and data
// directory and leaves them in the environment, which the workers inherit.
function freePort(): string {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}
process.env.E2E_PORT ??= freePort();
// The SMTP sink account-mail.spec.ts listens on; until it does, the server's queue retries.
process.env.E2E_SMTP_PORT ??= freePort();
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'edgepress-e2e-'));
// Where `partykit dev` listens on the edge target; browsers join rooms there, as on PartyKit.
process.env.E2E_ROOMS_PORT ??= freePort();
// Its own build: web/dist is shared with everyone working in this tree, and a rebuild there
// mid-run would swap the chunk names under the running pages. scripts/test-e2e.ts makes it once
// for the targets it runs (E2E_WEB_DIST); run alone, Playwright makes one before starting the target.
const prebuilt = process.env.E2E_WEB_DIST;
const webDist = prebuilt ?? join(process.env.E2E_DATA_DIR, 'web-dist');
const buildWeb = (env: string) =>
  prebuilt
    ? ''
    : `${env}npx vite build --config web/vite.config.ts --outDir ${webDist} --emptyOutDir --logLevel warn && `;

const port = process.env.E2E_PORT;
const roomsUrl = `http://127.0.0.1:${process.env.E2E_ROOMS_PORT}`;
/**
 * `embedded` (npm start: PGlite, in-process rooms), `node` (the self-host entry on Postgres and
 * Redis), `nginx` (that entry behind the project's nginx config, over HTTPS) or `edge` (`wrangler
 * dev` with the assets, `partykit dev` and the local proxies, as `npm run dev:edge` runs them).
 */
const targets = ['embedded', 'node', 'nginx', 'edge'] as const;
type Target = (typeof targets)[number];
const target: Target = targets.find((name) => name === process.env.E2E_TARGET) ?? 'embedded';
const baseURL =
  process.env.E2E_BASE_URL ?? (target === 'nginx' ? `https://127.0.0.1:${port}` : `http://127.0.0.1:${port}`);
const startCommand: Record<Target, string> = {
  embedded: `${buildWeb('')}npm start`,
  node: `${buildWeb('')}tsx web/e2e/start-node-target.ts`,
  nginx: `${buildWeb('')}tsx web/e2e/start-nginx-target.ts`,
  // The build a deployment makes: it names the rooms' origin (PartyKit's; here partykit dev).
  edge: `${buildWeb(`VITE_REALTIME_URL=${roomsUrl} `)}tsx web/e2e/start-edge-target.ts`,
};

export default defineConfig({
  testDir: '.',
  outputDir: `../../test-results/e2e-${target}`,
  fullyParallel: false,
  // One embedded process on PGlite (a single connection) and two cores: parallel browsers only add noise.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: `../../test-results/e2e-report-${target}`, open: 'never' }]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    // nginx's certificate is self-signed.
    ignoreHTTPSErrors: target === 'nginx',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium; browsers are never downloaded.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        // Build first so the server never serves a stale bundle.
        command: startCommand[target],
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        url: `${baseURL}/api/health`,
        ignoreHTTPSErrors: target === 'nginx',
        timeout: 240_000,
        reuseExistingServer: false,
        gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
          HOST: '127.0.0.1',
          PORT: port,
          DATA_DIR: process.env.E2E_DATA_DIR,
          WEB_DIST: webDist,
          MEDIA_DIR: join(process.env.E2E_DATA_DIR, 'media'),
          SEED_DEMO: 'off',
          SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
          LOG_LEVEL: 'warn',
          // The suite signs up a score of readers from one address in about a minute, more than
          // production's 20 per minute per address allows (that limit has its own tests).
          RATE_LIMIT_REGISTER_IP: '200/60',
        },
      },
});
