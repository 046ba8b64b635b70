/** What every screen of a workspace reads: the API client as the signed-in person, and the session. */
import { createContext, useContext } from "react";
import type { Api } from "./api";

export const ApiContext = createContext<Api | null>(null);

/** The current workspace's client (only inside the shell). */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside a workspace");
  return api;
}
