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
  'worker/src/routes/auth/password-reset.test.ts: takes the same time for an address with and without an account':
    'the Worker answers before the lookup too (mail.later), but its latency through Miniflare includes the isolate’s concurrent work: 24 ms apart at load 20 on 2 cores, over the 5 ms the test allows',
  'worker/src/routes/media/media.test.ts: answers 401 to an anonymous upload':
    'the Worker answers before reading the upload; through Miniflare’s HTTP hop the unread body ends the connection (EPIPE) before the client reads the 401',
  'worker/src/routes/media/media.test.ts: answers 413 to a declared Content-Length over the limit without reading the body':
    'a body shorter than its Content-Length cannot be sent over a real connection (undici refuses it); in process the app sees the header alone',
  'worker/src/routes/media/media.test.ts: stops reading an endless upload at the limit':
    'the test counts bytes the app pulls; over a real connection the client pushes into socket buffers whatever the Worker reads',
  'worker/src/pages/reader-pages.test.ts: names the site as configured in every head, feed title and link preview':
    'builds a second in-process app with another site name; the Worker of a file has one configuration',
};

/**
 * `/api/health`'s Redis check per engine: the Worker runs on Upstash (production refuses to start without
 * it), while the Node engines' test deps have no Redis, which the check reports as absent.
 */
export const redisHealth = { PGlite: 'absent', Postgres: 'absent', workerd: 'ok' } as const;
