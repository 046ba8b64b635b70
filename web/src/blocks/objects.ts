/**
 * Pages, databases and users that content points at (mentions, child pages, links to pages),
 * read once per workspace client and shared by every block that shows them. A miss (404: not
 * shared with this person, or gone) is remembered as null.
 */
import { useEffect, useState } from "react";
import type { Api, Json } from "../api";
import { useApi } from "../context";

export type ObjectKind = "page" | "database" | "user" | "block" | "data_source";

const PATHS: Record<ObjectKind, string> = { page: "/pages/", database: "/databases/", user: "/users/", block: "/blocks/", data_source: "/data_sources/" };
const caches = new WeakMap<Api, Map<string, Promise<Json | null>>>();

/** One object, read through /v1 at most once per client (null when it cannot be read). */
export function readObject(api: Api, kind: ObjectKind, id: string): Promise<Json | null> {
  let cache = caches.get(api);
  if (!cache) caches.set(api, (cache = new Map()));
  const key = `${kind}:${id}`;
  let found = cache.get(key);
  if (!found) {
    found = api.v1<Json>("GET", `${PATHS[kind]}${id}`).catch(() => null);
    cache.set(key, found);
  }
  return found;
}

/** The object once read: undefined while loading, null when it cannot be read. */
export function useObject(kind: ObjectKind, id: string | null | undefined): Json | null | undefined {
  const api = useApi();
  const [value, setValue] = useState<Json | null | undefined>(undefined);
  useEffect(() => {
    if (!id) return setValue(null);
    let live = true;
    setValue(undefined);
    void readObject(api, kind, id).then((v) => live && setValue(v));
    return () => {
      live = false;
    };
  }, [api, kind, id]);
  return value;
}
