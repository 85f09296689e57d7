import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  CompletionUsage,
  EmbeddingsRequest,
  EmbeddingsResponse,
  OpenAIErrorBody,
  ProviderName,
} from "@switchyard/schemas";

/**
 * The provider spec: what every folder under packages/providers/src/<provider>/ exports.
 * It imports nothing but types, so adapters, the gateway and tests share one small vocabulary.
 *
 * The gateway speaks OpenAI on both sides of an adapter: a provider turns an OpenAI chat
 * request into its own HTTP request, and its replies (JSON, stream events, errors) back into
 * OpenAI's shapes. Adapters never do I/O: the gateway owns sockets, timeouts and aborts, so
 * every transform here is a pure function (or a small stateful stream transformer).
 */

export type MaybePromise<T> = T | Promise<T>;

/** The deployment as an adapter sees it: secret already unsealed, apiBase already defaulted. */
export interface UpstreamTarget {
  readonly deploymentId: string;
  readonly provider: ProviderName;
  /** openai-compatible preset (vllm, groq, ...) when one applies. */
  readonly preset?: string;
  /** The upstream model id (deployment.model), not the name the client used. */
  readonly model: string;
  /** deployment.apiBase ?? adapter.defaultApiBase, without a trailing slash. */
  readonly apiBase: string;
  readonly apiKey?: string;
  readonly apiVersion?: string;
  readonly region?: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** What the gateway sends. Bodies are already serialised so signers (SigV4) sign the exact bytes. */
export interface UpstreamRequest {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
}

/** Per-call facts every transform may need. */
export interface CallContext {
  readonly requestId: string;
  readonly target: UpstreamTarget;
  /** Unix seconds when the gateway accepted the request; used when a provider gives no `created`. */
  readonly created: number;
  readonly stream: boolean;
}

// ---------------------------------------------------------------- finish reasons

/** OpenAI's finish reasons plus two for what OpenAI has no word for. Replies carry the OpenAI form. */
export type UnifiedFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call" | "error" | "other";

/** Keep the provider's own word next to ours: metering, logs and debugging want both. */
export interface FinishReason {
  readonly unified: UnifiedFinishReason;
  readonly raw: string | null;
}

// ---------------------------------------------------------------- errors

export type UpstreamErrorKind =
  | "rate_limit"
  | "overloaded"
  | "server"
  | "timeout"
  | "connection"
  | "bad_request"
  | "auth"
  | "permission"
  | "not_found"
  | "content_filter"
  | "context_length"
  | "stream"
  | "unknown";

export interface UpstreamErrorInit {
  kind: UpstreamErrorKind;
  message: string;
  provider: string;
  deploymentId?: string;
  /** Upstream HTTP status; undefined for transport failures (refused, reset, timeout). */
  status?: number;
  /** Upstream body text, for logs. Never rendered to clients. */
  body?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  code?: string | null;
  param?: string | null;
  cause?: unknown;
}

/** Kinds a retry or another deployment may fix (408/409/429/5xx and transport failures). */
const retryableKinds: ReadonlySet<UpstreamErrorKind> = new Set(["rate_limit", "overloaded", "server", "timeout", "connection", "stream"]);

/** The status a client of the gateway sees for each kind (ARCHITECTURE.md "Data plane HTTP"). */
const gatewayStatusByKind: Record<UpstreamErrorKind, number> = {
  rate_limit: 429,
  overloaded: 503,
  server: 502,
  timeout: 504,
  connection: 502,
  stream: 502,
  bad_request: 400,
  context_length: 400,
  content_filter: 400,
  // Our credential to the provider failed: not the caller's fault, so not a 401/403 to them.
  auth: 502,
  permission: 502,
  not_found: 404,
  unknown: 502,
};

const openAITypeByKind: Record<UpstreamErrorKind, string> = {
  rate_limit: "rate_limit_error",
  overloaded: "api_error",
  server: "api_error",
  timeout: "timeout_error",
  connection: "api_error",
  stream: "api_error",
  bad_request: "invalid_request_error",
  context_length: "invalid_request_error",
  content_filter: "invalid_request_error",
  auth: "api_error",
  permission: "api_error",
  not_found: "invalid_request_error",
  unknown: "api_error",
};

const defaultCodeByKind: Partial<Record<UpstreamErrorKind, string>> = {
  rate_limit: "rate_limit_exceeded",
  overloaded: "upstream_overloaded",
  server: "upstream_error",
  timeout: "upstream_timeout",
  connection: "upstream_unreachable",
  stream: "upstream_stream_error",
  context_length: "context_length_exceeded",
  content_filter: "content_filter",
  auth: "upstream_auth_error",
  permission: "upstream_permission_error",
  not_found: "model_not_found",
};

/** The one error class for everything that goes wrong beyond the gateway. */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly kind: UpstreamErrorKind;
  readonly provider: string;
  readonly deploymentId: string | undefined;
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly code: string | null;
  readonly param: string | null;

  constructor(init: UpstreamErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.provider = init.provider;
    this.deploymentId = init.deploymentId;
    this.status = init.status;
    this.body = init.body;
    this.retryable = init.retryable ?? retryableKinds.has(init.kind);
    this.retryAfterMs = init.retryAfterMs;
    this.code = init.code ?? defaultCodeByKind[init.kind] ?? null;
    this.param = init.param ?? null;
  }

  /** The HTTP status the gateway answers with. */
  get gatewayStatus(): number {
    return gatewayStatusByKind[this.kind];
  }

  /** OpenAI's error envelope, naming the provider. Never includes the upstream body. */
  toOpenAIError(): OpenAIErrorBody {
    return {
      error: { message: `${this.provider}: ${this.message}`, type: openAITypeByKind[this.kind], param: this.param, code: this.code },
    };
  }
}

/** What an adapter's error mapper sees of a non-2xx upstream reply. */
export interface UpstreamErrorResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

// ---------------------------------------------------------------- streaming

/**
 * How the upstream frames its stream. The gateway decodes bytes into `UpstreamStreamEvent`s
 * with the matching decoder in ./framing, then hands them to the adapter's transformer.
 */
export type StreamFraming = "sse" | "ndjson" | "aws-eventstream";

export interface UpstreamStreamEvent {
  /** SSE `event:` field; aws-eventstream `:event-type` (or `:exception-type`); undefined for ndjson. */
  readonly event?: string;
  /** SSE data (multi-line joined with "\n"), one ndjson line, or an eventstream payload as UTF-8. */
  readonly data: string;
  /** aws-eventstream `:message-type`: "event" | "exception" | "error". */
  readonly messageType?: string;
}

/** A translated stream step. Errors are parts, not throws, so the gateway can end the SSE politely. */
export type StreamPart =
  | { readonly type: "chunk"; readonly chunk: ChatCompletionChunk }
  | { readonly type: "error"; readonly error: UpstreamError };

/** Running totals of a stream. The gateway builds the final usage chunk from these. */
export interface StreamSummary {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly systemFingerprint?: string;
  /** Undefined when the provider reported none. */
  readonly usage: CompletionUsage | undefined;
  /** Indexed by choice index. */
  readonly finishReasons: readonly FinishReason[];
  /** True once the upstream signalled a proper end ([DONE], message_stop, done: true, ...). */
  readonly completed: boolean;
}

/**
 * Stateful: one per upstream stream. Emits content chunks only; it never emits usage-only
 * chunks (usage lives in `summary()`), so every provider ends the same way in the gateway.
 */
export interface ChatStreamTransformer {
  transform(event: UpstreamStreamEvent): StreamPart[];
  /** The upstream closed; emit anything buffered (e.g. a pending finish chunk). */
  flush(): StreamPart[];
  summary(): StreamSummary;
}

// ---------------------------------------------------------------- adapters

export interface ChatResult {
  readonly completion: ChatCompletion;
  /** Indexed by choice index. */
  readonly finishReasons: readonly FinishReason[];
}

export interface ChatAdapter {
  /** OpenAI chat request → upstream HTTP request. `context.stream` says which mode to ask for. */
  buildRequest(request: ChatCompletionRequest, context: CallContext): MaybePromise<UpstreamRequest>;
  /** Parsed upstream JSON → OpenAI chat completion. Throws UpstreamError on a reply it cannot read. */
  parseResponse(body: unknown, context: CallContext): ChatResult;
  createStreamTransformer(context: CallContext): ChatStreamTransformer;
}

export interface EmbeddingsAdapter {
  buildRequest(request: EmbeddingsRequest, context: CallContext): MaybePromise<UpstreamRequest>;
  parseResponse(body: unknown, context: CallContext): EmbeddingsResponse;
  /** The most inputs one upstream call takes, when the provider has a limit: the gateway splits larger batches. */
  maxInputs?(context: CallContext): number | undefined;
}

export interface ProviderCapabilities {
  readonly tools: boolean;
  readonly vision: boolean;
  readonly jsonSchema: boolean;
  readonly logprobs: boolean;
  readonly embeddings: boolean;
  /** Upstream reports usage at the end of a stream (OpenAI: only when asked via stream_options). */
  readonly streamUsage: boolean;
}

export interface ProviderAdapter {
  /** Registry key: "openai", "azure", "anthropic", or "openai-compatible/<preset>". */
  readonly name: string;
  readonly provider: ProviderName;
  /** Used when a deployment has no apiBase. Undefined: the deployment must give one. */
  readonly defaultApiBase?: string;
  readonly streamFraming: StreamFraming;
  readonly capabilities: ProviderCapabilities;
  readonly chat: ChatAdapter;
  readonly embeddings?: EmbeddingsAdapter;
  /** Non-2xx upstream reply → UpstreamError (transport failures are mapped by the gateway). */
  mapError(response: UpstreamErrorResponse, context: CallContext): UpstreamError;
}

/** Shape of an OpenAI-style chunk for adapters building their own; re-exported for convenience. */
export type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, CompletionUsage, EmbeddingsRequest, EmbeddingsResponse };
