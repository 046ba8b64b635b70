/**
 * `quire emoji create --name NAME --image PATH`: a custom emoji from a local image file. The bytes
 * go up through /v1 file uploads (`POST /v1/file_uploads`, then `…/send`) as an integration of the
 * workspace (`--token`, or `QUIRE_TOKEN`: the control API has no upload route of its own), and the
 * emoji is made with `file_upload: {id}` through the control API, which attaches the upload.
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { ConfigError } from "./config.js";
/** The server driven (cli-control.ts `Target`; only its URL is needed here). */
type Target = { url: string };

/** The image types a custom emoji may be, by file extension. */
const IMAGE_TYPES: Record<string, string> = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml" };

/** Whether `--image` names a local file rather than an http(s) URL. */
export const isImagePath = (image: string) => !/^https?:\/\//i.test(image);

/** One /v1 call as the integration; an error answer is a ConfigError naming its code. */
async function v1(target: Target, token: string, path: string, body: BodyInit, json: boolean): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${target.url}/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "notion-version": "2025-09-03", ...(json ? { "content-type": "application/json" } : {}) },
      body,
    });
  } catch (e) {
    throw new ConfigError(`No Quire server answers at ${target.url} (${(e as Error).message}).`);
  }
  const out = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) throw new ConfigError(out?.code ? `${res.status} ${out.code}: ${out.message}` : `${res.status} from ${target.url}/v1${path}`);
  return out ?? {};
}

/** Uploads the image file at `path` as the integration of `token`; answers the file upload's id. */
export async function uploadImage(target: Target, token: string | undefined, path: string): Promise<string> {
  if (!token) throw new ConfigError("emoji create --image PATH uploads the file through /v1/file_uploads: pass --token (or QUIRE_TOKEN), an integration token of the workspace.");
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) throw new ConfigError(`emoji create --image ${path}: not an image file name (${Object.keys(IMAGE_TYPES).join(", ")}), nor an http(s) URL.`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ConfigError(`emoji create --image ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const filename = basename(path);
  const created = await v1(target, token, "/file_uploads", JSON.stringify({ filename, content_type: type }), true);
  const form = new FormData();
  form.append("file", new Blob([bytes as BlobPart], { type }), filename);
  await v1(target, token, `/file_uploads/${created.id}/send`, form, false);
  return String(created.id);
}
