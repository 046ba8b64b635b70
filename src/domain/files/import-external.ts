/**
 * external_url mode (developers.notion.com/docs/importing-external-files): at creation the URL
 * is checked with a HEAD request (https, public, a Content-Type, a Content-Length within the
 * workspace limit — else 400); then the file is downloaded in the background, with a timeout
 * and a size cap, and the outcome lands in `file_import_result`.
 */
import { randomUUID } from "node:crypto";
import type { Ctx } from "../context.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import { errors } from "../../http/errors.js";
import { IMPORT_TIMEOUT_MS } from "./config.js";
import { fetchExternal, FetchRefused } from "./fetch-external.js";
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
  let res;
  try {
    res = await fetchExternal(url, { method: "HEAD", allowPrivate: ctx.files.allowPrivateUrls, signal: AbortSignal.any([AbortSignal.timeout(10_000), ctx.files.imports.controller.signal]) });
  } catch (e) {
    throw errors.validation(e instanceof FetchRefused ? `The external_url is not publicly accessible: ${e.message}` : "The external_url is not publicly accessible.");
  }
  res.body.resume();
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
  const { blobs, maxFileBytes, allowPrivateUrls, imports } = ctx.files;
  const key = blobKeys.incoming(row.id, randomUUID());
  let outcome: { ok: true; bytes: number } | { ok: false; error: ImportError };
  try {
    const signal = AbortSignal.any([AbortSignal.timeout(IMPORT_TIMEOUT_MS), imports.controller.signal]);
    const res = await fetchExternal(row.external_url!, { method: "GET", allowPrivate: allowPrivateUrls, signal });
    if (res.status < 200 || res.status >= 300) {
      res.body.resume();
      outcome = { ok: false, error: { type: "download_error", code: "http_error", message: `The file could not be downloaded (HTTP ${res.status}).`, status_code: res.status } };
    } else {
      const w = await blobs.writer(key);
      let bytes = 0;
      try {
        for await (const chunk of res.body) {
          bytes += (chunk as Buffer).length;
          if (bytes > maxFileBytes) throw new TooLarge();
          await w.write(chunk as Buffer);
        }
        await w.close();
        outcome = { ok: true, bytes };
      } catch (e) {
        await w.abort();
        res.body.destroy();
        if (!(e instanceof TooLarge)) throw e;
        outcome = { ok: false, error: { type: "validation_error", code: "file_too_large", message: `The file exceeds the workspace's file size limit of ${maxFileBytes} bytes.`, status_code: null } };
      }
    }
  } catch (e) {
    const timedOut = (e as Error).name === "TimeoutError" || (e as Error).name === "AbortError";
    outcome = {
      ok: false,
      error: { type: "download_error", code: timedOut ? "timeout" : "download_failed", message: timedOut ? "The download timed out." : "The file could not be downloaded.", status_code: null },
    };
  }
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

class TooLarge extends Error {}
