/**
 * A streaming multipart/form-data reader (RFC 7578) for the one endpoint that takes it
 * (POST /v1/file_uploads/{id}/send). File fields are handed to a sink chunk by chunk, so a file
 * never sits whole in memory; text fields are collected (small). Why our own: two fields, one
 * route — a dependency (busboy via @fastify/multipart) would be bigger than this file.
 */
import type { Readable } from "node:stream";

export interface FilePart {
  field: string;
  filename: string | null;
  contentType: string | null;
}

/** Receives one file field's bytes; `write` may apply back-pressure by returning later. */
export interface FileSink {
  write(chunk: Buffer): Promise<void>;
}

export class MultipartError extends Error {}

/** The boundary of a `multipart/form-data; boundary=…` content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const b = m ? (m[1] ?? m[2]) : null;
  return b && b.length <= 200 ? b : null;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_TEXT_FIELD_BYTES = 64 * 1024;

function parseHeaders(block: string): FilePart & { isFile: boolean } {
  let field = "";
  let filename: string | null = null;
  let contentType: string | null = null;
  let isFile = false;
  for (const line of block.split("\r\n")) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (name === "content-disposition") {
      const fm = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(value) ?? /;\s*name=([^;\s]+)/i.exec(value);
      if (fm) field = fm[1];
      const star = /;\s*filename\*=(?:UTF-8'[^']*')?([^;]+)/i.exec(value);
      const plain = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(value) ?? /;\s*filename=([^;\s]+)/i.exec(value);
      if (star) {
        isFile = true;
        try {
          filename = decodeURIComponent(star[1].trim());
        } catch {
          filename = star[1].trim();
        }
      } else if (plain) {
        isFile = true;
        filename = plain[1].replace(/\\(.)/g, "$1");
      }
    } else if (name === "content-type") {
      contentType = value;
    }
  }
  if (contentType !== null && !isFile && !/^text\/plain\b/i.test(contentType)) isFile = true;
  return { field, filename, contentType, isFile };
}

/**
 * Reads the whole body. `onFile` is asked for a sink for each file field (null = skip its
 * bytes). Returns the text fields. Throws MultipartError on a malformed body; stops early (and
 * the caller must drain the request) when a sink throws.
 */
export async function readMultipart(
  body: Readable,
  boundary: string,
  onFile: (part: FilePart) => Promise<FileSink | null>,
): Promise<Record<string, string>> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: Record<string, string> = {};
  // The body starts with `--boundary` (no CRLF before it): pretend one was there.
  let buf: Buffer = Buffer.from("\r\n");
  let state = "preamble" as "preamble" | "headers" | "body" | "done";
  let part: (FilePart & { isFile: boolean }) | null = null;
  let sink: FileSink | null = null;
  let text: Buffer[] = [];
  let textBytes = 0;

  const emit = async (chunk: Buffer) => {
    if (chunk.length === 0 || !part) return;
    if (part.isFile) {
      if (sink) await sink.write(chunk);
    } else {
      textBytes += chunk.length;
      if (textBytes > MAX_TEXT_FIELD_BYTES) throw new MultipartError(`The form field ${part.field} is too large.`);
      text.push(chunk);
    }
  };

  const step = async (): Promise<boolean> => {
    if (state === "preamble" || state === "body") {
      const at = buf.indexOf(delimiter);
      if (at < 0) {
        // Keep a tail that could be the start of a delimiter.
        const keep = Math.min(buf.length, delimiter.length - 1);
        if (state === "body") await emit(buf.subarray(0, buf.length - keep));
        buf = buf.subarray(buf.length - keep);
        return false;
      }
      // After the delimiter: "--" ends the body, CRLF starts the next part.
      if (buf.length < at + delimiter.length + 2) {
        if (state === "body") await emit(buf.subarray(0, at));
        buf = buf.subarray(at);
        return false;
      }
      if (state === "body") {
        await emit(buf.subarray(0, at));
        if (part && !part.isFile) fields[part.field] = Buffer.concat(text).toString("utf8");
      }
      const after = buf.subarray(at + delimiter.length, at + delimiter.length + 2).toString("latin1");
      buf = buf.subarray(at + delimiter.length + 2);
      if (after === "--") {
        state = "done";
        return false;
      }
      if (after !== "\r\n") throw new MultipartError("The multipart body is malformed.");
      state = "headers";
      return true;
    }
    if (state === "headers") {
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buf.length > MAX_HEADER_BYTES) throw new MultipartError("The multipart part headers are too large.");
        return false;
      }
      part = parseHeaders(buf.subarray(0, end).toString("utf8"));
      buf = buf.subarray(end + 4);
      text = [];
      textBytes = 0;
      sink = part.isFile ? await onFile(part) : null;
      state = "body";
      return true;
    }
    return false;
  };

  // destroyOnReturn false: on a failure the caller drains the request and still answers on it.
  const finished = () => state === "done";
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    if (finished()) continue; // the epilogue
    buf = buf.length === 0 ? (chunk as Buffer) : Buffer.concat([buf, chunk as Buffer]);
    while (!finished() && (await step()));
  }
  if (!finished()) throw new MultipartError("The multipart body ended before its closing boundary.");
  return fields;
}

/** Reads what is left of a request body, so the client sees the answer rather than a reset. */
export async function drainBody(body: Readable): Promise<void> {
  if (body.readableEnded) return;
  body.resume();
  await new Promise<void>((resolve) => {
    body.once("end", resolve);
    body.once("close", resolve);
    body.once("error", () => resolve());
  });
}
