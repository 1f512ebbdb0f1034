import type { LogFields, Logger } from '#worker/ports';

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

// Belt and braces: even if a caller passes one of these by mistake, it is not written.
const secretKeys = /pass(word)?|secret|token|authorization|cookie/i;

function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = secretKeys.test(key) ? '[redacted]' : value;
  }
  return out;
}

/** Writes one JSON object per line through `write` (console.log on every runtime by default). */
export function createJsonLogger(minLevel: LogLevel = 'info', write: (line: string) => void = console.log): Logger {
  const emit =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      if (levels[level] < levels[minLevel]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...scrub(fields) }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
