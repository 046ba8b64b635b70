/**
 * One read of a page for everything that shows it when its address opens (the page's view and
 * header, the page's actions beside it): a `GET /v1/pages/:id` already on its way is shared, not
 * asked again. Nothing is kept once the answer arrives, so a later read (the live header's poll,
 * a reload) always asks the server.
 */
import type { Api, Json } from "../api";

const pending = new WeakMap<Api, Map<string, Promise<Json>>>();

/** The page `pageId` as the server has it now (the read in flight for it, if any). */
export function readPage(api: Api, pageId: string): Promise<Json> {
  let reads = pending.get(api);
  if (!reads) pending.set(api, (reads = new Map()));
  const known = reads.get(pageId);
  if (known) return known;
  const read = api.v1<Json>("GET", `/pages/${pageId}`);
  reads.set(pageId, read);
  const forget = () => void (reads.get(pageId) === read && reads.delete(pageId));
  read.then(forget, forget);
  return read;
}
