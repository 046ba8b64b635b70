/** Ending a person's personal access tokens when they leave a workspace (its own file: members.ts calls it). */
import type { Tx } from "../../storage/types.js";

/**
 * Revokes every token of the person in the workspace, in the caller's unit: what leaving the
 * workspace does (`removeMember`, SCIM deprovisioning). Returns how many went.
 */
export async function revokePersonalTokensOf(tx: Tx, ws: string, userId: string): Promise<number> {
  return tx.personalTokens.removeAllOf(ws, userId);
}
