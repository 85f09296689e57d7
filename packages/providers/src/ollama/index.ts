import type { ProviderAdapter } from "../spec";
import { ollamaEmbeddings } from "./embeddings";
import { mapOllamaError } from "./errors";
import { buildOllamaRequest } from "./request";
import { parseOllamaResponse } from "./response";
import { createOllamaStreamTransformer } from "./stream";

/**
 * Ollama's native API: `POST {apiBase}/api/chat` (JSON, or NDJSON when streaming) and
 * `/api/embed`. apiBase is the server root (default http://127.0.0.1:11434), not /v1.
 * An `apiKey`, when set, is sent as a bearer token (ollama.com, authenticating proxies).
 */
export const ollamaAdapter: ProviderAdapter = {
  name: "ollama",
  provider: "ollama",
  defaultApiBase: "http://127.0.0.1:11434",
  streamFraming: "ndjson",
  capabilities: { tools: true, vision: true, jsonSchema: true, logprobs: false, embeddings: true, streamUsage: true },
  chat: {
    buildRequest: buildOllamaRequest,
    parseResponse: parseOllamaResponse,
    createStreamTransformer: createOllamaStreamTransformer,
  },
  embeddings: ollamaEmbeddings,
  mapError: mapOllamaError,
};

export { mapOllamaError, mapOllamaStreamError } from "./errors";
export { buildOllamaBody, buildOllamaRequest } from "./request";
export { parseOllamaResponse } from "./response";
export { createOllamaStreamTransformer } from "./stream";
