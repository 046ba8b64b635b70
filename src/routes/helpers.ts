/** Small pieces every /v1 route uses: the caller's context, ids in paths, pagination, bodies. */
import type { FastifyRequest } from "fastify";
import type { Ctx, Deps } from "../domain/context.js";
import { LIMITS } from "../api/limits.js";
import { check, fail, isObject, number, optional, uuid, object, string } from "../api/validate.js";

declare module "fastify" {
  interface FastifyRequest {
    ctx?: Ctx;
  }
}

/** The domain context the /v1 hooks attached to the request. */
export function ctxOf(req: FastifyRequest): Ctx {
  return req.ctx!;
}

/** A path parameter that must be a UUID (with or without dashes). */
export function pathId(req: FastifyRequest, name: string): string {
  const params = req.params as Record<string, string>;
  return check("path", (v, p) => uuid()((v as Record<string, unknown>)[name], `${p}.${name}`), params);
}

const pageSize = number({ integer: true, min: 1, max: LIMITS.PAGE_SIZE_MAX });

/** `start_cursor` and `page_size` from a query string; `uuidCursor` when cursors are ids. */
export function queryPagination(req: FastifyRequest, uuidCursor = true): { cursor: string | null; pageSize: number } {
  const q = req.query as Record<string, string | string[] | undefined>;
  return check(
    "query",
    (value, path) => {
      const v = value as Record<string, unknown>;
      const rawSize = Array.isArray(v.page_size) ? v.page_size[0] : v.page_size;
      let size: number = LIMITS.PAGE_SIZE_DEFAULT;
      if (rawSize !== undefined) {
        const n = rawSize === "" ? NaN : Number(rawSize);
        if (!Number.isFinite(n)) fail(`${path}.page_size`, "should be a number or `undefined`", rawSize);
        size = pageSize(n, `${path}.page_size`);
      }
      const rawCursor = Array.isArray(v.start_cursor) ? v.start_cursor[0] : v.start_cursor;
      let cursor: string | null = null;
      if (rawCursor !== undefined && rawCursor !== "") {
        cursor = uuidCursor ? optional(uuid())(rawCursor, `${path}.start_cursor`)! : string()(rawCursor, `${path}.start_cursor`);
      }
      return { cursor, pageSize: size };
    },
    q ?? {},
  );
}

/** The JSON body as an object (an absent body reads as `{}`). */
export function bodyOf(req: FastifyRequest): Record<string, unknown> {
  const body = req.body === undefined || req.body === null ? {} : req.body;
  return check(
    "body",
    (v, p) => {
      if (!isObject(v)) fail(p, "should be an object", v);
      return v;
    },
    body,
  );
}

export type { Deps };
export { object };
