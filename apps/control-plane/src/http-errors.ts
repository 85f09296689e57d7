import type { FastifyReply } from "fastify";
import type { ZodError } from "zod";
import { type AppError, httpStatusOf } from "./errors";

/**
 * Plain HTTP routes (data plane, internal) answer errors in OpenAI's envelope,
 * `{"error":{"message","type","param","code"}}`, like the rest of the data plane.
 */
export function sendError(reply: FastifyReply, status: number, code: string, message: string, param: string | null = null): FastifyReply {
  const type =
    status >= 500
      ? "server_error"
      : status === 401
        ? "authentication_error"
        : status === 403
          ? "permission_error"
          : "invalid_request_error";
  return reply.code(status).send({ error: { message, type, param, code } });
}

export function sendAppError(reply: FastifyReply, error: AppError): FastifyReply {
  return sendError(reply, httpStatusOf(error.code), error.reason ?? error.code, error.message);
}

export function sendValidationError(reply: FastifyReply, error: ZodError): FastifyReply {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join(".") : null;
  return sendError(reply, 400, "invalid_request", issue ? `${param ?? "body"}: ${issue.message}` : "invalid request", param);
}
