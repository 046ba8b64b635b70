/**
 * Download URLs written back. A client that reads a file object and writes it again (a `files`
 * value echoed, an image copied into another block) sends this server's signed URL as an
 * external file. The request validators wrap such a URL in a `DownloadUrl`; when the node is
 * written (domain/files/claim.ts) it becomes the Notion-hosted file again only if the signature
 * is this server's, unexpired, and the writer may read the file: its own upload, or a file still
 * on the object the URL was read from (`src`), which the writer can read now. Anything else stays
 * what it says it is: an external link, kept verbatim (docs/design/file-urls.md gives the why).
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import { statusAt } from "./model.js";
import { levelOf } from "../permissions.js";
import { looksLikeDownloadUrl, parseDownloadUrl, refFilename, storedFileObject, storedUploadId, verifyDownload, type StoredFile } from "./urls.js";

type Json = Record<string, unknown>;

/**
 * The `external` value of a request's file object whose URL names a download of this server;
 * serializes as the plain `{url}`, so if it were ever stored unresolved it would be a link.
 */
export class DownloadUrl {
  constructor(readonly url: string) {}
  toJSON(): { url: string } {
    return { url: this.url };
  }
}

/** A request's external file → the stored `{type: "external", external: {url}}`, download URLs marked for the write. */
export function externalSource(url: string): { type: "external"; external: { url: string } } {
  return { type: "external", external: looksLikeDownloadUrl(url) ? new DownloadUrl(url) : { url } };
}

/** Whether `v` is an external file object written by this request with a download URL. */
export function isWrittenBack(v: unknown): v is { type: "external"; external: DownloadUrl } {
  const o = v as Json | null;
  return typeof o === "object" && o !== null && o.type === "external" && o.external instanceof DownloadUrl;
}

/** Upload ids of the stored files a node holds: icon, cover, media payload, a block's icon, `files` values. */
export function uploadsOf(row: Pick<NodeRow, "icon" | "cover" | "data" | "properties">): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    const id = storedUploadId(v);
    if (id) out.add(id);
  };
  add(row.icon);
  add(row.cover);
  add(row.data);
  add(row.data?.icon);
  for (const value of Object.values(row.properties ?? {})) if (Array.isArray(value)) value.forEach(add);
  return out;
}

/** What the writer `userId` may read: an integration's shares and capabilities, or a person's page levels (a personal access token carries every content capability). */
interface Reader {
  can(cap: "read_content" | "read_comments"): boolean;
  visible(nodeId: string): Promise<boolean>;
}

/** The reader a writer's user id stands for: a bot's integration, a member's permissions; null for anyone else. */
async function readerOf(tx: Tx, workspaceId: string, userId: string): Promise<Reader | null> {
  const user = await tx.getUser(workspaceId, userId);
  if (user?.type === "person") {
    const role = user.role;
    if (!role) return null;
    return { can: () => true, visible: async (nodeId) => (await levelOf(tx, workspaceId, { userId, role }, nodeId)) !== null };
  }
  const integration = user?.integration_id ? await tx.getIntegration(workspaceId, user.integration_id) : null;
  if (!integration) return null;
  return {
    can: (cap) => integration.capabilities.includes(cap),
    visible: async (nodeId) => {
      const chain = await tx.getAncestry(workspaceId, nodeId);
      return chain.length > 0 && tx.anyShared(workspaceId, integration.id, chain.map((c) => c.id));
    },
  };
}

/** Whether the object `src` holds the upload `id` and the writer can read it now. */
async function readableHolder(tx: Tx, workspaceId: string, userId: string, src: string, id: string): Promise<boolean> {
  const reader = await readerOf(tx, workspaceId, userId);
  if (!reader) return false;
  const node = await tx.getNode(workspaceId, src);
  if (node) return reader.can("read_content") && uploadsOf(node).has(id) && (await reader.visible(node.id));
  const comment = await tx.comments.get(workspaceId, src);
  if (comment) return reader.can("read_comments") && comment.attachments.some((a) => a.file_upload_id === id) && (await reader.visible(comment.parent_id));
  return false;
}

/**
 * The stored file a written-back download URL names, when the writer `botId` (an integration's bot,
 * or a person writing through their personal access token) may claim it at `now`;
 * null when the URL is to stay an external link.
 */
export async function claimDownloadUrl(tx: Tx, workspaceId: string, botId: string, now: number, secret: string, url: string): Promise<StoredFile | null> {
  const ref = parseDownloadUrl(url);
  if (!ref || verifyDownload(secret, ref, now) !== "ok") return null;
  const upload = await tx.files.get(workspaceId, ref.id);
  if (!upload || statusAt(upload, now) !== "uploaded") return null;
  if (upload.created_by !== botId && !(await readableHolder(tx, workspaceId, botId, ref.src, ref.id))) return null;
  return storedFileObject(upload.id, refFilename(ref));
}
