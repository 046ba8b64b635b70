/**
 * Attaching uploads. A request names an upload as `{type: "file_upload", file_upload: {id}}`
 * (validated into that placeholder by domain/values.ts and the files property); before a node
 * is written, each placeholder is claimed — the upload must be the writer's own and `uploaded`
 * — and replaced by a Notion-hosted file object (domain/files/urls.ts). Claiming sets the
 * upload's `expiry_time` to null: attached uploads never expire, and may be attached again.
 * Download URLs of this server that the request wrote as external files are resolved in the
 * same step (domain/files/write-back.ts): a stored file again, or a plain link.
 */
import type { NodeRow, Store, Tx } from "../../storage/types.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import type { Clock } from "../clock.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { statusAt } from "./model.js";
import { storedFileObject, type StoredFile } from "./urls.js";
import { claimDownloadUrl, isWrittenBack } from "./write-back.js";

type Json = Record<string, unknown>;
export type { StoredFile };

/**
 * Claims the upload `id` for the integration whose bot is `botId`; returns the upload (its
 * `filename` names files that have no name of their own). Throws 400 validation_error when the
 * upload is unknown, someone else's, or not `uploaded` (wording unconfirmed).
 */
export async function claimUpload(tx: Tx, workspaceId: string, botId: string, now: number, id: string): Promise<FileUploadRow> {
  const row = await tx.files.get(workspaceId, id);
  if (!row || row.created_by !== botId) throw errors.validation(`Could not find file_upload with ID: ${id}.`);
  const status = statusAt(row, now);
  if (status !== "uploaded")
    throw errors.validation(`File upload with ID ${id} has status \`${status}\`; only a file upload with status \`uploaded\` can be attached.`);
  if (row.expiry_time !== null || !row.attached) await tx.files.update({ ...row, attached: true, expiry_time: null, last_edited_time: now });
  return row;
}

/**
 * For other features (comment attachments): claims the caller's upload `id` inside the write
 * `tx` and returns the file object to store, `{type: "file", file: {url, expiry_time}}` — stored
 * as is, it reads back with a fresh signed URL (the upload's filename is `name` if needed).
 */
export async function claimFileUpload(tx: Tx, ctx: Ctx, id: string): Promise<StoredFile & { name: string | null }> {
  const row = await claimUpload(tx, ctx.actor.workspace.id, ctx.actor.bot.id, ctx.clock.now(), id);
  return { ...storedFileObject(row.id, row.filename), name: row.filename };
}

const isPlaceholder = (v: unknown): v is { type: "file_upload"; file_upload: { id: string } } =>
  typeof v === "object" && v !== null && (v as Json).type === "file_upload" && typeof ((v as Json).file_upload as Json | undefined)?.id === "string";

const SOURCE_KEYS = new Set(["file", "external", "file_upload"]);

/**
 * The object with its `type` and its `source` key (file_upload, external) replaced by the stored
 * file, other keys kept in place (a stale source key of a merged payload is dropped).
 */
function replaceSource(obj: Json, file: Pick<StoredFile, "file">, source = "file_upload"): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "type") out.type = "file";
    else if (k === source) out.file = file.file;
    else if (!SOURCE_KEYS.has(k)) out[k] = v;
  }
  return out;
}

/**
 * A file object this request wrote with one of this server's download URLs → the stored file,
 * when the writer may claim it (domain/files/write-back.ts), else the plain external link; any
 * other value unchanged.
 */
async function writtenBack(tx: Tx, row: NodeRow, now: number, secret: string, v: unknown): Promise<unknown> {
  if (!isWrittenBack(v)) return v;
  const url = v.external.url;
  const file = await claimDownloadUrl(tx, row.workspace_id, row.last_edited_by, now, secret, url);
  if (file) return replaceSource(v, file, "external");
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) if (k !== "file") out[k] = k === "external" ? { url } : x;
  return out;
}

/** Resolves every download URL the request wrote into the row (icon, cover, media payload, block icon, files values). */
async function resolveWrittenBack(tx: Tx, row: NodeRow, now: number, secret: string): Promise<void> {
  const resolve = (v: unknown) => writtenBack(tx, row, now, secret, v);
  if (row.icon) row.icon = (await resolve(row.icon)) as Json;
  if (row.cover) row.cover = (await resolve(row.cover)) as Json;
  if (row.data) {
    row.data = (await resolve(row.data)) as Json;
    if (isWrittenBack(row.data.icon)) row.data = { ...row.data, icon: await resolve(row.data.icon) };
  }
  for (const [key, value] of Object.entries(row.properties ?? {}))
    if (Array.isArray(value) && value.some(isWrittenBack)) {
      const out = [];
      for (const item of value) out.push(await resolve(item));
      row.properties![key] = out;
    }
}

/** Replaces every upload placeholder a node row holds (icon, cover, media payload, callout icon, files values). */
async function claimInRow(tx: Tx, row: NodeRow, now: number): Promise<void> {
  const claim = (id: string) => claimUpload(tx, row.workspace_id, row.last_edited_by, now, id);
  const source = async (v: Json): Promise<{ obj: Json; upload: FileUploadRow }> => {
    const upload = await claim((v.file_upload as { id: string }).id);
    return { obj: replaceSource(v, storedFileObject(upload.id, upload.filename)), upload };
  };
  if (isPlaceholder(row.icon)) row.icon = (await source(row.icon)).obj;
  if (isPlaceholder(row.cover)) row.cover = (await source(row.cover)).obj;
  const data = row.data;
  if (data) {
    if (isPlaceholder(data)) {
      const { obj, upload } = await source(data);
      // A file block without a name takes the upload's filename.
      if (row.type === "file" && obj.name === undefined) obj.name = upload.filename ?? "file";
      // Notion's media payloads read {caption, type, file, name} (recorded audio block).
      const { caption, ...rest } = obj;
      row.data = caption === undefined ? obj : { caption, ...rest };
    }
    if (isPlaceholder(row.data.icon)) row.data = { ...row.data, icon: (await source(row.data.icon as Json)).obj };
  }
  if (row.properties) {
    for (const [key, value] of Object.entries(row.properties)) {
      if (!Array.isArray(value) || !value.some(isPlaceholder)) continue;
      const out = [];
      for (const item of value) {
        if (!isPlaceholder(item)) out.push(item);
        else {
          const { obj, upload } = await source(item as Json);
          out.push({ ...obj, name: (item as Json).name ?? upload.filename ?? "file" });
        }
      }
      row.properties[key] = out;
    }
  }
}

/** Everything a node write must settle about files before the row is stored. */
async function claimAll(tx: Tx, row: NodeRow, now: number, secret: string): Promise<void> {
  await resolveWrittenBack(tx, row, now, secret);
  await claimInRow(tx, row, now);
}

/**
 * The store, with every node write claiming the uploads it references first: one place that
 * covers pages, blocks, databases and data sources however they are written. A claim that
 * fails throws inside the write, which then rolls back whole.
 */
export function withFileClaims(store: Store, clock: Clock, secret: string): Store {
  // The SQLite store hands every unit of work the same Tx: wrap it once, bind its methods once.
  const wrapped = new WeakMap<Tx, Tx>();
  const wrap = (tx: Tx): Tx => {
    let w = wrapped.get(tx);
    if (w) return w;
    const bound = new Map<PropertyKey, unknown>();
    bound.set("insertNodes", async (rows: NodeRow[]) => {
      for (const r of rows) await claimAll(tx, r, clock.now(), secret);
      return tx.insertNodes(rows);
    });
    bound.set("updateNode", async (row: NodeRow) => {
      await claimAll(tx, row, clock.now(), secret);
      return tx.updateNode(row);
    });
    w = new Proxy(tx, {
      get(target, prop) {
        if (bound.has(prop)) return bound.get(prop);
        const v = Reflect.get(target, prop, target);
        if (typeof v !== "function") return v;
        const f = v.bind(target);
        bound.set(prop, f);
        return f;
      },
    });
    wrapped.set(tx, w);
    return w;
  };
  return {
    liveness: store.liveness,
    generation: () => store.generation?.(),
    read: (fn) => store.read(fn),
    readOne: (fn) => store.readOne(fn),
    write: (fn) => store.write((tx) => fn(wrap(tx))),
    close: () => store.close(),
  };
}
