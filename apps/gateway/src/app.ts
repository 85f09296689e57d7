import { randomUUID } from "node:crypto";
import { type ProviderRegistry, providerRegistry } from "@switchyard/providers";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { gracefulClosePlugin } from "@switchyard/server-kit/graceful-close";
import type { FastifyBaseLogger } from "fastify";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { ConfigStore } from "./config/store";
import { type GovernancePluginOptions, governance } from "./governance/plugin";
import { redactedPaths } from "./logger";
import { createMetrics } from "./observability/metrics";
import { observabilityPlugin } from "./observability/plugin";
import type { GatewayTracing } from "./observability/tracing/types";
import { bodyLimitPlugin } from "./plugins/body-limit";
import { errorHandlerPlugin } from "./plugins/error-handler";
import { requestContextPlugin } from "./plugins/request-context";
import { connectRedis, defaultRedisPrefix } from "./redis-connection";
import { chatCompletionsRoute } from "./routes/chat-completions";
import { embeddingsRoute } from "./routes/embeddings";
import { healthRoutes } from "./routes/health";
import { messagesRoute } from "./routes/messages";
import { metricsRoute } from "./routes/metrics";
import { modelsRoute } from "./routes/models";
import { createRouter } from "./routing/create-router";
import { seededRandom } from "./routing/random";
import { routingReplyHeadersPlugin } from "./routing/reply-headers";
import type { Router } from "./routing/router";
import type { GatewayState } from "./state";
import { UpstreamPools } from "./upstream/pools";
import "./state";

export interface BuildAppOptions {
  /** Initial config (programmatic/tests). Invalid → buildApp throws listing every problem. */
  config?: GatewayConfigInput;
  /** pino logger; default: Fastify's own at "info". `false` silences logging. */
  logger?: FastifyBaseLogger | false;
  /** base64 of 32 bytes, to unseal `apiKeySealed` provider keys. */
  masterKey?: string;
  registry?: ProviderRegistry;
  router?: Router;
  instanceId?: string;
  /** REDIS_URL: cooldowns and deployment limits shared by every gateway on it. Unset: in memory. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel (default "switchyard:"). */
  redisPrefix?: string;
  /** Seeds the router's random choices, for reproducible tests. */
  routingSeed?: number;
  /** Background health checks of deployments with `healthCheck` (default true). */
  healthChecks?: boolean;
  /** Limits, budgets, cache, guardrails, spend events (src/governance); spend events go nowhere unless `spend` is set. */
  governance?: GovernancePluginOptions;
  /** OpenTelemetry traces (observability/tracing/settings.ts `startTracing`); shut down with the app. Unset: no tracing. */
  tracing?: GatewayTracing;
}

/** Fastify's own limit is an outer bound only; the config's limits.maxBodyBytes is enforced by body-limit.ts. */
const outerBodyLimit = 1024 * 1024 * 1024;

/**
 * The gateway's plugin tree, not listening. Tests use `app.inject()` or `app.listen({ port: 0 })`;
 * server.ts adds config sources and signals. Swap configs with `app.gateway.store.apply(raw, meta)`.
 */
export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const registry = options.registry ?? providerRegistry;
  const app = Fastify({
    ...(options.logger === false
      ? { logger: false }
      : options.logger
        ? { loggerInstance: options.logger }
        : { logger: { level: "info", redact: { paths: redactedPaths, censor: "[redacted]" } } }),
    bodyLimit: outerBodyLimit,
    // One access line per request comes from request-context.ts instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Always our own, unique id: spend events are idempotent by it and max-parallel leases are keyed
    // by it, so a caller reusing its x-request-id (a retry) must not merge two requests. The caller's
    // id is kept as clientRequestId in the access line (plugins/request-context.ts).
    genReqId: () => `req_${randomUUID().replaceAll("-", "")}`,
    return503OnClosing: true,
  });

  const pools = new UpstreamPools();
  const metrics = createMetrics();
  const redis = options.redisUrl ? await connectRedis(options.redisUrl, options.redisPrefix ?? defaultRedisPrefix, app.log) : undefined;
  const router =
    options.router ??
    createRouter({
      pools,
      logger: app.log,
      registry: metrics.registry,
      redis,
      random: options.routingSeed === undefined ? undefined : seededRandom(options.routingSeed),
      healthChecks: options.healthChecks,
    });
  const state: GatewayState = {
    store: new ConfigStore(registry, options.masterKey),
    registry,
    router,
    redis,
    pools,
    metrics,
    tracing: options.tracing,
    instanceId: options.instanceId ?? `gateway-${randomUUID().slice(0, 8)}`,
  };
  app.decorate("gateway", state);
  state.store.onSwap((runtime) => {
    const origins = new Set<string>();
    for (const model of runtime.models.values()) for (const deployment of model.deployments) origins.add(deployment.origin);
    state.pools.retain(origins);
    state.router.apply(runtime);
    metrics.configApplied(runtime.meta);
  });
  metrics.probes.cooldowns = function* () {
    const runtime = state.store.current;
    if (!runtime) return;
    for (const model of runtime.models.values())
      for (const deployment of model.deployments) {
        const cooldown = state.router.cooldownState(deployment.id);
        yield [deployment.id, cooldown === "ok" ? 0 : cooldown === "cooling" ? 1 : 2] as const;
      }
  };
  app.addHook("onClose", async () => {
    await state.router.close();
    await state.pools.close();
    await state.redis?.close();
    // Spans of the last requests are exported before the process goes.
    await state.tracing
      ?.shutdown()
      .catch((error: unknown) => app.log.warn({ err: (error as Error).message }, "trace export on close failed"));
  });

  await app.register(gracefulClosePlugin);
  await app.register(requestContextPlugin);
  await app.register(observabilityPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(routingReplyHeadersPlugin);
  await app.register(bodyLimitPlugin);
  await app.register(governance, options.governance ?? {});
  metrics.probes.spoolDepth = () => Number(app.governance.sink.health().depth ?? 0);
  await app.register(healthRoutes);
  await app.register(metricsRoute);
  await app.register(chatCompletionsRoute);
  await app.register(embeddingsRoute);
  await app.register(modelsRoute);
  await app.register(messagesRoute);

  if (options.config !== undefined) {
    const result = state.store.apply(options.config, { source: "options" });
    if (!result.ok) {
      await app.close();
      throw new Error(`invalid gateway config:\n  ${result.errors.join("\n  ")}`);
    }
  }
  return app;
}
