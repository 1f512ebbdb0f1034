/**
 * Shares one call of `read` among everyone who asks before it is issued. The call is issued on the
 * next turn of the event loop, so requests that arrive together pay for one round trip, and each
 * caller still gets an answer read after it asked: a write that finished before the ask is seen.
 */
export function coalescedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let next: Promise<T> | undefined;
  return () => {
    next ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        next = undefined;
        read().then(resolve, reject);
      });
    });
    return next;
  };
}
