/**
 * An answer made bytes once. Fastify sends a string answer by counting its UTF-8 bytes
 * (`Buffer.byteLength`, for `content-length`) and then encoding it again in the socket write: two
 * walks of a page of 100 rows (~270 KB). Handed a Buffer, it takes `content-length` from the
 * Buffer's length and writes the bytes as they are. Small answers stay strings: Node writes a
 * short string together with the headers in one go, and there is little to save.
 * Runs as the last `onSend` step of /v1 (app.ts), after every hook that reads the answer as text
 * (the request log's capture, the response cache). docs/PERFORMANCE.md, "The request log's cost
 * per answer on PostgreSQL, and an answer encoded once".
 */
import type { FastifyRequest } from "fastify";

/** Answers of at least this many characters are sent as a Buffer. */
export const ENCODE_ONCE_CHARS = 8 * 1024;

/** `payload` as it should be sent: a long string as its UTF-8 bytes (their count noted for the request log), anything else as it is. */
export function encodeOnce(req: FastifyRequest, payload: unknown): unknown {
  if (typeof payload !== "string" || payload.length < ENCODE_ONCE_CHARS) return payload;
  const bytes = Buffer.from(payload, "utf8");
  req.sentBytes = bytes.length;
  return bytes;
}
