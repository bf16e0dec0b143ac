/**
 * Drops `undefined` members, so optional fields end up absent rather than present-and-undefined (what
 * `exactOptionalPropertyTypes` users expect, and what `JSON.stringify` would do anyway).
 */
export function withoutUndefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
} {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as never;
}
