import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";
import type { RequestState } from "../state";

/** A caller's x-request-id worth logging (anything else is dropped, never echoed into a log line). */
const clientRequestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

function newRequestState(clientRequestId: string | undefined): RequestState {
  return {
    clientRequestId,
    model: undefined,
    deploymentId: undefined,
    usage: undefined,
    errorCode: undefined,
    upstreamMs: 0,
    upstreamOpen: 0,
    upstreamSince: 0,
    firstTokenMs: undefined,
    responseModel: undefined,
    finishReasons: undefined,
    overheadMs: undefined,
    streamed: false,
    span: undefined,
  };
}

/**
 * Every reply carries x-request-id (the gateway's own id; a caller's x-request-id is logged as
 * clientRequestId); every request gets a state object for the pipeline. The
 * access log line, metrics and spans of data-plane requests come from observability/plugin.ts.
 */
async function requestContext(app: FastifyInstance): Promise<void> {
  app.decorateRequest("switchyard", null as never);

  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    const incoming = request.headers["x-request-id"];
    request.switchyard = newRequestState(typeof incoming === "string" && clientRequestIdPattern.test(incoming) ? incoming : undefined);
    done();
  });
}

export const requestContextPlugin = fastifyPlugin(requestContext, { name: "switchyard-request-context", fastify: "5.x" });
