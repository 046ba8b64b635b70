/**
 * KaTeX and highlight.js are large: each is its own chunk, fetched when the first equation or
 * code block is shown (`import()`), then shared. `useLazy` re-renders its component once loaded.
 */
import { createContext, useContext, useEffect, useState } from "react";

type Math = typeof import("./math");
type Highlight = typeof import("./highlight");

let math: Promise<Math> | null = null;
let highlight: Promise<Highlight> | null = null;
let mathNow: Math | null = null;
let highlightNow: Highlight | null = null;

/** KaTeX's renderer (with its stylesheet and fonts), loaded once. */
export function loadMath(): Promise<Math> {
  return (math ??= import("./math").then((m) => (mathNow = m)));
}

/** highlight.js with Notion's code languages, loaded once. */
export function loadHighlight(): Promise<Highlight> {
  return (highlight ??= import("./highlight").then((m) => (highlightNow = m)));
}

/** The module once loaded (null until then; a load error leaves it null and the plain text shown). */
export function useLazy<T>(load: () => Promise<T>, now: () => T | null): T | null {
  const [mod, setMod] = useState<T | null>(now);
  useEffect(() => {
    if (mod) return;
    let live = true;
    load().then(
      (m) => live && setMod(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [mod, load]);
  return mod;
}

/**
 * True where code is shown plain rather than fetch highlight.js for it (a page's first paint, which
 * the editor replaces within a second: the chunk would only compete with the editor's). Code is
 * still highlighted there if the chunk is already loaded.
 */
export const PlainCodeContext = createContext(false);

/** A load that never happens (PlainCodeContext). */
const notNow = () => new Promise<never>(() => undefined);

export const useMath = () => useLazy(loadMath, () => mathNow);
export function useHighlight() {
  const plain = useContext(PlainCodeContext);
  return useLazy(plain ? notNow : loadHighlight, () => highlightNow);
}
