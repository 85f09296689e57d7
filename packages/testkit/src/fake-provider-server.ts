import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FailureOptions, FakeEndpoint, FakeFailure, RecordedRequest } from "./fake-openai";

/**
 * The HTTP plumbing shared by the fake Anthropic, Gemini, Bedrock and Ollama servers: a real
 * node:http server that records every request, injects queued failures, and leaves the wire
 * format (paths, auth, bodies, stream framing) to a small per-provider definition.
 *
 * Replies come from the fake OpenAI server's deterministic planner (fake-openai-replies.ts):
 * each fake translates its request into an OpenAI-shaped body, plans, and renders the plan
 * in its own format, so every fake "model" answers alike and tests compare like with like.
 */

export type Json = Record<string, unknown>;

/** Everything the fake OpenAI server can inject, plus the two refusals fallbacks are built on. */
export type FakeProviderFailure =
  | FakeFailure
  /** The provider's own "prompt too long" error. */
  | { type: "context-length" }
  /** The provider's own content-filter answer (a refusal, a safety block, a guardrail). */
  | { type: "content-filter" };

export interface FakeRoute {
  readonly endpoint: FakeEndpoint;
  readonly model: string;
  readonly stream: boolean;
}

export interface FakeReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface FakeExchange {
  readonly route: FakeRoute;
  readonly url: URL;
  readonly body: Json;
  readonly record: RecordedRequest;
  readonly response: ServerResponse;
  /** Answer with the provider's content-filter reply. */
  readonly contentFilter: boolean;
  /** Destroy the socket after this many stream frames (a provider dying mid-answer); streams only. */
  readonly cutAfterFrames: number | undefined;
  readonly chunkDelayMs: number;
  isClosed(): boolean;
}

export type FakeErrorCause = "status" | "rate-limit" | "context-length" | "auth" | "not-found" | "bad-request";

export interface FakeProviderDefinition {
  /** Which endpoint a request is for; undefined answers 404 with `errorReply`. */
  route(method: string, url: URL, body: Json | undefined): FakeRoute | undefined;
  /** True when the request carries the credential the server was started with (`rawBody` for signatures over the body). */
  authorised(request: IncomingMessage, url: URL, apiKey: string, rawBody: string): boolean;
  /** The refusal of an unauthorised request, when it quotes the request (default: `errorReply("auth", 401)`). */
  unauthorisedReply?(request: IncomingMessage): FakeReply;
  /** The provider's error reply for a status (and, for rate limits, the wait it asks for). */
  errorReply(cause: FakeErrorCause, status: number, message?: string, retryAfterSeconds?: number): FakeReply;
  handle(exchange: FakeExchange): Promise<void> | void;
}

export interface FakeProviderOptions {
  port?: number;
  host?: string;
  /** When set, requests must carry this credential in the provider's way. */
  apiKey?: string;
  /** Pause between stream frames (ms). Default 0. */
  chunkDelayMs?: number;
}

export interface FakeProviderServer {
  /** http://host:port with no path: what the provider's SDK calls its base URL (see each fake for exceptions). */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Queue a failure for the next matching request(s). */
  fail(failure: FakeProviderFailure, options?: FailureOptions): void;
  reset(): void;
  close(): Promise<void>;
}

interface QueuedFailure {
  failure: FakeProviderFailure;
  remaining: number;
  endpoint?: FakeEndpoint;
}

export function sendReply(response: ServerResponse, reply: FakeReply): void {
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  response.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...reply.headers });
  response.end(text);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Write stream frames one by one, honouring the cut and the pace; `end` is written only if not cut. */
export async function writeFrames(
  exchange: FakeExchange,
  headers: Record<string, string>,
  frames: readonly (string | Uint8Array)[],
  end?: string | Uint8Array,
): Promise<void> {
  const response = exchange.response;
  response.writeHead(200, headers);
  let written = 0;
  for (const frame of frames) {
    if (exchange.isClosed()) return;
    if (exchange.cutAfterFrames !== undefined && written >= exchange.cutAfterFrames) {
      response.socket?.destroy();
      return;
    }
    // Wait until the frame reached the socket: a cut right after must not swallow frames still buffered.
    await new Promise<void>((resolve) => response.write(frame, () => resolve()));
    written++;
    if (exchange.chunkDelayMs > 0) await delay(exchange.chunkDelayMs);
  }
  if (exchange.isClosed()) return;
  if (exchange.cutAfterFrames !== undefined && written >= exchange.cutAfterFrames) {
    response.socket?.destroy();
    return;
  }
  response.end(end);
}

/** A stable id from the request, so repeated runs assert the same values. */
export function stableId(prefix: string, seed: string, length = 24): string {
  return `${prefix}${createHash("sha256").update(seed).digest("hex").slice(0, length)}`;
}

export function isJsonObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startFakeProviderServer(
  definition: FakeProviderDefinition,
  options: FakeProviderOptions = {},
): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  let failures: QueuedFailure[] = [];

  function takeFailure(endpoint: FakeEndpoint): FakeProviderFailure | undefined {
    const queued = failures.find((item) => item.remaining > 0 && (item.endpoint === undefined || item.endpoint === endpoint));
    if (!queued) return undefined;
    queued.remaining--;
    failures = failures.filter((item) => item.remaining > 0);
    return queued.failure;
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

    const json = isJsonObject(body) ? body : undefined;
    const route = definition.route(method, url, json);
    if (!route) return sendReply(response, definition.errorReply("not-found", 404, `unknown path ${method} ${url.pathname}`));
    if (options.apiKey && !definition.authorised(request, url, options.apiKey, rawBody))
      return sendReply(response, definition.unauthorisedReply?.(request) ?? definition.errorReply("auth", 401));
    if (method === "POST" && !json)
      return sendReply(response, definition.errorReply("bad-request", 400, "request body is not a JSON object"));

    const failure = takeFailure(route.endpoint);
    let cutAfterFrames: number | undefined;
    switch (failure?.type) {
      case "status": {
        const reply = definition.errorReply("status", failure.status);
        const headers = { ...reply.headers, ...failure.headers };
        return sendReply(
          response,
          failure.body === undefined ? { ...reply, headers } : { status: failure.status, body: failure.body, headers },
        );
      }
      case "rate-limit":
        return sendReply(response, definition.errorReply("rate-limit", 429, undefined, failure.retryAfterSeconds ?? 1));
      case "context-length":
        return sendReply(response, definition.errorReply("context-length", 400));
      case "cut":
        // A JSON reply has no frames to cut between: the connection drops before any byte.
        if (failure.afterChunks === undefined || !route.stream) {
          request.socket.destroy();
          return;
        }
        cutAfterFrames = failure.afterChunks;
        break;
      case "latency":
        await delay(failure.ms);
        if (response.destroyed || record.aborted) return;
        break;
      default:
        break;
    }
    await definition.handle({
      route,
      url,
      body: json ?? {},
      record,
      response,
      contentFilter: failure?.type === "content-filter",
      cutAfterFrames,
      chunkDelayMs: options.chunkDelayMs ?? 0,
      isClosed: () => record.aborted || response.destroyed,
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendReply(response, definition.errorReply("status", 500, `fake server error: ${String(error)}`));
      else response.destroy();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
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
