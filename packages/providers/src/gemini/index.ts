import type { ProviderAdapter } from "../spec";
import { geminiEmbeddings } from "./embeddings";
import { mapGeminiError } from "./errors";
import { buildGeminiRequest } from "./request";
import { parseGeminiResponse } from "./response";
import { createGeminiStreamTransformer } from "./stream";

/**
 * Google Gemini API (`{apiBase}/v1beta/models/{model}:generateContent`, `:streamGenerateContent?alt=sse`,
 * `:batchEmbedContents`). `apiKey` → `x-goog-api-key`; `apiVersion` replaces `v1beta`;
 * `options.headers` adds headers. Vertex AI (OAuth, project/location URLs) is not covered.
 */
export const geminiAdapter: ProviderAdapter = {
  name: "gemini",
  provider: "gemini",
  defaultApiBase: "https://generativelanguage.googleapis.com",
  streamFraming: "sse",
  capabilities: { tools: true, vision: true, jsonSchema: true, logprobs: false, embeddings: true, streamUsage: true },
  chat: {
    buildRequest: buildGeminiRequest,
    parseResponse: parseGeminiResponse,
    createStreamTransformer: createGeminiStreamTransformer,
  },
  embeddings: geminiEmbeddings,
  mapError: mapGeminiError,
};

export { mapGeminiError, mapGeminiErrorBody } from "./errors";
export { buildGeminiBody, buildGeminiRequest } from "./request";
export { parseGeminiResponse } from "./response";
export { toGeminiSchema } from "./schema";
export { createGeminiStreamTransformer } from "./stream";
