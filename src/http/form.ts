/**
 * HTML form bodies (`application/x-www-form-urlencoded`) for the few routes that take them (the
 * sign-in pages: src/routes/signin.ts `FORM_ROUTES`); everywhere else such a body stays refused
 * as /v1 refuses it (src/http/body.ts). Small (16 KB), read whole, first value of each field.
 */
import type { FastifyRequest } from "fastify";
import type { Readable } from "node:stream";
import { dict } from "../lib/dict.js";
import { ApiError } from "../api/errors.js";

/** Marks a body parsed from a form, so JSON sent to a form route is never taken for one. */
export const FORM = Symbol.for("quire.form");

/** Largest form body accepted unless the route says otherwise. */
export const FORM_BYTES = 16 * 1024;

/** True when a Content-Type header names a URL-encoded form. */
export function isFormType(header: string | undefined): boolean {
  return (header ?? "").split(";")[0].trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** Reads a form body into its fields (null-prototype record, marked with FORM). */
export async function readFormBody(req: FastifyRequest, payload: Readable, limit = FORM_BYTES): Promise<Record<string, string>> {
  if (Number(req.headers["content-length"]) > limit) {
    payload.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const fields = dict<string>();
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) if (!(k in fields)) fields[k] = v;
  Object.defineProperty(fields, FORM, { value: true });
  return fields;
}

const tooLarge = (limit: number) => new ApiError(413, "validation_error", `The form is larger than ${limit} bytes.`);
