/**
 * external_url mode (developers.notion.com/docs/importing-external-files): at creation the URL
 * is checked with a HEAD request (https, public, a Content-Type, a Content-Length within the
 * workspace limit — else 400); then the file is downloaded in the background, with a timeout
 * and a size cap, and the outcome lands in `file_import_result`.
 */
import { randomUUID } from "node:crypto";
import type { Ctx } from "../context.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";
import { outboundRequest, OutboundError, OutboundRefused, type OutboundResponse } from "../../outbound/http-client.js";
import { blobKeys } from "./model.js";

/** Validates the URL before the upload exists; returns the announced Content-Length, if any. */
export async function checkExternalUrl(ctx: Ctx, url: string): Promise<number | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw errors.validation(`body failed validation: body.external_url should be a valid url, instead was \`${JSON.stringify(url)}\`.`);
  }
  if (parsed.protocol !== "https:" && !(ctx.files.allowPrivateUrls && parsed.protocol === "http:"))
    throw errors.validation("The external_url must be an https URL.");
  // "A quick HEAD HTTPS request" (developers.notion.com/docs/importing-external-files): the
  // create request waits for it, so a host that never answers costs it at most 5 s.
  const ms = Math.min(LIMITS.FILE_IMPORT_CHECK_TIMEOUT_MS, ctx.files.importTimeoutMs ?? LIMITS.FILE_IMPORT_CHECK_TIMEOUT_MS);
  let res: OutboundResponse;
  try {
    res = await outboundRequest(url, { method: "HEAD", allowPrivate: ctx.files.allowPrivateUrls, connectTimeoutMs: ms, headersTimeoutMs: ms, totalTimeoutMs: ms, signal: ctx.files.imports.controller.signal });
  } catch (e) {
    const why = e instanceof OutboundRefused || (e instanceof OutboundError && e.kind === "timeout") ? `: ${e.message}` : "";
    throw errors.validation(`The external_url is not publicly accessible${why || "."}`);
  }
  res.discard();
  // A server that does not do HEAD gets the benefit of the doubt; the download decides.
  if (res.status === 405 || res.status === 501) return null;
  if (res.status < 200 || res.status >= 300) throw errors.validation(`The external_url answered a HEAD request with HTTP ${res.status}.`);
  if (!res.headers["content-type"]) throw errors.validation("The external_url does not expose a Content-Type header.");
  const length = res.headers["content-length"] === undefined ? null : Number(res.headers["content-length"]);
  if (length !== null && Number.isFinite(length) && length > ctx.files.maxFileBytes)
    throw errors.validation(`The file at external_url (${length} bytes) exceeds the workspace's file size limit of ${ctx.files.maxFileBytes} bytes.`);
  return length !== null && Number.isFinite(length) ? length : null;
}

/** Notion writes `imported_time` with seconds and an offset: 2026-07-04T09:11:43.000+00:00. */
const importedTime = (ms: number) => new Date(ms - (ms % 1000)).toISOString().replace("Z", "+00:00");

type ImportError = { type: "download_error" | "validation_error" | "upload_error"; code: string; message: string; status_code: number | null };

/** Downloads the file into the blob store and records the result; never throws. */
export async function importExternal(ctx: Ctx, row: FileUploadRow, _announced: number | null): Promise<void> {
  const { blobs, imports } = ctx.files;
  const key = blobKeys.incoming(row.id, randomUUID());
  const outcome = await download(ctx, row.external_url!, key);
  if (imports.controller.signal.aborted) return; // shutting down: the store may be closed
  const now = ctx.clock.now();
  try {
    await ctx.store.write(async (tx) => {
      const current = await tx.files.get(row.workspace_id, row.id);
      if (!current || current.status !== "pending") return;
      if (outcome.ok) {
        await blobs.rename(key, blobKeys.content(row.id));
        await tx.files.update({ ...current, status: "uploaded", content_length: outcome.bytes, import_result: { type: "success", success: {}, imported_time: importedTime(now) }, last_edited_time: now });
      } else {
        await tx.files.update({
          ...current,
          status: "failed",
          import_result: { type: "error", error: { type: outcome.error.type, code: outcome.error.code, message: outcome.error.message, parameter: null, status_code: outcome.error.status_code }, imported_time: importedTime(now) },
          last_edited_time: now,
        });
      }
    });
  } catch {
    await blobs.removeAll(row.id).catch(() => undefined);
  }
}

type Outcome = { ok: true; bytes: number } | { ok: false; error: ImportError };

/** GETs the file into blob `key` within the timeouts and the size limit. */
async function download(ctx: Ctx, url: string, key: string): Promise<Outcome> {
  const { blobs, maxFileBytes, allowPrivateUrls, imports } = ctx.files;
  const total = ctx.files.importTimeoutMs ?? LIMITS.FILE_IMPORT_TIMEOUT_MS;
  const connect = Math.min(LIMITS.FILE_IMPORT_CONNECT_TIMEOUT_MS, total);
  let w: Awaited<ReturnType<typeof blobs.writer>> | null = null;
  try {
    const res = await outboundRequest(url, { allowPrivate: allowPrivateUrls, connectTimeoutMs: connect, headersTimeoutMs: connect, totalTimeoutMs: total, maxBytes: maxFileBytes, signal: imports.controller.signal });
    if (res.status < 200 || res.status >= 300) {
      res.discard();
      return failure("download_error", "http_error", `The file could not be downloaded (HTTP ${res.status}).`, res.status);
    }
    w = await blobs.writer(key);
    let bytes = 0;
    for await (const chunk of res.chunks()) {
      bytes += chunk.length;
      await w.write(chunk);
    }
    await w.close();
    return { ok: true, bytes };
  } catch (e) {
    await w?.abort().catch(() => undefined);
    if (e instanceof OutboundError && e.kind === "too_large")
      return failure("validation_error", "file_too_large", `The file exceeds the workspace's file size limit of ${maxFileBytes} bytes.`, null);
    if (e instanceof OutboundError && e.kind === "timeout") return failure("download_error", "timeout", "The download timed out.", null);
    return failure("download_error", "download_failed", "The file could not be downloaded.", null);
  }
}

const failure = (type: ImportError["type"], code: string, message: string, status_code: number | null): Outcome => ({ ok: false, error: { type, code, message, status_code } });
