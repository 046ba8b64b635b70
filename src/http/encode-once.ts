/**
 * An answer made bytes once. Fastify sends a string answer by counting its UTF-8 bytes
 * (`Buffer.byteLength`, for `content-length`) and then encoding it again in the socket write: two
 * walks of a page of 100 rows (~270 KB). Handed a Buffer, it takes `content-length` from the
 * Buffer's length and writes the bytes as they are. Small answers stay strings: Node writes a
 * short string together with the headers in one go, and there is little to save.
 * Runs as the last `onSend` step of /v1 (app.ts), after every hook that reads the answer as text
 * (the request log's capture, the response cache). docs/PERFORMANCE.md, "The request log's cost
 * per answer on PostgreSQL, and an answer encoded once".
 *
 * A long list no kept answer is made of (a data source query, a search) is not made one string
 * first: `encodeList` writes it to bytes result by result (docs/PERFORMANCE.md, "Where a query
 * answer's CPU goes").
 */
import type { FastifyReply, FastifyRequest } from "fastify";

/** Answers of at least this many characters are sent as a Buffer. */
export const ENCODE_ONCE_CHARS = 8 * 1024;
/** Lists of at least this many results are encoded result by result. */
export const LIST_BY_RESULT = 16;

/** `payload` as it should be sent: a long string as its UTF-8 bytes (their count noted for the request log), anything else as it is. */
export function encodeOnce(req: FastifyRequest, payload: unknown): unknown {
  if (Buffer.isBuffer(payload)) req.sentBytes = payload.length;
  if (typeof payload !== "string" || payload.length < ENCODE_ONCE_CHARS) return payload;
  const bytes = Buffer.from(payload, "utf8");
  req.sentBytes = bytes.length;
  return bytes;
}

/**
 * Has a long list (an object whose `results` holds LIST_BY_RESULT or more) serialized by
 * `encodeList`. Only for answers the response cache will not keep (it keeps text).
 */
export function encodeListsOnce(req: FastifyRequest, reply: FastifyReply, payload: unknown): void {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload) || "toJSON" in payload) return;
  const results = (payload as { results?: unknown }).results;
  if (!Array.isArray(results) || results.length < LIST_BY_RESULT) return;
  // Fastify types a serializer as returning text, but hands whatever it returns to the onSend
  // hooks and sends a Buffer as it is (content-length from its length).
  reply.serializer(encodeList as (payload: unknown) => unknown as (payload: unknown) => string);
  req.answeredByResult = true;
}

/**
 * The bytes of `JSON.stringify(list)`, made result by result. V8 builds a long JSON text as a
 * rope, and turning a ~270 KB rope into one flat string before encoding it cost about as much as
 * the `JSON.stringify` itself; each result's JSON is short and flat, and is written straight into
 * one Buffer. Keys are written as `JSON.stringify` writes them (own enumerable string keys in
 * order, skipping undefined, functions and symbols; an array's such elements as `null`).
 */
export function encodeList(list: Record<string, unknown>): Buffer {
  const parts: string[] = [];
  let sep = "{";
  for (const key of Object.keys(list)) {
    const value = list[key];
    if (key === "results" && Array.isArray(value)) {
      parts.push(`${sep}"results":[`);
      for (let i = 0; i < value.length; i++) parts.push((i === 0 ? "" : ",") + (JSON.stringify(value[i]) ?? "null"));
      parts.push("]");
    } else {
      const json = JSON.stringify(value);
      if (json === undefined) continue;
      parts.push(`${sep}${JSON.stringify(key)}:${json}`);
    }
    sep = ",";
  }
  parts.push(sep === "{" ? "{}" : "}");
  let bytes = 0;
  for (const part of parts) bytes += Buffer.byteLength(part, "utf8");
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (const part of parts) at += out.write(part, at, "utf8");
  return out;
}
