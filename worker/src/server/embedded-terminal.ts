import { createWriteStream, type WriteStream } from 'node:fs';
import { createJsonLogger, type LogLevel } from '../adapters/shared/json-logger';
import type { Logger } from '../ports';

export interface EmbeddedLog {
  logger: Logger;
  /** One short line on the terminal for a start step, with the time it took. */
  step(text: string, since?: number): void;
  close(): Promise<void>;
}

/**
 * `npm start` is for a person at a terminal: it shows one line per start step and the demo
 * accounts, while the JSON log (a line per request at `info`) goes to a file under DATA_DIR.
 * Warnings and errors are shown on the terminal as well, since someone should see them.
 */
export function createEmbeddedLog(path: string, level: LogLevel): EmbeddedLog {
  const file: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  const toFile = createJsonLogger(level, (line) => file.write(`${line}\n`));
  const toTerminal = createJsonLogger('warn', (line) => console.error(line));
  const logger: Logger = {
    debug: toFile.debug,
    info: toFile.info,
    warn: (msg, fields) => {
      toFile.warn(msg, fields);
      toTerminal.warn(msg, fields);
    },
    error: (msg, fields) => {
      toFile.error(msg, fields);
      toTerminal.error(msg, fields);
    },
  };
  return {
    logger,
    step(text, since) {
      console.log(since === undefined ? text : `${text} (${((performance.now() - since) / 1000).toFixed(1)} s)`);
    },
    close: () => new Promise((resolve) => file.end(resolve)),
  };
}
