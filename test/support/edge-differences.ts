/**
 * Contract tests that do not run in workerd, keyed `<file>: <test name>`, each with why. Everything else in
 * the contract suites is asserted identically on every engine; test/support/workerd-setup.ts skips these in
 * the workerd project with the reason shown, and test/contract-suites.test.ts checks each still names a test.
 */
export const edgeDifferences: Record<string, string> = {
  'worker/src/routes/auth/auth.test.ts: marks the cookie Secure when the public URL is https':
    'builds a second in-process app with another PUBLIC_URL; the Worker of a file has one configuration',
  'worker/src/pages/reader-pages.test.ts: still serves the app, with the build’s head, when the database cannot be reached':
    'builds an in-process app over a database that throws; a real outage in workerd needs a database it can lose (the outage suite)',
  'worker/src/pages/reader-pages.test.ts: names the site as configured in every head, feed title and link preview':
    'builds a second in-process app with another site name; the Worker of a file has one configuration',
};

/**
 * `/api/health`'s Redis check per engine: the Worker runs on Upstash (production refuses to start without
 * it), while the Node engines' test deps have no Redis, which the check reports as absent.
 */
export const redisHealth = { PGlite: 'absent', Postgres: 'absent', workerd: 'ok' } as const;
