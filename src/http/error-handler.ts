/** The one place where a thrown error becomes Notion's error body. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, OAuthError, errors } from "../api/errors.js";
import { Invalid, invalidToApiError } from "../api/validate.js";
import { loggableUrl } from "./request-log.js";

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Invalid) return invalidToApiError("body", err);
  const fe = err as FastifyError;
  switch (fe?.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return errors.bodyTooLarge();
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return errors.invalidJson();
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
    case "FST_ERR_CTP_INVALID_TYPE":
      return errors.invalidRequest(`Unsupported request: ${fe.message}`);
  }
  if (typeof fe?.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) return errors.invalidRequest(fe.message);
  return errors.internal();
}

export function errorBody(e: ApiError, requestId: string) {
  const body: Record<string, unknown> = { object: "error", status: e.status, code: e.code, message: e.message };
  if (e.additionalData) body.additional_data = e.additionalData;
  if (e instanceof OAuthError) {
    body.error = e.code;
    body.error_description = e.message;
  }
  body.request_id = requestId;
  return body;
}

export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const e = toApiError(err);
  if (e.status >= 500) req.server.quireErrorLog?.(`error ${req.method} ${loggableUrl(req.url)}: ${(err as Error)?.stack ?? err}`);
  if (e.headers) reply.headers(e.headers);
  reply.status(e.status).type("application/json; charset=utf-8").send(errorBody(e, req.id));
}
