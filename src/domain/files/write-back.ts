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

/** The integration a bot user speaks for (null for people and unknown users). */
async function integrationOf(tx: Tx, workspaceId: string, botId: string) {
  const user = await tx.getUser(workspaceId, botId);
  return user?.integration_id ? tx.getIntegration(workspaceId, user.integration_id) : null;
}

/** Whether the object `src` holds the upload `id` and the writer's integration can read it now. */
async function readableHolder(tx: Tx, workspaceId: string, botId: string, src: string, id: string): Promise<boolean> {
  const integration = await integrationOf(tx, workspaceId, botId);
  if (!integration) return false;
  const can = (cap: string) => integration.capabilities.includes(cap as never);
  const visible = async (nodeId: string) => {
    const chain = await tx.getAncestry(workspaceId, nodeId);
    return chain.length > 0 && tx.anyShared(workspaceId, integration.id, chain.map((c) => c.id));
  };
  const node = await tx.getNode(workspaceId, src);
  if (node) return can("read_content") && uploadsOf(node).has(id) && (await visible(node.id));
  const comment = await tx.comments.get(workspaceId, src);
  if (comment) return can("read_comments") && comment.attachments.some((a) => a.file_upload_id === id) && (await visible(comment.parent_id));
  return false;
}

/**
 * The stored file a written-back download URL names, when the bot `botId` may claim it at `now`;
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
