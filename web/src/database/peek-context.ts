/** How a view opens a row in its side peek (SidePeek.tsx); null outside a database view, where row titles link to the row's page. */
import { createContext, useContext } from "react";
import type { Json } from "../api";

const PeekContext = createContext<((row: Json) => void) | null>(null);

/** Opens a row in the view's side peek, or null when there is none. */
export function usePeek(): ((row: Json) => void) | null {
  return useContext(PeekContext);
}

/** Given by a view's body to the layouts below it. */
export const PeekProvider = PeekContext.Provider;
