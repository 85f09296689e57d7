import type { IncomingHttpHeaders } from "node:http";
import type { CompletionUsage } from "@switchyard/schemas";
import type { RuntimeDeployment } from "../../config/runtime";
import type { RouteKind } from "../../routing/trace";

/**
 * The gateway's view of tracing, free of OpenTelemetry types so the hot path imports nothing from
 * the SDK: with tracing off (no OTEL_* endpoint) `app.gateway.tracing` is undefined and the SDK is
 * never loaded.
 */

/** GenAI operation names (OpenTelemetry semantic conventions). */
export type GenAIOperation = "chat" | "embeddings";

export interface RequestSpanStart {
  readonly method: string;
  /** The route pattern, e.g. /v1/chat/completions (never the raw URL with its query). */
  readonly route: string;
  readonly headers: IncomingHttpHeaders;
  readonly requestId: string;
}

/** What a response turned out to be, read from the request state when it is over. */
export interface ResponseFacts {
  readonly status: number;
  /** The model the client named (gateway model). */
  readonly model: string | undefined;
  readonly responseModel: string | undefined;
  readonly usage: CompletionUsage | undefined;
  readonly finishReasons: readonly string[] | undefined;
  readonly errorCode: string | undefined;
}

export interface RequestSpanEnd extends ResponseFacts {
  readonly deployment: string | undefined;
  readonly provider: string | undefined;
  readonly attempts: number;
  readonly retries: number;
  readonly fallbacks: number;
  readonly cacheHit: boolean;
  readonly team: string | undefined;
  readonly overheadMs: number | undefined;
  /** The client left before the response was complete. */
  readonly aborted: boolean;
}

export interface RequestSpan {
  end(facts: RequestSpanEnd): void;
}

export interface AttemptSpanStart {
  /** The request's server span; undefined when it has none (tracing started mid-request). */
  readonly parent: RequestSpan | undefined;
  readonly operation: GenAIOperation;
  readonly deployment: RuntimeDeployment;
  /** The gateway model this deployment serves (a fallback's, on fallbacks). */
  readonly model: string;
  /** 1-based across the whole request, retries and fallbacks included. */
  readonly attempt: number;
  readonly routeKind: RouteKind;
  readonly stream: boolean;
}

export interface AttemptFailure {
  readonly kind: string;
  readonly status: number | undefined;
  readonly message: string;
}

export interface AttemptSpan {
  /** traceparent (and tracestate) naming this attempt, to send upstream. */
  readonly headers: Readonly<Record<string, string>>;
  succeeded(facts: ResponseFacts): void;
  failed(failure: AttemptFailure): void;
}

export interface GatewayTracing {
  startRequest(start: RequestSpanStart): RequestSpan;
  startAttempt(start: AttemptSpanStart): AttemptSpan;
  /** Exports every finished span now (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
