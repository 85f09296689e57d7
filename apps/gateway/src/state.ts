import type { ProviderRegistry } from "@switchyard/providers";
import type { CompletionUsage } from "@switchyard/schemas";
import type { ConfigStore } from "./config/store";
import type { GatewayMetrics } from "./plugins/metrics";
import type { GatewayRedis } from "./redis-connection";
import type { Router } from "./routing/router";
import type { RoutingTrace } from "./routing/trace";
import type { UpstreamPools } from "./upstream/pools";

/** What the whole app shares, decorated as `app.gateway`. */
export interface GatewayState {
  readonly store: ConfigStore;
  readonly registry: ProviderRegistry;
  readonly router: Router;
  /** REDIS_URL's connection (shared limits, cooldowns); undefined: single-instance, in memory. */
  readonly redis: GatewayRedis | undefined;
  readonly pools: UpstreamPools;
  readonly metrics: GatewayMetrics;
  readonly instanceId: string;
}

/** Facts a request gathers on its way through the pipeline, for headers, metrics and logs. */
export interface RequestState {
  model: string | undefined;
  deploymentId: string | undefined;
  usage: CompletionUsage | undefined;
  /** Error summary for the access log (never a body or a secret). */
  errorCode: string | undefined;
  /** Set by dispatch: attempts, retries, fallbacks and the deployment that answered (metering reads it). */
  routing?: RoutingTrace;
}

declare module "fastify" {
  interface FastifyInstance {
    gateway: GatewayState;
  }
  interface FastifyRequest {
    switchyard: RequestState;
  }
}
