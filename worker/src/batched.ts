// workerd may lack setImmediate; there each request has its own deps, so batches are per request.
const nextTurn: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

/**
 * Turns a function over many inputs into one over a single input: calls made in the same turn of the
 * event loop are gathered and `run` once with all of their inputs, on the next turn. Under load many
 * requests reach the same step together, so one statement does the work of several (the way a
 * database's group commit does); a lone call pays one event-loop turn.
 *
 * `run` must answer one output per input, in order. When it throws, every call of that batch fails.
 */
export function batched<In, Out>(run: (inputs: In[]) => Promise<Out[]>): (input: In) => Promise<Out> {
  let pending: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];

  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const outputs = await run(batch.map((call) => call.input));
      if (outputs.length !== batch.length) throw new Error(`batch answered ${outputs.length} of ${batch.length}`);
      for (const [i, call] of batch.entries()) call.resolve(outputs[i] as Out);
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  };

  return (input) =>
    new Promise<Out>((resolve, reject) => {
      if (pending.length === 0) nextTurn(() => void flush());
      pending.push({ input, resolve, reject });
    });
}

/**
 * One call of `read` shared by everyone who asks in the same turn. Each caller still gets an answer
 * read after it asked: a write that finished before the ask is seen.
 */
export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  const ask = batched(async (askers: null[]) => {
    const value = await read();
    return askers.map(() => value);
  });
  return () => ask(null);
}
