/**
 * Control-API verbs for custom emojis: Notion's public API only lists them (they are made in
 * the Notion app), so the operator creates and deletes them here. An emoji is a name, unique in
 * the workspace, and an image: a URL, or an uploaded image of the workspace (`file_upload`),
 * kept as the marker `quire-file:<upload id>/<name>` in `url` — as file blocks keep theirs — and
 * signed afresh by every presenter (domain/files/urls.ts; docs/design/web-app.md, console).
 */
import type { CustomEmojiRow, Page, Tx } from "../../storage/types.js";
import { firstOwner } from "./members.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { emojiUrl } from "../custom-emojis/refs.js";
import { LIMITS } from "../../api/limits.js";
import { statusAt } from "../files/model.js";
import { bareType } from "../files/content-types.js";
import { fileUrlsFor, storedFileObject, storedFileOfUrl, storedUploadId, type FileUrls } from "../files/urls.js";

export interface CustomEmojiView {
  object: "custom_emoji";
  id: string;
  name: string;
  url: string;
  created_time: string;
}

/** `files` signs the URL of an emoji made from an upload; also `file_upload_id` for those. */
export function viewCustomEmoji(row: CustomEmojiRow, files: FileUrls): CustomEmojiView & { file_upload_id?: string } {
  const view: CustomEmojiView & { file_upload_id?: string } = {
    object: "custom_emoji",
    id: row.id,
    name: row.name,
    url: emojiUrl(row, files),
    created_time: new Date(row.created_time).toISOString(),
  };
  const upload = storedUploadId(storedFileOfUrl(row.url));
  if (upload) view.file_upload_id = upload;
  return view;
}

/** The image a new emoji shows: a URL, or an upload of the workspace. */
export type EmojiImage = { url: string } | { file_upload: { id: string } };

/**
 * The stored URL of an emoji image from the upload `id`: any upload of the workspace (the control
 * API's caller is an owner or the operator, who may read everything in it), status `uploaded`, an
 * image type, at most the workspace's file limit. It is marked attached, so it never expires.
 * An unknown id and another workspace's upload get the same answer.
 */
async function uploadedImage(tx: Tx, workspaceId: string, id: string, now: number): Promise<string> {
  const row = await tx.files.get(workspaceId, id);
  if (!row) throw errors.validation(`Could not find file_upload with ID: ${id}.`);
  const status = statusAt(row, now);
  if (status !== "uploaded")
    throw errors.validation(`File upload with ID ${id} has status \`${status}\`; only a file upload with status \`uploaded\` can be used as a custom emoji.`);
  const type = row.content_type ? bareType(row.content_type) : "";
  if (!type.startsWith("image/"))
    throw errors.validation(`File upload with ID ${id} is \`${type || "of no type"}\`; a custom emoji should be an image (image/png, image/gif, image/jpeg, image/webp …).`);
  if ((row.content_length ?? 0) > LIMITS.MAX_FILE_UPLOAD_BYTES)
    throw errors.validation(`File upload with ID ${id} is ${row.content_length} bytes; a custom emoji should be at most ${LIMITS.MAX_FILE_UPLOAD_BYTES} bytes.`);
  if (row.expiry_time !== null || !row.attached) await tx.files.update({ ...row, attached: true, expiry_time: null, last_edited_time: now });
  return storedFileObject(row.id, row.filename).file.url;
}

export async function createCustomEmoji(deps: Deps, tx: Tx, workspaceId: string, input: { name: string } & EmojiImage): Promise<CustomEmojiView> {
  if (await tx.emojis.getByName(workspaceId, input.name)) throw errors.validation(`A custom emoji named "${input.name}" already exists.`);
  const url = "url" in input ? input.url : await uploadedImage(tx, workspaceId, input.file_upload.id, deps.clock.now());
  const row: CustomEmojiRow = {
    workspace_id: workspaceId,
    id: deps.ids(),
    name: input.name,
    url,
    created_time: deps.clock.now(),
    created_by: (await firstOwner(tx, workspaceId))?.id ?? null,
  };
  await tx.emojis.insert(row);
  return viewCustomEmoji(row, fileUrlsFor(deps));
}

/** Every custom emoji of the workspace, in creation order (`files` signs uploaded images). */
export async function listAllCustomEmojis(tx: Tx, workspaceId: string, files: FileUrls): Promise<CustomEmojiView[]> {
  const out: CustomEmojiView[] = [];
  let from: string | null = null;
  do {
    const page: Page<CustomEmojiRow> = (await tx.emojis.list(workspaceId, from, 1000))!;
    out.push(...page.items.map((r) => viewCustomEmoji(r, files)));
    from = page.next;
  } while (from !== null);
  return out;
}

/**
 * Deletes an emoji. Icons and mentions that show it keep the name and URL they were stored
 * with; new requests naming its id are refused.
 */
export async function deleteCustomEmoji(tx: Tx, workspaceId: string, id: string) {
  if (!(await tx.emojis.remove(workspaceId, id))) throw errors.notFound("custom_emoji", id);
  return { object: "custom_emoji", id, deleted: true };
}
