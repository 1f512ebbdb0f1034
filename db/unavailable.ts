/**
 * Whether an error means the database could not be reached or went away mid-query, rather than that
 * the query was wrong: the server refused, reset or timed out the connection, is shutting down or
 * starting (57P01–57P03), ran out of connections (53300), cancelled a statement on a timeout
 * (57014), or the driver lost the socket. Such a request can succeed unchanged a moment later, so it
 * answers 503 with Retry-After; anything else is a bug and stays a 500. Drivers and drizzle wrap the
 * cause, so the whole chain is searched.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && lostConnection.test(message)) return true;
  }
  return false;
}

const unavailableCodes = new Set([
  // Node's socket errors.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  // PostgreSQL: admin/crash shutdown, cannot connect now, too many connections, statement timeout.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
]);

// node-postgres and neon report a lost or never-made connection only in the message.
const lostConnection =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end|WebSocket/i;
