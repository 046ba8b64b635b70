/**
 * Maps keyed by what users write (property and option names, markdown attributes, formula
 * words): without a prototype, `__proto__`, `constructor` or `toString` are ordinary keys there
 * (Notion allows any property name), never Object.prototype's members.
 */

/** An empty map with no prototype, for keys that come from a request. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A frozen lookup table indexed by user input: only its own entries answer. */
export function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(dict<T>(), entries));
}
