import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens, embeddingFor, planChatReply } from "./fake-openai-replies";
import { writeStream } from "./fake-openai-stream";

/**
 * A real HTTP server speaking OpenAI's API (chat completions JSON + SSE, embeddings, models),
 * deterministic, with error injection and a record of every request. Tests use it as an upstream;
 * `pnpm start` runs it as the bundled demo provider (see demo-provider-cli.ts).
 *
 * Any path ending in /chat/completions, /embeddings or /models is served, so OpenAI-compatible
 * bases (/v1, /openai/v1, /inference/v1) and Azure deployment URLs all work against one server.
 */

type Json = Record<string, unknown>;

export type FakeEndpoint = "chat" | "embeddings" | "models";

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

interface QueuedFailure {
  failure: FakeFailure;
  remaining: number;
  endpoint?: FakeEndpoint;
}

const defaultModels = ["demo-fast", "demo-smart", "demo-embed"];
const modelCreated = 1_715_367_049;

function openAIError(message: string, type: string, code: string | null, param: string | null = null): Json {
  return { error: { message, type, param, code } };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

function defaultErrorBody(status: number): Json {
  if (status === 429) return openAIError("Rate limit reached for requests. Please try again shortly.", "requests", "rate_limit_exceeded");
  if (status === 401) return openAIError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
  if (status >= 500) return openAIError("The server had an error while processing your request. Sorry about that!", "server_error", null);
  return openAIError(`Request failed with status ${status}.`, "invalid_request_error", null);
}

function endpointOf(method: string, path: string): FakeEndpoint | undefined {
  if (method === "POST" && path.endsWith("/chat/completions")) return "chat";
  if (method === "POST" && path.endsWith("/embeddings")) return "embeddings";
  if (method === "GET" && /\/models(\/[^/]+)?$/.test(path)) return "models";
  return undefined;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    request.on("error", reject);
  });
}

function masked(key: string): string {
  return key.length <= 8 ? "****" : `${key.slice(0, 3)}${"*".repeat(12)}${key.slice(-4)}`;
}

function randomId(prefix: string): string {
  return `${prefix}${randomBytes(15).toString("base64url")}`;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? defaultModels;
  const modelSet = new Set(models);
  const requests: RecordedRequest[] = [];
  let failures: QueuedFailure[] = [];

  function takeFailure(endpoint: FakeEndpoint): FakeFailure | undefined {
    const queued = failures.find((item) => item.remaining > 0 && (item.endpoint === undefined || item.endpoint === endpoint));
    if (!queued) return undefined;
    queued.remaining--;
    failures = failures.filter((item) => item.remaining > 0);
    return queued.failure;
  }

  function authorised(request: IncomingMessage): string | true {
    if (!options.apiKey) return true;
    const header = request.headers.authorization;
    const bearer = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : undefined;
    const azureKey = typeof request.headers["api-key"] === "string" ? request.headers["api-key"] : undefined;
    const given = bearer ?? azureKey;
    return given === options.apiKey ? true : (given ?? "");
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const method = request.method ?? "GET";
    const rawBody = method === "POST" ? await readBody(request) : "";
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body,
      rawBody,
      aborted: false,
    };
    requests.push(record);
    response.on("close", () => {
      if (!response.writableFinished) record.aborted = true;
    });

    const endpoint = endpointOf(method, url.pathname);
    if (!endpoint)
      return sendJson(
        response,
        404,
        openAIError(`Unknown request URL: ${method} ${url.pathname}.`, "invalid_request_error", "unknown_url"),
      );
    const auth = authorised(request);
    if (auth !== true) {
      const message = `Incorrect API key provided: ${masked(auth)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
      return sendJson(response, 401, openAIError(message, "invalid_request_error", "invalid_api_key"));
    }

    const failure = takeFailure(endpoint);
    let cutAfterChunks: number | undefined;
    if (failure?.type === "status") {
      return sendJson(response, failure.status, failure.body ?? defaultErrorBody(failure.status), failure.headers);
    }
    if (failure?.type === "rate-limit") {
      const seconds = failure.retryAfterSeconds ?? 1;
      return sendJson(response, 429, defaultErrorBody(429), {
        "retry-after": String(seconds),
        "retry-after-ms": String(seconds * 1000),
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${seconds}s`,
      });
    }
    if (failure?.type === "cut") {
      if (failure.afterChunks === undefined) {
        request.socket.destroy();
        return;
      }
      cutAfterChunks = failure.afterChunks;
    }
    if (failure?.type === "latency") {
      await new Promise((resolve) => setTimeout(resolve, failure.ms));
      if (response.destroyed || record.aborted) return;
    }

    if (endpoint === "models") return serveModels(url.pathname, response);
    if (body === undefined || typeof body !== "object" || body === null || Array.isArray(body)) {
      const message =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)";
      return sendJson(response, 400, openAIError(message, "invalid_request_error", null));
    }
    const json = body as Json;
    // Azure puts the deployment in the path; its body carries no model.
    const azureDeployment = /\/openai\/deployments\/([^/]+)\//.exec(url.pathname)?.[1];
    const model = typeof json.model === "string" ? json.model : azureDeployment ? decodeURIComponent(azureDeployment) : undefined;
    if (!model) return sendJson(response, 400, openAIError("you must provide a model parameter", "invalid_request_error", null, "model"));
    if (!modelSet.has(model)) {
      const message = `The model \`${model}\` does not exist or you do not have access to it.`;
      return sendJson(response, 404, openAIError(message, "invalid_request_error", "model_not_found"));
    }
    if (endpoint === "embeddings") return serveEmbeddings(json, model, response);
    return serveChat(json, model, response, cutAfterChunks, () => record.aborted || response.destroyed);
  }

  function serveModels(path: string, response: ServerResponse) {
    const id = /\/models\/([^/]+)$/.exec(path)?.[1];
    const object = (model: string): Json => ({ id: model, object: "model", created: modelCreated, owned_by: "switchyard-demo" });
    if (id === undefined) return sendJson(response, 200, { object: "list", data: models.map(object) });
    const model = decodeURIComponent(id);
    if (!modelSet.has(model)) {
      return sendJson(
        response,
        404,
        openAIError(`The model '${model}' does not exist`, "invalid_request_error", "model_not_found", "model"),
      );
    }
    sendJson(response, 200, object(model));
  }

  function serveEmbeddings(body: Json, model: string, response: ServerResponse) {
    const input = body.input;
    const inputs: string[] =
      typeof input === "string"
        ? [input]
        : Array.isArray(input)
          ? input.map((item) => (typeof item === "string" ? item : JSON.stringify(item)))
          : [];
    if (inputs.length === 0)
      return sendJson(response, 400, openAIError("'input' is a required property", "invalid_request_error", null, "input"));
    const dimensions = typeof body.dimensions === "number" ? body.dimensions : (options.embeddingDimensions ?? 8);
    const base64 = body.encoding_format === "base64";
    const data = inputs.map((text, index) => {
      const vector = embeddingFor(text, dimensions);
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
      return { object: "embedding", index, embedding };
    });
    const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
    sendJson(response, 200, { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  async function serveChat(
    body: Json,
    model: string,
    response: ServerResponse,
    cutAfterChunks: number | undefined,
    isClosed: () => boolean,
  ) {
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return sendJson(response, 400, openAIError("[] is too short - 'messages'", "invalid_request_error", null, "messages"));
    }
    const reply = planChatReply(body);
    const id = randomId("chatcmpl-");
    const created = Math.floor(Date.now() / 1000);
    if (body.stream === true) {
      const streamOptions = body.stream_options;
      const includeUsage = typeof streamOptions === "object" && streamOptions !== null && (streamOptions as Json).include_usage === true;
      await writeStream(response, reply, {
        id,
        created,
        model,
        includeUsage,
        chunkDelayMs: options.chunkDelayMs ?? 0,
        cutAfterChunks,
        isClosed,
      });
      return;
    }
    if (cutAfterChunks !== undefined) {
      response.socket?.destroy();
      return;
    }
    sendJson(response, 200, {
      id,
      object: "chat.completion",
      created,
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
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, openAIError(`fake server error: ${String(error)}`, "server_error", null));
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    port,
    requests,
    fail(failure, failureOptions = {}) {
      failures.push({ failure, remaining: failureOptions.times ?? 1, endpoint: failureOptions.endpoint });
    },
    reset() {
      requests.length = 0;
      failures = [];
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
