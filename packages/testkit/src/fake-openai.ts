import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { countTokens, embeddingFor, planChatReply } from "./fake-openai-replies";
import { buildStreamChunks } from "./fake-openai-stream";
import type { FakeErrorCause, FakeExchange, FakeReply, FakeRoute, Json } from "./fake-provider-server";
import { sendReply, startFakeProviderServer, writeFrames } from "./fake-provider-server";

/**
 * A real HTTP server speaking OpenAI's API (chat completions JSON + SSE, embeddings, models),
 * deterministic, with error injection and a record of every request. Tests use it as an upstream;
 * `pnpm start` runs it as the bundled demo provider (see demo-provider-cli.ts).
 *
 * Any path ending in /chat/completions, /embeddings or /models is served, so OpenAI-compatible
 * bases (/v1, /openai/v1, /inference/v1) and Azure deployment URLs all work against one server.
 * The HTTP plumbing (recording, failure queue, paced frames and cuts) is fake-provider-server.ts.
 */

export type FakeEndpoint = "chat" | "embeddings" | "models" | "count_tokens";

export type FakeFailure =
  /** Any status with OpenAI's error body (or the given one). */
  | { type: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** 429 with retry-after and OpenAI's rate-limit body. */
  | { type: "rate-limit"; retryAfterSeconds?: number }
  /** Drop the connection: before any byte, or after `afterChunks` SSE events of a stream. */
  | { type: "cut"; afterChunks?: number }
  /** Answer normally, late. */
  | { type: "latency"; ms: number };

export interface FailureOptions {
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Only these requests (default: any endpoint). */
  endpoint?: FakeEndpoint;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined for GETs or unparseable bodies). */
  body: unknown;
  rawBody: string;
  /** The client closed the connection before the reply was complete. */
  aborted: boolean;
}

export interface FakeOpenAIOptions {
  port?: number;
  host?: string;
  /** Models served (chat and embeddings). Default: demo-fast, demo-smart, demo-embed. */
  models?: string[];
  /** When set, requests must carry `authorization: Bearer <apiKey>` or `api-key: <apiKey>`. */
  apiKey?: string;
  /** Pause between stream chunks (ms). Default 0. */
  chunkDelayMs?: number;
  /** Default embedding size when the request gives no `dimensions`. */
  embeddingDimensions?: number;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1, what an OpenAI SDK calls baseURL. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Queue a failure for the next matching request(s). */
  fail(failure: FakeFailure, options?: FailureOptions): void;
  /** Forget recorded requests and queued failures. */
  reset(): void;
  close(): Promise<void>;
}

const defaultModels = ["demo-fast", "demo-smart", "demo-embed"];
const modelCreated = 1_715_367_049;

function openAIError(message: string, type: string, code: string | null, param: string | null = null): Json {
  return { error: { message, type, param, code } };
}

function json(status: number, body: unknown, headers?: Record<string, string>): FakeReply {
  return headers ? { status, body, headers } : { status, body };
}

function errorReply(cause: FakeErrorCause, status: number, message?: string, retryAfterSeconds?: number): FakeReply {
  switch (cause) {
    case "rate-limit": {
      const seconds = retryAfterSeconds ?? 1;
      return json(429, openAIError("Rate limit reached for requests. Please try again shortly.", "requests", "rate_limit_exceeded"), {
        "retry-after": String(seconds),
        "retry-after-ms": String(seconds * 1000),
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${seconds}s`,
      });
    }
    case "context-length":
      return json(
        400,
        openAIError(
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
          "invalid_request_error",
          "context_length_exceeded",
          "messages",
        ),
      );
    case "auth":
      return json(401, openAIError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
    case "not-found":
      return json(404, openAIError(message ?? "Not found.", "invalid_request_error", "unknown_url"));
    case "bad-request":
      return json(
        400,
        openAIError(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
          "invalid_request_error",
          null,
        ),
      );
    default:
      if (status === 429) return errorReply("rate-limit", 429);
      if (status === 401) return errorReply("auth", 401);
      if (status >= 500)
        return json(status, openAIError("The server had an error while processing your request. Sorry about that!", "server_error", null));
      return json(status, openAIError(message ?? `Request failed with status ${status}.`, "invalid_request_error", null));
  }
}

function endpointOf(method: string, path: string): FakeEndpoint | undefined {
  if (method === "POST" && path.endsWith("/chat/completions")) return "chat";
  if (method === "POST" && path.endsWith("/embeddings")) return "embeddings";
  if (method === "GET" && /\/models(\/[^/]+)?$/.test(path)) return "models";
  return undefined;
}

/** Azure puts the deployment in the path; its body carries no model. */
function modelOf(url: URL, body: Json | undefined): string {
  if (typeof body?.model === "string") return body.model;
  const deployment = /\/openai\/deployments\/([^/]+)\//.exec(url.pathname)?.[1];
  return deployment ? decodeURIComponent(deployment) : "";
}

function presentedKey(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === "string" && header.startsWith("Bearer ")) return header.slice(7);
  const azureKey = request.headers["api-key"];
  return typeof azureKey === "string" ? azureKey : undefined;
}

function masked(key: string): string {
  return key.length <= 8 ? "****" : `${key.slice(0, 3)}${"*".repeat(12)}${key.slice(-4)}`;
}

function randomId(prefix: string): string {
  return `${prefix}${randomBytes(15).toString("base64url")}`;
}

function serveModels(models: readonly string[], path: string): FakeReply {
  const id = /\/models\/([^/]+)$/.exec(path)?.[1];
  const object = (model: string): Json => ({ id: model, object: "model", created: modelCreated, owned_by: "switchyard-demo" });
  if (id === undefined) return json(200, { object: "list", data: models.map(object) });
  const model = decodeURIComponent(id);
  if (!models.includes(model))
    return json(404, openAIError(`The model '${model}' does not exist`, "invalid_request_error", "model_not_found", "model"));
  return json(200, object(model));
}

function serveEmbeddings(body: Json, model: string, defaultDimensions: number): FakeReply {
  const input = body.input;
  const inputs: string[] =
    typeof input === "string"
      ? [input]
      : Array.isArray(input)
        ? input.map((item) => (typeof item === "string" ? item : JSON.stringify(item)))
        : [];
  if (inputs.length === 0) return json(400, openAIError("'input' is a required property", "invalid_request_error", null, "input"));
  const dimensions = typeof body.dimensions === "number" ? body.dimensions : defaultDimensions;
  const base64 = body.encoding_format === "base64";
  const data = inputs.map((text, index) => {
    const vector = embeddingFor(text, dimensions);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
  return json(200, { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function completion(body: Json, model: string): Json {
  const reply = planChatReply(body);
  return {
    id: randomId("chatcmpl-"),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: reply.choices.map((choice, index) => ({
      index,
      message: {
        role: "assistant",
        content: choice.content,
        refusal: null,
        annotations: [],
        ...(choice.toolCalls.length > 0
          ? {
              tool_calls: choice.toolCalls.map((call) => ({
                id: call.id,
                type: "function",
                function: { name: call.name, arguments: call.arguments },
              })),
            }
          : {}),
      },
      logprobs: null,
      finish_reason: choice.finishReason,
    })),
    usage: {
      prompt_tokens: reply.promptTokens,
      completion_tokens: reply.completionTokens,
      total_tokens: reply.promptTokens + reply.completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_switchyard_demo",
  };
}

async function serveChat(exchange: FakeExchange, model: string): Promise<void> {
  const { body, response } = exchange;
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return sendReply(response, json(400, openAIError("[] is too short - 'messages'", "invalid_request_error", null, "messages")));
  }
  if (exchange.contentFilter) {
    // Azure's documented answer when its content filter trips on a prompt.
    const message = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.";
    return sendReply(response, json(400, openAIError(message, "invalid_request_error", "content_filter", "prompt")));
  }
  if (body.stream !== true) return sendReply(response, json(200, completion(body, model)));
  const streamOptions = body.stream_options;
  const includeUsage = typeof streamOptions === "object" && streamOptions !== null && (streamOptions as Json).include_usage === true;
  const chunks = buildStreamChunks(planChatReply(body), {
    id: randomId("chatcmpl-"),
    created: Math.floor(Date.now() / 1000),
    model,
    includeUsage,
  });
  const headers = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" };
  await writeFrames(
    exchange,
    headers,
    chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`),
    "data: [DONE]\n\n",
  );
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? defaultModels;
  const server = await startFakeProviderServer(
    {
      route(method, url, body): FakeRoute | undefined {
        const endpoint = endpointOf(method, url.pathname);
        return endpoint ? { endpoint, model: modelOf(url, body), stream: body?.stream === true } : undefined;
      },
      authorised: (request, _url, apiKey) => presentedKey(request) === apiKey,
      // OpenAI quotes the start and end of the key it refused.
      unauthorisedReply(request) {
        const message = `Incorrect API key provided: ${masked(presentedKey(request) ?? "")}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        return json(401, openAIError(message, "invalid_request_error", "invalid_api_key"));
      },
      errorReply,
      async handle(exchange: FakeExchange) {
        const { route, response, url, body } = exchange;
        if (route.endpoint === "models") return sendReply(response, serveModels(models, url.pathname));
        if (!route.model)
          return sendReply(response, json(400, openAIError("you must provide a model parameter", "invalid_request_error", null, "model")));
        if (!models.includes(route.model)) {
          const message = `The model \`${route.model}\` does not exist or you do not have access to it.`;
          return sendReply(response, json(404, openAIError(message, "invalid_request_error", "model_not_found")));
        }
        if (route.endpoint === "embeddings")
          return sendReply(response, serveEmbeddings(body, route.model, options.embeddingDimensions ?? 8));
        await serveChat(exchange, route.model);
      },
    },
    { port: options.port, host: options.host, apiKey: options.apiKey, chunkDelayMs: options.chunkDelayMs },
  );
  return {
    url: `${server.url}/v1`,
    origin: server.url,
    port: server.port,
    requests: server.requests,
    fail: (failure, failureOptions) => server.fail(failure, failureOptions),
    reset: () => server.reset(),
    close: () => server.close(),
  };
}
