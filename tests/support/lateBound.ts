/**
 * A stand-in for a value that a `beforeAll` hook creates later: property reads (and method calls, bound to the
 * value) and spreads go to the value once it exists, so a test file can name it at the top, where hooks are registered.
 * Reading it before the hook ran throws, naming `what`.
 *
 * @example
 * ```ts
 * let server: RedisServer | undefined;
 * beforeAll(async () => { server = await startRedisServer() });
 * const redis = lateBound('the redis-server', () => server); // redis.url works inside tests
 * ```
 */
export function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`${what} is not started yet: use it inside a test or a hook`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value = target();
      const property = Reflect.get(value, key, value);
      return typeof property === 'function' ? property.bind(value) : property;
    },
    has: (_, key) => Reflect.has(target(), key),
    // So that `{ ...value }` copies the value's own fields, as it would without the stand-in.
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  });
}
