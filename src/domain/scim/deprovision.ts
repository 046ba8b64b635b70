/**
 * Deprovisioning: what happens when an identity provider deactivates (`active: false`) or deletes
 * a person over SCIM. Notion: "Remove a user from your workspace. The user is logged out of all
 * active sessions. The user account cannot be deleted through SCIM"
 * (notion.com/help/provision-users-and-groups-with-scim, "DELETE /Users/<id>"). Every way SCIM
 * removes someone goes through `deprovisionPerson`, in the unit that decides it.
 */
import type { Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { removeMember } from "../admin/members.js";
import { closeSessionsOf } from "../signin/sessions.js";

/**
 * Removes person `userId` from workspace `ws` — their pages, comments and mentions stay; their
 * groups, page permissions and personal access tokens here go (`removeMember` → `forgetPerson`,
 * `revokePersonalTokensOf`); a workspace's last owner
 * cannot be removed — and signs them out everywhere (sessions are the person's, not a
 * workspace's). Their account stays: they may belong to other workspaces.
 */
export async function deprovisionPerson(deps: Deps, tx: Tx, ws: string, userId: string): Promise<void> {
  await removeMember(tx, ws, userId);
  await closeSessionsOf(deps, tx, userId);
}
