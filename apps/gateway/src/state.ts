import type { ProviderRegistry } from "@switchyard/providers";
import type { CompletionUsage } from "@switchyard/schemas";
import type { ConfigStore } from "./config/store";
import type { GatewayMetrics } from "./observability/metrics";
import type { GatewayTracing, RequestSpan } from "./observability/tracing/types";
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
  /** OpenTelemetry traces; undefined when no OTEL_* endpoint is set (the SDK is then never loaded). */
  readonly tracing: GatewayTracing | undefined;
  readonly instanceId: string;
}

/** Facts a request gathers on its way through the pipeline, for headers, metrics and logs. */
export interface RequestState {
  /** The caller's own x-request-id, when it sent a sane one: logged to join the caller's logs to ours. */
  readonly clientRequestId: string | undefined;
  model: string | undefined;
  deploymentId: string | undefined;
  usage: CompletionUsage | undefined;
  /** Error summary for the access log (never a body or a secret). */
  errorCode: string | undefined;
  /** Set by dispatch: attempts, retries, fallbacks and the deployment that answered (metering reads it). */
  routing?: RoutingTrace;
  /** Time spent waiting on upstream calls and retry backoff (ms): what the overhead excludes. */
  upstreamMs: number;
  /** Upstream waits in progress (observability/upstream-time.ts), and since when at least one was. */
  upstreamOpen: number;
  upstreamSince: number;
  /** Streams: ms from the request's arrival to its first chunk being ready to send. */
  firstTokenMs: number | undefined;
  /** The model the upstream says answered, and why each choice stopped (OpenAI's vocabulary), for traces. */
  responseModel: string | undefined;
  finishReasons: readonly string[] | undefined;
  /** Gateway time up to the response headers (ms), set when they go out. */
  overheadMs: number | undefined;
  /** The reply is a stream (known when the headers go out). */
  streamed: boolean;
  /** The request's server span, when tracing is on. */
  span: RequestSpan | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    gateway: GatewayState;
  }
  interface FastifyRequest {
    switchyard: RequestState;
  }
}
