import type { CallContext, UpstreamRequest } from "@switchyard/providers";
import type { FastifyBaseLogger } from "fastify";
import type { RuntimeConfig, RuntimeDeployment, RuntimeModel } from "../config/runtime";
import type { UpstreamPools } from "../upstream/pools";
import { callUpstreamJson } from "../upstream/send";

interface Check {
  readonly deployment: RuntimeDeployment;
  readonly mode: RuntimeModel["mode"];
  readonly timer: NodeJS.Timeout;
  running: boolean;
}

/**
 * Optional background probes (deployment `healthCheck.intervalSeconds`): a one-token chat
 * completion (or a one-word embedding) through the deployment's own adapter and pool. A failed
 * probe marks the deployment unhealthy, so the router skips it until a probe passes again. Each
 * instance probes on its own: health is about the path from this gateway.
 */
export class HealthChecks {
  private readonly checks = new Map<string, Check>();
  private readonly unhealthy = new Set<string>();

  constructor(
    private readonly pools: UpstreamPools,
    private readonly logger: FastifyBaseLogger,
    private readonly onChange: (deploymentId: string, healthy: boolean) => void = () => {},
  ) {}

  isHealthy(deploymentId: string): boolean {
    return !this.unhealthy.has(deploymentId);
  }

  /** Starts, keeps or stops probes to match a new config. */
  apply(runtime: RuntimeConfig): void {
    const wanted = new Map<string, { deployment: RuntimeDeployment; mode: RuntimeModel["mode"] }>();
    for (const model of runtime.models.values()) {
      for (const deployment of model.deployments) {
        if (deployment.config.healthCheck) wanted.set(deployment.id, { deployment, mode: model.mode });
      }
    }
    for (const [id, check] of this.checks) {
      const next = wanted.get(id);
      if (next && sameDeployment(next.deployment, check.deployment)) {
        wanted.delete(id);
        continue;
      }
      clearInterval(check.timer);
      this.checks.delete(id);
      if (!next) this.unhealthy.delete(id);
    }
    for (const [id, { deployment, mode }] of wanted) {
      const intervalMs = (deployment.config.healthCheck?.intervalSeconds ?? 60) * 1000;
      const check: Check = { deployment, mode, running: false, timer: setInterval(() => void this.run(check), intervalMs) };
      check.timer.unref();
      this.checks.set(id, check);
      void this.run(check);
    }
  }

  private async run(check: Check): Promise<void> {
    if (check.running) return;
    check.running = true;
    const { deployment } = check;
    try {
      await this.probe(deployment, check.mode);
      this.mark(deployment.id, true);
    } catch (error) {
      this.mark(deployment.id, false, (error as Error).message);
    } finally {
      check.running = false;
    }
  }

  private async probe(deployment: RuntimeDeployment, mode: RuntimeModel["mode"]): Promise<void> {
    const timeoutMs = deployment.config.healthCheck?.timeoutMs ?? Math.min(deployment.timeoutMs, 10_000);
    const signal = AbortSignal.timeout(timeoutMs);
    const context: CallContext = {
      requestId: `health-${deployment.id}`,
      target: deployment.target,
      created: Math.floor(Date.now() / 1000),
      stream: false,
    };
    const embeddings = deployment.adapter.embeddings;
    let request: UpstreamRequest;
    if (mode === "embedding" && embeddings) {
      request = await embeddings.buildRequest({ model: deployment.modelName, input: "ping" }, context);
    } else {
      request = await deployment.adapter.chat.buildRequest(
        { model: deployment.modelName, messages: [{ role: "user", content: "ping" }], max_tokens: 1 },
        context,
      );
    }
    try {
      await callUpstreamJson(this.pools, deployment, request, context, signal);
    } catch (error) {
      // Our own timeout aborts the call, which the transport reports as a client hang-up.
      throw signal.aborted ? new Error(`no answer within ${timeoutMs} ms`) : error;
    }
  }

  private mark(deploymentId: string, healthy: boolean, reason?: string): void {
    const was = !this.unhealthy.has(deploymentId);
    if (healthy) this.unhealthy.delete(deploymentId);
    else this.unhealthy.add(deploymentId);
    if (was === healthy) return;
    if (healthy) this.logger.info({ deployment: deploymentId }, "deployment healthy again");
    else this.logger.warn({ deployment: deploymentId, reason }, "deployment failed its health check");
    this.onChange(deploymentId, healthy);
  }

  close(): void {
    for (const check of this.checks.values()) clearInterval(check.timer);
    this.checks.clear();
  }
}

/** A reload that keeps a deployment as it was keeps its probe (and its health) running. */
function sameDeployment(first: RuntimeDeployment, second: RuntimeDeployment): boolean {
  return JSON.stringify(first.config) === JSON.stringify(second.config) && first.target.apiKey === second.target.apiKey;
}
