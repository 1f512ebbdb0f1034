import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';

/** JSON bodies are small; uploads get their own, larger limit on the media route. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', `Request body exceeds ${maxSize} bytes`);
    },
  });
