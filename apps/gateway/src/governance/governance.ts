import type { ChatCompletion, ChatCompletionRequest, EmbeddingsRequest } from "@switchyard/schemas";
import type { FastifyReply, FastifyRequest, FastifyBaseLogger as Logger } from "fastify";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { RuntimeConfig, RuntimeKey, RuntimeModel } from "../config/runtime";
import type { ChatStreamStep } from "../pipeline/chat-stream";
import { type AdmissionSettings, admit, admitChat } from "./admission";
import { GovernedCall, measure } from "./call";
import { CounterStore } from "./limits/counter-store";
import { embeddingPromptTokens } from "./metering/estimate";
import { formatUsd } from "./metering/money";
import { createGovernanceMetrics, type GovernanceMetrics } from "./metrics";
import { policyFor } from "./policy/policy";
import { cachedSteps, governCompletion, governSteps } from "./reply/reply";
import { type SettlementDeps, settle } from "./settlement";
import type { SpendSink } from "./spend/sinks";

/** switchyard_limit_checks_total's label values, one array each (a check happens on every request). */
const storeLabels = { allowance: ["allowance"], redis: ["redis"], memory: ["memory"] } as const;

export interface GovernanceOptions {
  /** The gateway's shared Redis client (REDIS_URL); undefined: per-instance counters and an in-memory LRU cache. */
  readonly redis: Redis | undefined;
  readonly redisPrefix: string;
  readonly sink: SpendSink;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly registry: Registry;
  readonly defaultMaxOutputTokens?: number;
  readonly leaseMs?: number;
  readonly redisTimeoutMs?: number;
  /** Entries of the in-memory response cache (no Redis, or Redis down). */
  readonly memoryCacheEntries?: number;
}

/** A cache hit, already through the reply guardrails, for the chat call to return as is. */
export type CachedChat =
  | { readonly stream: false; readonly completion: ChatCompletion }
  | { readonly stream: true; readonly steps: AsyncGenerator<ChatStreamStep> };

/**
 * Limits, budgets, metering, the response cache, guardrails and spend events: everything the hot
 * path does besides routing. The chat call and the embeddings route call in at three points
 * (admit before dispatch, the reply on its way out, the settlement after the response); the
 * plugin wires the per-request hooks.
 */
export class Governance {
  readonly metrics: GovernanceMetrics;
  readonly counters: CounterStore;
  private readonly settings: AdmissionSettings;
  private readonly pending = new Set<Promise<void>>();
  private readonly settlementDeps: SettlementDeps;

  constructor(private readonly options: GovernanceOptions) {
    this.metrics = createGovernanceMetrics(options.registry);
    this.counters = new CounterStore(
      options.redis,
      options.memoryCacheEntries ?? 10_000,
      options.logger,
      options.redisTimeoutMs,
      () => this.metrics.fallbacks.inc(),
      (store) => this.metrics.limitChecks.inc(storeLabels[store]),
    );
    this.settings = {
      counters: this.counters,
      metrics: this.metrics,
      redisPrefix: options.redisPrefix,
      defaultMaxOutputTokens: options.defaultMaxOutputTokens ?? 4_096,
      leaseMs: options.leaseMs ?? 600_000,
    };
    this.settlementDeps = { ...options, counters: this.counters, metrics: this.metrics };
    const redis = options.redis;
    this.metrics.redisUp.set(redis?.status === "ready" ? 1 : 0);
    let up = redis?.status === "ready";
    redis?.on("ready", () => {
      this.metrics.redisUp.set(1);
      if (!up) options.logger.info("redis is back: limits, budgets and the cache are shared across gateways again");
      up = true;
    });
    redis?.on("close", () => {
      this.metrics.redisUp.set(0);
      if (up) options.logger.warn("redis unreachable: limits and budgets are per-instance until Redis is back (limits.failMode decides)");
      up = false;
    });
  }

  get sink(): SpendSink {
    return this.options.sink;
  }

  /** Chat (every ingress): guardrails in, cache lookup, reservation. Returns the body to send upstream, or the cached reply. */
  async admitChat(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { runtime: RuntimeConfig; key: RuntimeKey; model: RuntimeModel; body: ChatCompletionRequest },
  ): Promise<{ body: ChatCompletionRequest; cached: CachedChat | undefined }> {
    const call = this.callOf(request, input.runtime, input.key);
    const admitted = await admitChat(this.settings, request, reply, call, policyFor(input.runtime), {
      key: input.key,
      modelName: input.model.name,
      body: input.body,
    });
    if (!admitted.cached) return { body: admitted.body, cached: undefined };
    request.switchyard.usage = undefined;
    const cached: CachedChat =
      admitted.body.stream === true
        ? { stream: true, steps: governSteps(request, call, cachedSteps(admitted.cached)) }
        : { stream: false, completion: governCompletion(call, admitted.cached) };
    return { body: admitted.body, cached };
  }

  /** A non-streamed chat reply on its way out (reply guardrails, cache value). */
  completion(request: FastifyRequest, completion: ChatCompletion): ChatCompletion {
    const call = request.governance;
    return call ? governCompletion(call, completion) : completion;
  }

  /** A streamed chat reply on its way out (reply guardrails, first token, cache value). */
  steps(request: FastifyRequest, steps: AsyncGenerator<ChatStreamStep>): AsyncGenerator<ChatStreamStep> {
    const call = request.governance;
    return call ? governSteps(request, call, steps) : steps;
  }

  async admitEmbeddings(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { runtime: RuntimeConfig; key: RuntimeKey; model: RuntimeModel; body: EmbeddingsRequest },
  ): Promise<void> {
    const call = this.callOf(request, input.runtime, input.key);
    const policy = policyFor(input.runtime);
    await admit(this.settings, {
      request,
      reply,
      call,
      policy,
      key: input.key,
      modelName: input.model.name,
      prompt: embeddingPromptTokens(input.body),
      maxOutput: 0,
      lookup: undefined,
    });
  }

  /** onRequest of a data-plane POST. */
  begin(request: FastifyRequest): GovernedCall {
    const call = new GovernedCall();
    request.governance = call;
    return call;
  }

  /** onSend: cache status and cost (a trailer for streams, whose cost is known only at the end). */
  decorateReply(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    const call = request.governance;
    if (!call) return;
    reply.header("x-switchyard-cache", call.cacheHit ? "hit" : "miss");
    const streaming = typeof payload === "object" && payload !== null && typeof (payload as { pipe?: unknown }).pipe === "function";
    if (streaming) reply.trailer("x-switchyard-cost-usd", async () => formatUsd(measure(request, call).costAtto));
    else reply.header("x-switchyard-cost-usd", formatUsd(measure(request, call).costAtto));
  }

  /** The response is over (sent, failed or abandoned): settle and emit the spend event, once. */
  finish(request: FastifyRequest, reply: FastifyReply): void {
    const call = request.governance;
    if (!call || call.finalized) return;
    call.finalized = true;
    const work = settle(this.settlementDeps, request, reply, call).catch((error: unknown) =>
      this.options.logger.error({ err: (error as Error).message, requestId: request.id }, "settling a request failed"),
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  health(): { redis: "up" | "down" | "disabled"; spend: Record<string, unknown> } {
    return { redis: this.counters.redisStatus, spend: this.options.sink.health() };
  }

  /** Waits for settlements in progress, then writes (and delivers) every queued spend event. */
  async drain(): Promise<boolean> {
    await Promise.all([...this.pending]);
    return this.options.sink.drain();
  }

  async close(): Promise<void> {
    await Promise.race([Promise.all([...this.pending]), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.counters.close();
    await this.options.sink.close();
  }

  private callOf(request: FastifyRequest, runtime: RuntimeConfig, key: RuntimeKey): GovernedCall {
    const call = request.governance ?? this.begin(request);
    call.key = key;
    call.policy = policyFor(runtime);
    return call;
  }
}
