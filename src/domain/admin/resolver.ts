/** Mentions in what the operator writes (control API), resolved against the whole workspace. */
import type { Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { plainText, type MentionResolver } from "../rich-text.js";
import { pageTitle, pageUrl } from "../../present/page.js";

/** Mentions resolved as the operator sees them: every page of the workspace (readers see what their sight allows). */
export function operatorResolver(deps: Pick<Deps, "publicUrl">, tx: Tx, ws: string): MentionResolver {
  return {
    user: (id) => tx.getUser(ws, id),
    async pageInfo(id) {
      const node = await tx.getNode(ws, id);
      if (!node || node.type !== "page") return null;
      const title = plainText(pageTitle(node));
      return { title, url: pageUrl(deps.publicUrl(), id, title) };
    },
    urlFor: (id, title) => pageUrl(deps.publicUrl(), id, title),
    customEmoji: (id) => tx.emojis.get(ws, id),
  };
}
