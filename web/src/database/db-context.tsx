/**
 * What every cell of a database screen reads besides its row: the workspace's people (names for
 * people values, the people picker) and the titles of related pages, each fetched once.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { titleOf } from "../notion";

export interface DbContext {
  /** People and bots of the workspace (`/v1/users`), by id → name. */
  users: Map<string, string>;
  /** The people of the workspace, for pickers. */
  people: Json[];
  /** A related page's title, fetched on first ask (undefined until it arrives). */
  pageTitle: (id: string) => string | undefined;
  /** Reads the schema again (a value named a select option that did not exist: the data source has it now). */
  refreshSchema: () => void;
}

const Ctx = createContext<DbContext>({ users: new Map(), people: [], pageTitle: () => undefined, refreshSchema: () => undefined });

/** The context of a database screen (or a row page's properties). */
export function useDbContext(): DbContext {
  return useContext(Ctx);
}

/** Provides users and related titles to the cells below it. */
export function DbProvider({ children, refreshSchema }: { children: ReactNode; refreshSchema: () => void }) {
  const api = useApi();
  const [people, setPeople] = useState<Json[]>([]);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const asked = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    api.all<Json>("GET", "/users", {}, 1000).then(
      (list) => live && setPeople(list),
      () => undefined, // a token without user information: names stay as the values give them
    );
    return () => {
      live = false;
    };
  }, [api]);

  const pageTitle = useCallback(
    (id: string) => {
      const known = titles.get(id);
      if (known !== undefined) return known;
      if (!asked.current.has(id)) {
        asked.current.add(id);
        api.v1<Json>("GET", `/pages/${id}`).then(
          (p) => setTitles((m) => new Map(m).set(id, titleOf(p))),
          () => setTitles((m) => new Map(m).set(id, "Page not shared")),
        );
      }
      return undefined;
    },
    [api, titles],
  );

  const value = useMemo<DbContext>(() => {
    const users = new Map<string, string>();
    for (const u of people) users.set(u.id, u.name ?? "Someone");
    return { users, people: people.filter((u) => u.type === "person"), pageTitle, refreshSchema };
  }, [people, pageTitle, refreshSchema]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
