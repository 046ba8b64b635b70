/**
 * Numbered lists as Notion's app numbers them: a run of numbered items counts from 1 (or the
 * first item's `list_start_index`) and restarts after any other block; the run's first item's
 * `list_format` (numbers, letters, roman) overrides the format its depth gives (lists.tsx).
 */
/** A Notion object as JSON (kept local: test/web-blocks-units.test.ts imports this file under Node). */
type Json = Record<string, any>;

export const NUMBERED = "numbered_list_item";
export interface ListNumber {
  value: number;
  /** The format of the run: numbers, letters or roman (undefined: by depth). */
  format?: string;
}

/** For each numbered item among `blocks` (by index), its number and its run's format. */
export function numberedRuns(blocks: Json[]): Map<number, ListNumber> {
  const out = new Map<number, ListNumber>();
  let next = 1;
  let format: string | undefined;
  blocks.forEach((b, i) => {
    if (b.type !== NUMBERED) return;
    if (i === 0 || blocks[i - 1].type !== NUMBERED) {
      const first: Json = b[NUMBERED] ?? {};
      next = Number.isInteger(first.list_start_index) && first.list_start_index >= 1 ? first.list_start_index : 1;
      format = first.list_format;
    }
    out.set(i, { value: next++, format });
  });
  return out;
}

/** `n` in a list format: 3 → "3", "c", "iii". */
export function listLabel(n: number, format: string): string {
  if (format === "letters") {
    let s = "";
    for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
    return s;
  }
  if (format === "roman") {
    const table: [number, string][] = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
    let s = "";
    let k = n;
    for (const [v, r] of table) while (k >= v) (s += r), (k -= v);
    return s;
  }
  return String(n);
}

