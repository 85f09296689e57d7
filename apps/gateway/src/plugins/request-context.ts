import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";
import type { RequestState } from "../state";

function newRequestState(): RequestState {
  return {
    model: undefined,
    deploymentId: undefined,
    usage: undefined,
    errorCode: undefined,
    upstreamMs: 0,
    firstTokenMs: undefined,
    responseModel: undefined,
    finishReasons: undefined,
    overheadMs: undefined,
    streamed: false,
    span: undefined,
  };
}

/**
 * Every reply carries x-request-id; every request gets a state object for the pipeline. The
 * access log line, metrics and spans of data-plane requests come from observability/plugin.ts.
 */
async function requestContext(app: FastifyInstance): Promise<void> {
  app.decorateRequest("switchyard", null as never);

  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    request.switchyard = newRequestState();
    done();
  });
}

export const requestContextPlugin = fastifyPlugin(requestContext, { name: "switchyard-request-context", fastify: "5.x" });
