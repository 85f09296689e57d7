import type { UpstreamError } from "@switchyard/providers";
import type { RoutingConfig } from "@switchyard/schemas";
import type { FastifyBaseLogger } from "fastify";
import type { Registry } from "prom-client";
import type { RuntimeConfig, RuntimeDeployment, RuntimeModel } from "../config/runtime";
import type { GatewayRedis } from "../redis-connection";
import type { UpstreamPools } from "../upstream/pools";
import { type CooldownPolicy, type CooldownState, type Cooldowns, MemoryCooldowns } from "./cooldowns";
import { type DeploymentLimiter, hasLimits, type LimitGrant, MemoryDeploymentLimiter } from "./deployment-limits";
import { DeploymentStats } from "./deployment-stats";
import { classifyFailure, countsTowardsCooldown } from "./failure-class";
import { HealthChecks } from "./health-checks";
import type { RandomSource } from "./random";
import { RedisCooldowns } from "./redis-cooldowns";
import { RedisDeploymentLimiter } from "./redis-deployment-limits";
import type { DeploymentFacts, DeploymentLease, PickOptions, PickResult, RouteRequest, Router } from "./router";
import { createRoutingMetrics, type RoutingMetrics } from "./routing-metrics";
import { orderCandidates } from "./strategies";
import { matchTags } from "./tags";
import type { RouteKind } from "./trace";

export interface RouterOptions {
  readonly pools: UpstreamPools;
  readonly logger: FastifyBaseLogger;
  readonly registry: Registry;
  /** Shared cooldowns and deployment limits; undefined: this process only. */
  readonly redis?: GatewayRedis;
  readonly random?: RandomSource;
  /** Background health checks (deployments with `healthCheck`); default on. */
  readonly healthChecks?: boolean;
}

/** The longest a 429's retry-after keeps a deployment out of rotation. */
const maxRetryAfterCooldownMs = 10 * 60_000;

/** The gateway's router: strategy order → tags → cooldown/health → deployment limits. */
export class DefaultRouter implements Router {
  readonly stats = new DeploymentStats();
  readonly cooldowns: Cooldowns;
  readonly limiter: DeploymentLimiter;
  readonly health: HealthChecks;
  readonly metrics: RoutingMetrics;
  readonly random: RandomSource;
  private readonly logger: FastifyBaseLogger;
  private readonly healthChecksEnabled: boolean;
  private leaseCounter = 0;

  constructor(options: RouterOptions) {
    this.logger = options.logger;
    this.random = options.random ?? Math.random;
    this.metrics = createRoutingMetrics(options.registry);
    this.cooldowns = options.redis ? new RedisCooldowns(options.redis, options.logger) : new MemoryCooldowns();
    this.limiter = options.redis ? new RedisDeploymentLimiter(options.redis, options.logger) : new MemoryDeploymentLimiter();
    this.healthChecksEnabled = options.healthChecks ?? true;
    this.health = new HealthChecks(options.pools, options.logger, (deploymentId, healthy) =>
      this.metrics.healthy.set({ deployment: deploymentId }, healthy ? 1 : 0),
    );
  }

  apply(runtime: RuntimeConfig): void {
    if (this.healthChecksEnabled) this.health.apply(runtime);
    const ids = new Set<string>();
    for (const model of runtime.models.values()) for (const deployment of model.deployments) ids.add(deployment.id);
    this.stats.retain(ids);
  }

  async pick(model: RuntimeModel, routing: RoutingConfig, request: RouteRequest, options: PickOptions): Promise<PickResult> {
    const tagged = matchTags(model.deployments, request.tags);
    if (tagged.length === 0) return { ok: false, reason: "no-match", retryAfterMs: undefined };
    const candidates: RuntimeDeployment[] = [];
    const probes = new Set<string>();
    let soonestMs: number | undefined;
    const now = Date.now();
    const cooldownsOn = routing.cooldownSeconds > 0;
    for (const deployment of tagged) {
      if (options.exclude.has(deployment.id)) continue;
      if (!options.ignoreHealth && !this.health.isHealthy(deployment.id)) continue;
      // Cooldowns switched off for this model: whatever state a deployment was left in does not count.
      const state = cooldownsOn ? this.cooldowns.state(deployment.id, now) : "ok";
      if (state === "cooling") {
        const remaining = this.cooldowns.remainingMs(deployment.id, now);
        soonestMs = soonestMs === undefined ? remaining : Math.min(soonestMs, remaining);
        continue;
      }
      if (state === "probe") probes.add(deployment.id);
      candidates.push(deployment);
    }
    let ordered = orderCandidates(routing.strategy, candidates, this.stats, this.random);
    while (ordered.length > 0) {
      const leaseId = `${request.requestId}:${++this.leaseCounter}`;
      let chosen = ordered[0] as RuntimeDeployment;
      let grant: LimitGrant | undefined;
      if (hasLimits(chosen)) {
        const result = await this.limiter.acquire(ordered, request.estimatedTokens, leaseId);
        if (!result.ok) return { ok: false, reason: "at-capacity", retryAfterMs: result.retryAfterMs };
        grant = result.grant;
        chosen = ordered[grant.index] as RuntimeDeployment;
      }
      const probe = probes.size > 0 && probes.has(chosen.id);
      if (probe && !(await this.cooldowns.claimProbe(chosen.id, chosen.timeoutMs))) {
        // Another request is probing it: leave it out and take the next choice.
        if (grant) this.limiter.release(chosen, grant, leaseId, 0);
        const skipped = chosen;
        ordered = ordered.filter((deployment) => deployment !== skipped);
        continue;
      }
      this.stats.started(chosen.id);
      return { ok: true, lease: new RouterLease(this, model, routing, chosen, grant, leaseId, probe) };
    }
    return { ok: false, reason: "unavailable", retryAfterMs: soonestMs };
  }

  /** A failed attempt (or a stream that broke after answering) towards the deployment's cooldown. */
  async countFailure(
    model: RuntimeModel,
    routing: RoutingConfig,
    deployment: RuntimeDeployment,
    error: UpstreamError,
    probe: boolean,
  ): Promise<void> {
    // Cooling down a model's only route turns a hiccup into an outage: skip it.
    const hasAlternative = model.deployments.length > 1 || model.config.fallbacks.length > 0;
    if (routing.cooldownSeconds <= 0 || !hasAlternative) return;
    const policy: CooldownPolicy = {
      allowedFailures: routing.allowedFailures,
      failureWindowMs: routing.failureWindowSeconds * 1000,
      cooldownMs: routing.cooldownSeconds * 1000,
    };
    let immediateMs: number | undefined;
    if (probe) immediateMs = policy.cooldownMs;
    else if (error.kind === "rate_limit" && error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
      // The provider said when to come back: believe it.
      immediateMs = Math.min(error.retryAfterMs, maxRetryAfterCooldownMs);
    }
    const started = await this.cooldowns.recordFailure(deployment.id, policy, immediateMs === undefined ? {} : { immediateMs });
    if (started > 0) {
      this.metrics.cooldowns.inc({ deployment: deployment.id });
      this.logger.warn({ deployment: deployment.id, cooldownMs: started, kind: error.kind }, "deployment cooling down");
    }
  }

  cooldownState(deploymentId: string): CooldownState {
    return this.cooldowns.state(deploymentId);
  }

  deploymentFacts(deploymentId: string, now: number = Date.now()): DeploymentFacts {
    return {
      healthy: this.health.isHealthy(deploymentId),
      cooldownRemainingMs: this.cooldowns.remainingMs(deploymentId, now),
      inFlight: this.stats.inFlight(deploymentId),
    };
  }

  recordFallback(model: string, to: string, kind: RouteKind): void {
    this.metrics.fallbacks.inc({ model, to, kind });
  }

  async close(): Promise<void> {
    this.health.close();
    await this.cooldowns.close();
  }
}

/**
 * One attempt's hold on a deployment, from the pick until the response ends (a stream's whole
 * life). A class rather than an object of closures: it lives as long as the stream, and four
 * closures over the pick's scope cost about 400 B more per open stream.
 */
class RouterLease implements DeploymentLease {
  private released = false;

  constructor(
    private readonly router: DefaultRouter,
    private readonly model: RuntimeModel,
    private readonly routing: RoutingConfig,
    readonly deployment: RuntimeDeployment,
    private readonly grant: LimitGrant | undefined,
    private readonly leaseId: string,
    private readonly probe: boolean,
  ) {}

  succeeded(latencyMs: number): void {
    const { router, deployment } = this;
    router.stats.observeLatency(deployment.id, latencyMs);
    router.metrics.attempts.inc({ deployment: deployment.id, outcome: "success" });
    // A successful probe (or a panic-mode success) closes the breaker; healthy ones cost nothing.
    router.cooldowns.recordSuccess(deployment.id);
  }

  async failed(error: UpstreamError, latencyMs: number): Promise<void> {
    const { router, deployment } = this;
    router.metrics.attempts.inc({ deployment: deployment.id, outcome: error.kind });
    const failure = classifyFailure(error);
    if (!countsTowardsCooldown(failure)) return;
    // The latency strategy should stop preferring it; the penalty goes stale like any sample.
    router.stats.observeLatency(deployment.id, Math.max(latencyMs, deployment.timeoutMs));
    await router.countFailure(this.model, this.routing, deployment, error, this.probe);
  }

  brokeAfterAnswer(error: UpstreamError): void {
    const { router, deployment } = this;
    router.metrics.streamFailures.inc({ deployment: deployment.id, kind: error.kind });
    if (countsTowardsCooldown(classifyFailure(error))) void router.countFailure(this.model, this.routing, deployment, error, false);
  }

  release(actualTokens: number | undefined): void {
    if (this.released) return;
    this.released = true;
    this.router.stats.finished(this.deployment.id);
    if (this.grant) this.router.limiter.release(this.deployment, this.grant, this.leaseId, actualTokens);
  }
}

export function createRouter(options: RouterOptions): Router {
  return new DefaultRouter(options);
}
