/** A block's children: those already on the block (`children`), else read lazily through `/v1/blocks/:id/children`. */
import { createContext, useContext } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { NotionBlocks } from "./NotionBlock";

/**
 * False where the caller is still reading the blocks' children itself (a page's first paint shows
 * its first level while the deeper ones are read): a block without `children` then shows them as
 * loading instead of reading them a second time.
 */
export const ReadChildrenContext = createContext(true);

/** The children of `block` (undefined while loading); read only when `enabled` (a closed toggle's stay unread). */
export function useChildren(block: Json, enabled = true): { children: Json[] | undefined; error: Error | undefined } {
  const api = useApi();
  const mayRead = useContext(ReadChildrenContext);
  const given: Json[] | undefined = Array.isArray(block.children) ? block.children : undefined;
  const wanted = enabled && mayRead && !given && block.has_children === true;
  const loaded = useLoad(async () => (wanted ? api.all<Json>("GET", `/blocks/${block.id}/children`) : []), [api, block.id, wanted, block.last_edited_time]);
  if (given) return { children: given, error: undefined };
  if (!block.has_children) return { children: [], error: undefined };
  return { children: wanted ? loaded.data : undefined, error: loaded.error };
}

/** How deep the current list item sits among list items (bullet shapes and numbering formats cycle with it). */
export const ListDepthContext = createContext(0);
export const useListDepth = () => useContext(ListDepthContext);

/** A block's children, indented under it (nothing when it has none). */
export function BlockChildren({ block, enabled = true, indent = true, listItem = false }: { block: Json; enabled?: boolean; indent?: boolean; listItem?: boolean }) {
  const { children, error } = useChildren(block, enabled);
  const depth = useListDepth();
  if (error) return <p className="nt-load-error" role="alert">Could not load this block's content: {error.message}</p>;
  if (children === undefined) return enabled && block.has_children ? <div className="nt-loading" aria-busy="true" /> : null;
  if (!children.length) return null;
  const body = <NotionBlocks blocks={children} />;
  return (
    <div className={indent ? "nt-children" : "nt-children-flat"}>
      {listItem ? <ListDepthContext.Provider value={depth + 1}>{body}</ListDepthContext.Provider> : body}
    </div>
  );
}
