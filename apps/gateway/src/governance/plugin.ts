import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";
import { Governance } from "./governance";
import { policyFor } from "./policy/policy";
import { openSpendSink, type SpendSinkOptions } from "./spend/sinks";

export interface GovernancePluginOptions {
  /** Where spend events go (default: nowhere, for library use and tests that do not look). */
  readonly spend?: SpendSinkOptions;
  /** Output tokens a request without max_tokens reserves (default 4096). */
  readonly defaultMaxOutputTokens?: number;
  /** A Redis call slower than this falls back to per-instance counters (default 1000 ms). */
  readonly redisTimeoutMs?: number;
}

declare module "fastify" {
  interface FastifyInstance {
    governance: Governance;
  }
}

/**
 * Wires governance into every data-plane POST (/v1/chat/completions, /v1/messages, /v1/embeddings):
 * a GovernedCall per request, cache and cost headers on the way out, and settlement plus the spend
 * event when the response is over, including rejections (401/403/404/429) and abandoned requests.
 */
async function governancePlugin(app: FastifyInstance, options: GovernancePluginOptions): Promise<void> {
  // The sink starts first (it may hold events from a previous run); its delivery hooks count once metrics exist.
  let started: Governance | undefined;
  const sink = await openSpendSink(options.spend ?? { kind: "none" }, app.log, {
    onDelivered: (events) => started?.metrics.spendEvents.inc(["delivered"], events),
    onDeliveryFailure: () => started?.metrics.deliveryFailures.inc(),
  });
  const redis = app.gateway.redis;
  const service = new Governance({
    redis: redis?.client,
    redisPrefix: redis?.prefix ?? "switchyard:",
    sink,
    logger: app.log,
    instanceId: app.gateway.instanceId,
    registry: app.gateway.metrics.registry,
    defaultMaxOutputTokens: options.defaultMaxOutputTokens,
    redisTimeoutMs: options.redisTimeoutMs,
  });
  started = service;
  app.decorate("governance", service);
  app.decorateRequest("governance", null);

  // Callback-style hooks: the hot path pays no promise per hook.
  app.addHook("onRequest", (request, reply, done) => {
    const route = request.routeOptions.url;
    // count_tokens is advisory and free (as at Anthropic): no limits, no spend event.
    if (request.method === "POST" && route?.startsWith("/v1/") && route !== "/v1/messages/count_tokens") {
      service.begin(request);
      // 'close' comes after 'finish' and also when the client leaves first: exactly once either way
      // (finish() also guards itself). `on`, not `once`: a once wrapper costs ~150 B per open stream.
      reply.raw.on("close", () => service.finish(request, reply));
    }
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    service.decorateReply(request, reply, payload);
    done(null, payload);
  });
  app.addHook("onClose", async () => {
    await service.close();
  });

  app.gateway.store.onSwap((runtime) => {
    const policy = policyFor(runtime);
    for (const problem of policy.guardrails.problems) app.log.error(problem);
    if (policy.unpriced.length > 0)
      app.log.info({ deployments: policy.unpriced }, "no price for these deployments: metered at $0 (set `price`)");
  });
}

export const governance = fastifyPlugin(governancePlugin, { name: "switchyard-governance", fastify: "5.x" });
