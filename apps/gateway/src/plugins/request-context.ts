import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";

/**
 * Every reply carries x-request-id; data-plane requests get a state object for the pipeline,
 * and one access-log line plus metrics when they finish (never bodies, never keys).
 */
async function requestContext(app: FastifyInstance): Promise<void> {
  app.decorateRequest("switchyard", null as never);

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    request.switchyard = { model: undefined, deploymentId: undefined, usage: undefined, errorCode: undefined };
  });

  app.addHook("onResponse", async (request, reply) => {
    const url = request.routeOptions.url;
    if (url === undefined || !url.startsWith("/v1/")) return;
    const state = request.switchyard;
    const model = state.model ?? "none";
    const status = reply.statusCode;
    const { metrics } = app.gateway;
    metrics.requests.inc({ model, status: String(status) });
    metrics.latency.observe({ model }, reply.elapsedTime / 1000);
    if (state.usage) {
      metrics.tokens.inc({ model, kind: "prompt" }, state.usage.prompt_tokens);
      metrics.tokens.inc({ model, kind: "completion" }, state.usage.completion_tokens);
    }
    request.log.info(
      {
        method: request.method,
        route: url,
        status,
        model: state.model,
        deployment: state.deploymentId,
        attempts: state.routing && state.routing.attempts.length > 1 ? state.routing.attempts.length : undefined,
        fallbacks: state.routing?.fallbacks || undefined,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        promptTokens: state.usage?.prompt_tokens,
        completionTokens: state.usage?.completion_tokens,
        error: state.errorCode,
      },
      "request",
    );
  });
}

export const requestContextPlugin = fastifyPlugin(requestContext, { name: "switchyard-request-context", fastify: "5.x" });
