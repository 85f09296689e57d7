import type { UpstreamError } from "@switchyard/providers";
import type { RoutingConfig } from "@switchyard/schemas";
import type { RuntimeConfig, RuntimeDeployment, RuntimeModel } from "../config/runtime";
import type { CooldownState } from "./cooldowns";
import type { RandomSource } from "./random";
import type { RouteKind } from "./trace";

/** What the router needs to know about a request. */
export interface RouteRequest {
  readonly requestId: string;
  /** Requested deployment tags (header or metadata.tags); empty: untagged. */
  readonly tags: readonly string[];
  /** Rough token count, charged to deployment tpm until the real usage is known. */
  readonly estimatedTokens: number;
}

export interface PickOptions {
  /** Deployments this request must not use again. */
  readonly exclude: ReadonlySet<string>;
  /**
   * Nothing else is left anywhere: ignore failed health checks (synthetic probes may be wrong).
   * Cooldowns still hold: they come from real failures, and a 429's retry-after is the provider's word.
   */
  readonly ignoreHealth: boolean;
}

/** Why no deployment was picked. */
export type Unavailable =
  /** No deployment carries the requested tags. */
  | "no-match"
  /** Every candidate is cooling down, unhealthy or excluded. */
  | "unavailable"
  /** Every candidate is at its rpm/tpm/maxParallel. */
  | "at-capacity";

export type PickResult =
  | { readonly ok: true; readonly lease: DeploymentLease }
  | { readonly ok: false; readonly reason: Unavailable; readonly retryAfterMs: number | undefined };

/** One attempt's hold on a deployment (capacity, in-flight count, probe). */
export interface DeploymentLease {
  readonly deployment: RuntimeDeployment;
  /** The attempt answered (latency: to the answer, or the first chunk of a stream). */
  succeeded(latencyMs: number): void;
  /** The attempt failed; resolves once the failure is counted (so the next pick sees a cooldown). */
  failed(error: UpstreamError, latencyMs: number): Promise<void>;
  /** A stream that had answered broke later: counts towards the cooldown, not as another attempt. */
  brokeAfterAnswer(error: UpstreamError): void;
  /** The request is over: frees capacity and corrects the token estimate. Idempotent. */
  release(actualTokens: number | undefined): void;
}

/**
 * The routing seam: which deployment of a model takes an attempt. Strategies, tags, cooldowns,
 * health and deployment limits live behind it; `dispatch` (retries, fallbacks) asks once per attempt.
 */
export interface DeploymentFacts {
  /** False while its background health check fails. */
  readonly healthy: boolean;
  /** 0 when not cooling down. */
  readonly cooldownRemainingMs: number;
  readonly inFlight: number;
}

export interface Router {
  pick(model: RuntimeModel, routing: RoutingConfig, request: RouteRequest, options: PickOptions): Promise<PickResult>;
  /** For metrics: dispatch moved from `model` to the fallback `to`. */
  recordFallback(model: string, to: string, kind: RouteKind): void;
  /** Backoff jitter draws from the same (seedable) source as routing. */
  readonly random: RandomSource;
  /** A new config is active (health checks follow it). */
  apply(runtime: RuntimeConfig): void;
  /** For metrics: a deployment's cooldown state as this instance sees it (local memory, no I/O). */
  cooldownState(deploymentId: string): CooldownState;
  /** For heartbeats: what this instance knows of a deployment (local memory, no I/O). */
  deploymentFacts(deploymentId: string, now?: number): DeploymentFacts;
  close(): Promise<void>;
}
