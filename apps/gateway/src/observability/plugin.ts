import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fastifyPlugin from "fastify-plugin";
import type { GatewayMetrics } from "./metrics";
import { responseFacts } from "./response-facts";

/**
 * What every data-plane request (/v1/*) reports: `x-switchyard-overhead-ms` on the reply, then,
 * once the response is over (sent, failed or abandoned), metrics, one access-log line and the end
 * of its server span. Never bodies, never keys (payload logging is a per-team opt-in, see
 * payload-log.ts).
 */

function isStream(payload: unknown): boolean {
  return typeof payload === "object" && payload !== null && typeof (payload as { pipe?: unknown }).pipe === "function";
}

/** The same string object per status, so label lookups hit cached hashes. */
const statusLabels = new Map<number, string>();
function statusLabel(status: number): string {
  let label = statusLabels.get(status);
  if (label === undefined) {
    label = String(status);
    statusLabels.set(status, label);
  }
  return label;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function finish(metrics: GatewayMetrics, route: string, request: FastifyRequest, reply: FastifyReply): void {
  const state = request.switchyard;
  const finished = reply.raw.writableFinished;
  // Nobody received an answer: log it as proxies do (499), whatever status was prepared.
  const status = finished ? reply.statusCode : 499;
  const elapsedMs = reply.elapsedTime;
  const routing = state.routing;
  const answered = routing?.deployment;
  const model = state.model ?? "none";
  const team = request.governance?.key?.team;
  const stream = state.streamed ? "true" : "false";

  metrics.inFlight.add([route], -1);
  metrics.requests.inc([route, model, answered?.id ?? "none", answered?.adapter.name ?? "none", statusLabel(status)]);
  metrics.duration.observe([route, model, stream], elapsedMs / 1000);
  if (state.overheadMs !== undefined) metrics.overhead.observe([route, stream], state.overheadMs / 1000);
  if (state.firstTokenMs !== undefined && answered) metrics.timeToFirstToken.observe([model, answered.id], state.firstTokenMs / 1000);
  if (state.usage) {
    const teamLabel = team ?? "none";
    metrics.tokens.inc([model, teamLabel, "prompt"], state.usage.prompt_tokens);
    metrics.tokens.inc([model, teamLabel, "completion"], state.usage.completion_tokens);
  }
  if (routing && routing.retries > 0) metrics.retries.inc([model], routing.retries);

  state.span?.end({
    ...responseFacts(request, status),
    deployment: answered?.id,
    provider: answered?.adapter.name,
    attempts: routing?.attempts.length ?? 0,
    retries: routing?.retries ?? 0,
    fallbacks: routing?.fallbacks ?? 0,
    cacheHit: request.governance?.cacheHit === true,
    team,
    overheadMs: state.overheadMs,
    aborted: !finished,
  });

  request.log.info(
    {
      method: request.method,
      route,
      clientRequestId: state.clientRequestId,
      status,
      model: state.model,
      deployment: state.deploymentId,
      team,
      attempts: routing && routing.attempts.length > 1 ? routing.attempts.length : undefined,
      fallbacks: routing?.fallbacks || undefined,
      ms: roundMs(elapsedMs),
      overheadMs: state.overheadMs,
      ttftMs: state.firstTokenMs === undefined ? undefined : roundMs(state.firstTokenMs),
      cache: request.governance?.cacheHit ? "hit" : undefined,
      promptTokens: state.usage?.prompt_tokens,
      completionTokens: state.usage?.completion_tokens,
      error: state.errorCode,
    },
    "request",
  );
}

async function observability(app: FastifyInstance): Promise<void> {
  const { metrics, tracing } = app.gateway;

  app.addHook("onRequest", (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route?.startsWith("/v1/")) {
      metrics.inFlight.add([route], 1);
      if (tracing)
        request.switchyard.span = tracing.startRequest({ method: request.method, route, headers: request.headers, requestId: request.id });
      // 'close' also fires when the client leaves first, so abandoned streams are counted too. It fires
      // once: `on` spares the once-wrapper, which an open stream would keep alive.
      reply.raw.on("close", () => finish(metrics, route, request, reply));
    }
    done();
  });

  // The headers are about to go out (for a stream: with its first chunk ready behind them).
  app.addHook("onSend", (request, reply, payload, done) => {
    const state = request.switchyard;
    if (state && request.routeOptions.url?.startsWith("/v1/")) {
      const overheadMs = roundMs(Math.max(0, reply.elapsedTime - state.upstreamMs));
      state.overheadMs = overheadMs;
      state.streamed = isStream(payload);
      reply.header("x-switchyard-overhead-ms", String(overheadMs));
    }
    done(null, payload);
  });
}

export const observabilityPlugin = fastifyPlugin(observability, {
  name: "switchyard-observability",
  fastify: "5.x",
  dependencies: ["switchyard-request-context"],
});
