import type { ProviderAdapter } from "../spec";
import { mapAnthropicError } from "./errors";
import { buildAnthropicRequest } from "./request";
import { parseAnthropicResponse } from "./response";
import { createAnthropicStreamTransformer } from "./stream";

/**
 * Anthropic Messages API (`POST {apiBase}/v1/messages`). `apiKey` → `x-api-key`;
 * `apiVersion` → `anthropic-version` (default 2023-06-01); `options.headers` adds headers
 * such as `anthropic-beta`. No embeddings: Anthropic has no embeddings endpoint.
 */
export const anthropicAdapter: ProviderAdapter = {
  name: "anthropic",
  provider: "anthropic",
  defaultApiBase: "https://api.anthropic.com",
  streamFraming: "sse",
  capabilities: { tools: true, vision: true, jsonSchema: true, logprobs: false, embeddings: false, streamUsage: true },
  chat: {
    buildRequest: buildAnthropicRequest,
    parseResponse: parseAnthropicResponse,
    createStreamTransformer: createAnthropicStreamTransformer,
  },
  mapError: mapAnthropicError,
};

export { mapAnthropicError, mapAnthropicStreamError } from "./errors";
export { buildAnthropicBody, buildAnthropicCountTokensRequest, buildAnthropicRequest } from "./request";
export { parseAnthropicResponse } from "./response";
export { createAnthropicStreamTransformer } from "./stream";
