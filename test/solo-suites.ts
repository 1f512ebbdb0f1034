/**
 * Node suites that run one file at a time, after every other file (vitest.config.ts): they assert
 * wall-clock bounds (latencies, recovery times, timing ratios) or stop, freeze and kill servers of
 * their own, so files running beside them on two cores would test the machine's load, not the code.
 * Everything else runs several files at a time. test/solo-suites.test.ts checks that each file exists.
 */
export const soloSuites = [
  // Own PostgreSQL cluster and redis-server, killed and restarted: recovery within 1 s, p99 bounds.
  'test/fault/fault-drills.test.ts',
  // The same drills under the Worker in workerd: writes back within 3 s of a restart.
  'test/fault/workerd-outages.test.ts',
  // Redis frozen with SIGSTOP: signed-out read p99 under 200 ms and within 3× normal.
  'worker/src/adapters/redis/redis-frozen.test.ts',
  // Answers within Redis's timeout + 700 ms while it stalls, then at once (< 50 ms) once it is known down.
  'worker/src/adapters/redis/redis-outage.test.ts',
  'worker/src/adapters/redis/redis-outage-app.test.ts',
  // Two realtime instances counting readers together through the shared Redis; timed out under parallel load.
  'realtime/test/redis-instances.test.ts',
  // Two isolates' copies retired within the version check + 1 s.
  'test/edge/cache-across-isolates.test.ts',
  // Every answer under contention within half the deadlock timeout.
  'worker/src/routes/posts/lock-order.test.ts',
  // Two refreshes of one token must overlap to be a race (one wins, one loses); on a loaded machine the
  // second can start after the first committed, which is a reuse and revokes the winner too.
  'worker/src/services/auth/auth-services.test.ts',
  // The ratio of two argon2id timings (unknown email vs wrong password) within 0.6–1.6.
  'worker/src/services/auth/password-hashing.test.ts',
];
