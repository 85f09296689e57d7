import { UpstreamError } from "@switchyard/providers";
import type { OpenAIErrorBody } from "@switchyard/schemas";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fastifyPlugin from "fastify-plugin";
import { errors, GatewayError } from "../errors";
import { ClientClosedError } from "../upstream/transport-errors";
import { defaultMaxBodyBytes } from "./body-limit";

function upstreamErrorReply(error: UpstreamError, reply: FastifyReply): OpenAIErrorBody {
  // Only a deployment that answered is named (a refused connection answered nothing).
  if (error.deploymentId && error.status !== undefined) reply.header("x-switchyard-deployment", error.deploymentId);
  if (error.retryAfterMs !== undefined) reply.header("retry-after", String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  reply.code(error.gatewayStatus);
  return error.toOpenAIError();
}

/** Fastify's own errors (body parsing, content type) in OpenAI's words. */
function fromFastifyError(error: FastifyError, bodyLimit: number): GatewayError {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return errors.bodyTooLarge(bodyLimit);
  if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return errors.invalidJson();
  }
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new GatewayError(415, "Unsupported Content-Type; send 'application/json'.", { code: "unsupported_media_type" });
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  return new GatewayError(status, status === 500 ? "The gateway had an internal error." : error.message, { code: error.code ?? null });
}

/**
 * Any error → the status and headers set on `reply` and OpenAI's envelope to send, or undefined
 * when nobody is listening (the client closed). Also records it for the access log. Exported so
 * an ingress with another envelope (/v1/messages) renders the same decision in its own words.
 */
export function errorReply(
  app: FastifyInstance,
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): OpenAIErrorBody | undefined {
  const state = request.switchyard;
  if (error instanceof ClientClosedError) {
    if (state) state.errorCode = "client_closed";
    // Nobody is listening; 499 is what proxies log for this.
    reply.code(499);
    return undefined;
  }
  if (error instanceof UpstreamError) {
    if (state) state.errorCode = error.code ?? error.kind;
    request.log.warn(
      {
        requestId: request.id,
        deployment: error.deploymentId,
        kind: error.kind,
        status: error.status,
        upstreamBody: error.body?.slice(0, 500),
      },
      `upstream error: ${error.message}`,
    );
    return upstreamErrorReply(error, reply);
  }
  const gatewayError =
    error instanceof GatewayError
      ? error
      : fromFastifyError(error as FastifyError, app.gateway.store.current?.maxBodyBytes ?? defaultMaxBodyBytes);
  if (state) state.errorCode = gatewayError.code ?? String(gatewayError.status);
  if (gatewayError.status >= 500 && !(error instanceof GatewayError))
    request.log.error({ err: error, requestId: request.id }, "unhandled error");
  for (const [name, value] of Object.entries(gatewayError.headers)) reply.header(name, value);
  reply.code(gatewayError.status);
  return gatewayError.toBody();
}

async function errorHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => reply.send(errorReply(app, error, request, reply)));

  app.setNotFoundHandler((request, reply) => {
    const error = new GatewayError(404, `Unknown request URL: ${request.method} ${request.url.split("?")[0]}.`, { code: "unknown_url" });
    return reply.code(404).send(error.toBody());
  });
}

export const errorHandlerPlugin = fastifyPlugin(errorHandler, { name: "switchyard-error-handler", fastify: "5.x" });
