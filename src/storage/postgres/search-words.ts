/**
 * Words of titles and queries as the PostgreSQL search index keeps them: runs of letters,
 * digits and marks (FTS5's unicode61 token characters, as src/storage/sqlite-search.ts splits a
 * query), with accents removed (NFD, marks dropped: FTS5's `remove_diacritics 2` for the scripts
 * it knows) and lower-cased. Folding happens here, in JS, so no PostgreSQL dictionary, locale
 * or extension decides what a word is.
 */

/** A word: letters, digits, marks, private-use characters. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
/** Words of a query that take part in matching; the rest is ignored (as in SQLite). */
const MAX_WORDS = 16;

/** One word folded: accents off, lower case. */
function fold(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The folded words of a title, in order (duplicates kept: they count in the score). */
export function titleWords(title: string): string[] {
  return (title.match(WORD) ?? []).map(fold).filter((w) => w !== "");
}

/** The folded words of a query that take part in matching. */
export function queryWords(text: string): string[] {
  return (text.match(WORD) ?? []).slice(0, MAX_WORDS).map(fold).filter((w) => w !== "");
}
