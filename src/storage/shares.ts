/** What is shared with each integration. A part of `Tx` (src/storage/types.ts). */
export interface SharePort {
  addShare(workspaceId: string, integrationId: string, objectId: string, at: number): Promise<void>;
  removeShare(workspaceId: string, integrationId: string, objectId: string): Promise<boolean>;
  listShares(workspaceId: string, integrationId: string): Promise<string[]>;
  /** The shares on any of `objectIds`, every integration's, in the order they were made (ties by integration id): a page's connections, with its ancestors' when asked. */
  sharesOn(workspaceId: string, objectIds: readonly string[]): Promise<{ integration_id: string; object_id: string }[]>;
  /** True when any of `objectIds` is shared with the integration. */
  anyShared(workspaceId: string, integrationId: string, objectIds: string[]): Promise<boolean>;
}
