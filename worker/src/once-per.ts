/**
 * Makes `make(key)` once per key object and hands out the same value after: a prepared statement
 * per database (built by drizzle and parsed by the server once, not per request), a batcher that
 * must see every caller of one cache, a key imported once per secret. Values go with their key.
 */
export function oncePer<Key extends object, Value>(make: (key: Key) => Value): (key: Key) => Value {
  const made = new WeakMap<Key, Value>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
