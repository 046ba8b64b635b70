/** Values between records and PostgreSQL columns: JSON kept as text, absent as null. */

/** JSON text for a `text` column, or null. */
export const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** A `text` JSON column read back (null stays null). */
export const parse = <T>(v: unknown): T => (v === null || v === undefined ? (null as T) : (JSON.parse(v as string) as T));

/**
 * `{ items, next }` from `limit + 1` rows: the extra row's id is the cursor of the next page.
 * The same paging rule as the SQLite adapter's.
 */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { items: T[]; next: string | null } {
  const next = rows.length > limit ? rows.pop()!.id : null;
  return { items: rows, next };
}
