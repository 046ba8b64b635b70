/**
 * Top-level pages made by the operator (Notion's internal integrations cannot create pages at the
 * workspace level, so a workspace needs another way to get one): created by the workspace's (oldest)
 * owner (or `created_by`, a person of the workspace), in the Workspace section unless `section` is
 * `private` (src/domain/page-sections.ts), optionally shared with integrations at once.
 */
import type { Tx } from "../../storage/types.js";
import { nodeBy } from "../nodes.js";
import type { Deps } from "../context.js";
import { normalizeRichText, type RichTextRequest } from "../rich-text.js";
import { getIntegrationOr404 } from "./integrations.js";
import { pageUrl } from "../../present/page.js";
import { resolveIcon } from "../custom-emojis/refs.js";
import { firstOwner } from "./members.js";
import { startTopLevelPage, type PageSection } from "../page-sections.js";
import { checkPeople } from "./groups.js";

export interface AdminPageInput {
  title: RichTextRequest[];
  icon?: Record<string, unknown> | null;
  share_with?: string[];
  /** Default `workspace`: the operator makes workspace content, as a page added under Notion's Workspace section. */
  section?: PageSection;
  /** The person it is created by (and private to, in the private section); default the owner. */
  created_by?: string;
}

export async function createTopLevelPage(deps: Deps, tx: Tx, workspaceId: string, input: AdminPageInput) {
  const now = deps.clock.now();
  if (input.created_by !== undefined) await checkPeople(tx, workspaceId, [input.created_by], "body.created_by");
  const ownerId = input.created_by ?? (await firstOwner(tx, workspaceId))?.id ?? (await tx.listUsers(workspaceId, null, 1))!.items[0].id;
  for (const integrationId of input.share_with ?? []) await getIntegrationOr404(tx, workspaceId, integrationId);
  const resolver = {
    user: (id: string) => tx.getUser(workspaceId, id),
    pageInfo: async () => null,
    urlFor: (id: string, title: string) => pageUrl(deps.publicUrl(), id, title),
    customEmoji: (id: string) => tx.emojis.get(workspaceId, id),
  };
  const page = nodeBy(workspaceId, ownerId, now, {
    id: deps.ids(),
    type: "page",
    parent_type: "workspace",
    parent_id: null,
    position: now,
    data: {},
    properties: { title: await normalizeRichText(input.title, resolver) },
    icon: (await resolveIcon(input.icon, resolver.customEmoji)) ?? null,
  });
  await tx.insertNodes([page]);
  await startTopLevelPage(tx, workspaceId, page.id, input.section ?? "workspace", ownerId);
  for (const integrationId of input.share_with ?? []) await tx.addShare(workspaceId, integrationId, page.id, now);
  return { object: "page", id: page.id, shared_with: input.share_with ?? [], section: input.section ?? "workspace" };
}
