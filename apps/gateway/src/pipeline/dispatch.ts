import type { IncomingHttpHeaders } from "node:http";
import { UpstreamError } from "@switchyard/providers";
import type { CompletionUsage } from "@switchyard/schemas";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RuntimeConfig, RuntimeDeployment, RuntimeModel } from "../config/runtime";
import { GatewayError } from "../errors";
import { responseFacts } from "../observability/response-facts";
import { clientTraceHeaders } from "../observability/tracing/pass-through";
import type { AttemptSpan, GatewayTracing } from "../observability/tracing/types";
import { retryDelayMs, sleep } from "../routing/backoff";
import { effectiveRouting } from "../routing/effective-config";
import { classifyFailure, type FailureClass } from "../routing/failure-class";
import type { DeploymentLease, RouteRequest, Router, Unavailable } from "../routing/router";
import { startStream } from "../routing/stream-start";
import { requestTags } from "../routing/tags";
import { newRoutingTrace, type RouteKind, type RoutingTrace } from "../routing/trace";
import { ClientClosedError } from "../upstream/transport-errors";
import type { ChatStreamStep } from "./chat-stream";
import type { Cancel } from "./client-abort";

export interface DispatchInput {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** The config this request runs under (fallback models are looked up in it). */
  readonly runtime: RuntimeConfig;
  readonly model: RuntimeModel;
  /** The parsed body: `metadata.tags` and `max_tokens` feed routing. */
  readonly body: unknown;
  readonly stream: boolean;
  /** Aborts when the client leaves. */
  readonly signal: Cancel;
}

/** What one attempt gets besides its deployment. */
export interface AttemptHandle {
  /** Pass to the upstream call: aborts when the client leaves or a stream's first token is late. */
  readonly signal: Cancel;
  /** W3C trace context to send upstream: this attempt's span, or the client's own when tracing is off. */
  readonly traceHeaders: Readonly<Record<string, string>> | undefined;
  /**
   * Streams: resolves once the first chunk exists, with the stream to render. A failure before it
   * throws (and is retried or falls back); one after it ends the stream with an error event.
   */
  start(stream: AsyncGenerator<ChatStreamStep>): Promise<AsyncGenerator<ChatStreamStep>>;
}

export type Attempt<T> = (deployment: RuntimeDeployment, attempt: AttemptHandle) => Promise<T>;

type ModelOutcome<T> =
  | { readonly type: "success"; readonly deployment: RuntimeDeployment; readonly result: T }
  | { readonly type: "exhausted" | "context" | "content" }
  | { readonly type: "unavailable"; readonly reason: Unavailable; readonly retryAfterMs: number | undefined };

type AttemptOutcome<T> =
  | { readonly type: "success"; readonly deployment: RuntimeDeployment; readonly result: T }
  | { readonly type: Exclude<FailureClass, "request">; readonly error: UpstreamError };

const noDeployments: ReadonlySet<string> = new Set();

/**
 * Runs `attempt` until one deployment answers: retries (backoff with jitter, retry-after)
 * across a model's deployments up to `routing.retries`, then the model's fallbacks in order
 * (`fallbacks`, or `contextWindowFallbacks` / `contentPolicyFallbacks` for those refusals).
 * An attempt is idempotent up to its first byte to the client. Records everything on
 * `request.switchyard.routing`.
 */
export async function dispatch<T>(input: DispatchInput, attempt: Attempt<T>): Promise<{ deployment: RuntimeDeployment; result: T }> {
  return new DispatchSession(input, attempt).run();
}

class DispatchSession<T> {
  private readonly router: Router;
  private readonly trace: RoutingTrace;
  private readonly route: RouteRequest;
  private readonly tracing: GatewayTracing | undefined;
  /** Tracing off: the client's traceparent goes upstream as it came. */
  private readonly passThrough: Readonly<Record<string, string>> | undefined;
  private lastError: UpstreamError | undefined;
  private unavailable: { reason: Unavailable; retryAfterMs: number | undefined } | undefined;

  constructor(
    private readonly input: DispatchInput,
    private readonly attempt: Attempt<T>,
  ) {
    const { request, runtime, model } = input;
    this.router = request.server.gateway.router;
    this.tracing = request.server.gateway.tracing;
    this.passThrough = this.tracing ? undefined : clientTraceHeaders(request.headers);
    this.trace = newRoutingTrace();
    request.switchyard.routing = this.trace;
    this.route = {
      requestId: request.id,
      tags: requestTags(request.headers, input.body, effectiveRouting(runtime, model).tagHeader),
      estimatedTokens: estimateTokens(request.headers, input.body),
    };
  }

  async run(): Promise<{ deployment: RuntimeDeployment; result: T }> {
    const { model, runtime } = this.input;
    const primary = await this.tryModel(model, "primary", false);
    if (primary.type === "success") return primary;
    const [names, kind]: [readonly string[], RouteKind] =
      primary.type === "context"
        ? [model.config.contextWindowFallbacks, "context-window"]
        : primary.type === "content"
          ? [model.config.contentPolicyFallbacks, "content-policy"]
          : [model.config.fallbacks, "fallback"];
    for (const name of names) {
      const fallback = runtime.models.get(name);
      if (!fallback || fallback === model || fallback.mode !== model.mode) continue;
      this.trace.fallbacks++;
      this.router.recordFallback(model.name, fallback.name, kind);
      const outcome = await this.tryModel(fallback, kind, false);
      if (outcome.type === "success") return outcome;
    }
    // Nothing anywhere could even be tried: rather than fail a request that a deployment marked
    // unhealthy by a synthetic health check may well answer, try those too.
    if (this.trace.attempts.length === 0 && primary.type === "unavailable" && primary.reason === "unavailable") {
      const outcome = await this.tryModel(model, "primary", true);
      if (outcome.type === "success") return outcome;
    }
    throw this.finalError();
  }

  private async tryModel(model: RuntimeModel, kind: RouteKind, ignoreHealth: boolean): Promise<ModelOutcome<T>> {
    const routing = effectiveRouting(this.input.runtime, model);
    const maxAttempts = routing.retries + 1;
    /** Failed with a transient error: not again until every other deployment was tried. */
    const failed = new Map<string, { error: UpstreamError; at: number }>();
    /** Not again in this request. */
    const banned = new Set<string>();
    let attempts = 0;
    let backoffs = 0;
    while (attempts < maxAttempts) {
      const exclude = failed.size === 0 && banned.size === 0 ? noDeployments : new Set([...failed.keys(), ...banned]);
      let pick = await this.router.pick(model, routing, this.route, { exclude, ignoreHealth });
      if (!pick.ok && pick.reason === "unavailable" && failed.size > 0) {
        // Every other deployment is used up: back off, then try one that failed transiently again.
        const now = Date.now();
        let retryAfterMs: number | undefined;
        for (const { error, at } of failed.values()) {
          if (error.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs - (now - at));
        }
        const delay = retryDelayMs(routing, backoffs++, retryAfterMs, this.router.random);
        if (delay === undefined) return { type: "exhausted" };
        await this.sleep(delay);
        failed.clear();
        pick = await this.router.pick(model, routing, this.route, { exclude: banned, ignoreHealth });
      }
      if (!pick.ok) {
        this.unavailable ??= { reason: pick.reason, retryAfterMs: pick.retryAfterMs };
        return attempts === 0 ? { type: "unavailable", reason: pick.reason, retryAfterMs: pick.retryAfterMs } : { type: "exhausted" };
      }
      attempts++;
      if (attempts > 1) this.trace.retries++;
      const outcome = await this.runAttempt(model, kind, pick.lease);
      if (outcome.type === "success") return outcome;
      const id = pick.lease.deployment.id;
      if (outcome.type === "context" || outcome.type === "content") return { type: outcome.type };
      if (outcome.type === "deployment" || (outcome.error.retryAfterMs ?? 0) > routing.maxRetryWaitMs) banned.add(id);
      else failed.set(id, { error: outcome.error, at: Date.now() });
    }
    return { type: "exhausted" };
  }

  private async runAttempt(model: RuntimeModel, kind: RouteKind, lease: DeploymentLease): Promise<AttemptOutcome<T>> {
    const { input, trace } = this;
    const { deployment } = lease;
    input.request.switchyard.deploymentId = deployment.id;
    const started = performance.now();
    const firstTokenMs = input.stream ? deployment.config.firstTokenTimeoutMs : undefined;
    let signal = input.signal;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    if (firstTokenMs !== undefined) {
      const attemptSignal = input.signal.child();
      signal = attemptSignal;
      timer = setTimeout(() => {
        timedOut = true;
        attemptSignal.abort();
      }, firstTokenMs);
    }
    const span = this.tracing?.startAttempt({
      parent: input.request.switchyard.span,
      operation: model.mode === "embedding" ? "embeddings" : "chat",
      deployment,
      model: model.name,
      attempt: trace.attempts.length + 1,
      routeKind: kind,
      stream: input.stream,
    });
    const handle: AttemptHandle = {
      signal,
      traceHeaders: span ? span.headers : this.passThrough,
      start: (stream) =>
        startStream(
          stream,
          () => clearTimeout(timer),
          (error) => lease.brokeAfterAnswer(error),
        ),
    };
    try {
      const result = await this.attempt(deployment, handle);
      if (timedOut) throw new ClientClosedError("first-token timeout");
      clearTimeout(timer);
      const latencyMs = performance.now() - started;
      lease.succeeded(latencyMs);
      trace.attempts.push({
        deploymentId: deployment.id,
        model: model.name,
        outcome: "success",
        status: 200,
        errorKind: undefined,
        latencyMs,
      });
      trace.deployment = deployment;
      trace.routeKind = kind;
      // Failed attempts before this one logged their errors; the request itself succeeded.
      input.request.switchyard.errorCode = undefined;
      // A stream's attempt lasts until the stream ends (its usage is known only then).
      if (span && !input.stream) span.succeeded(responseFacts(input.request, 200));
      this.releaseWhenDone(lease, input.stream ? span : undefined);
      return { type: "success", deployment, result };
    } catch (caught) {
      clearTimeout(timer);
      const latencyMs = performance.now() - started;
      const error =
        timedOut && !input.signal.aborted
          ? new UpstreamError({
              kind: "timeout",
              provider: deployment.adapter.name,
              deploymentId: deployment.id,
              message: `no first token within ${firstTokenMs} ms`,
            })
          : caught;
      if (!(error instanceof UpstreamError)) {
        span?.failed({ kind: error instanceof ClientClosedError ? "client_closed" : "gateway", status: undefined, message: String(error) });
        lease.release(0);
        throw error;
      }
      span?.failed({ kind: error.kind, status: error.status, message: error.message });
      trace.attempts.push({
        deploymentId: deployment.id,
        model: model.name,
        outcome: "error",
        status: error.status,
        errorKind: error.kind,
        latencyMs,
      });
      this.lastError = error;
      await lease.failed(error, latencyMs);
      lease.release(0);
      const failure = classifyFailure(error);
      if (failure === "request") throw error;
      return { type: failure, error };
    }
  }

  /** The lease lasts as long as the response (a stream keeps its deployment busy until it ends). */
  private releaseWhenDone(lease: DeploymentLease, streamSpan: AttemptSpan | undefined): void {
    const { reply, request } = this.input;
    const response = reply.raw;
    const release = () => {
      lease.release(totalTokens(request.switchyard.usage));
      streamSpan?.succeeded(responseFacts(request, 200));
    };
    if (response.destroyed || response.writableFinished) release();
    else response.on("close", release); // fires once; `on` keeps no once-wrapper alive for a stream's life
  }

  private async sleep(ms: number): Promise<void> {
    const started = performance.now();
    try {
      await sleep(ms, this.input.signal);
    } catch {
      throw new ClientClosedError("client closed the connection");
    } finally {
      // Backoff is waiting on the upstream, not gateway work: the overhead leaves it out.
      this.input.request.switchyard.upstreamMs += performance.now() - started;
    }
  }

  private finalError(): Error {
    if (this.lastError) return this.lastError;
    const name = this.input.model.name;
    const unavailable = this.unavailable ?? { reason: "unavailable", retryAfterMs: undefined };
    const headers: Record<string, string> =
      unavailable.retryAfterMs === undefined ? {} : { "retry-after": String(Math.max(1, Math.ceil(unavailable.retryAfterMs / 1000))) };
    if (unavailable.reason === "no-match") {
      return new GatewayError(400, `No deployment of \`${name}\` carries the requested tags (${this.route.tags.join(", ")}).`, {
        code: "no_deployment_for_tags",
      });
    }
    if (unavailable.reason === "at-capacity") {
      return new GatewayError(429, `Every deployment of \`${name}\` is at its rate limit; try again later.`, {
        code: "rate_limit_exceeded",
        headers,
      });
    }
    return new GatewayError(503, `No deployment of \`${name}\` is available right now (cooling down or unhealthy).`, {
      type: "api_error",
      code: "no_deployment_available",
      headers,
    });
  }
}

function totalTokens(usage: CompletionUsage | undefined): number | undefined {
  return usage ? usage.prompt_tokens + usage.completion_tokens : undefined;
}

/** Prompt bytes / 4 plus the completion cap: charged to tpm until the real usage corrects it. */
function estimateTokens(headers: IncomingHttpHeaders, body: unknown): number {
  const length = Number(headers["content-length"] ?? 0);
  let tokens = Number.isFinite(length) ? Math.ceil(length / 4) : 0;
  if (typeof body === "object" && body !== null) {
    const { max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens } = body as Record<string, unknown>;
    const cap = typeof maxCompletionTokens === "number" ? maxCompletionTokens : maxTokens;
    if (typeof cap === "number" && Number.isFinite(cap) && cap > 0) tokens += cap;
  }
  return tokens;
}
