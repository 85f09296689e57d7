import type { ProviderAdapter } from "../spec";
import { createBedrockEmbeddings } from "./embeddings";
import { mapBedrockError } from "./errors";
import { createConverseRequestBuilder } from "./request";
import { parseConverseResponse } from "./response";
import { createConverseStreamTransformer } from "./stream";

export interface BedrockAdapterOptions {
  /** The signing clock; tests pin it to check signatures. */
  readonly now?: () => Date;
}

/**
 * AWS Bedrock Runtime: Converse (`POST /model/{modelId}/converse`), ConverseStream
 * (`/converse-stream`, AWS event-stream framing) and InvokeModel for Titan/Cohere embeddings.
 * The endpoint is `https://bedrock-runtime.{region}.amazonaws.com` (region from the deployment's
 * `region`, then `options.region`, then us-east-1); a deployment apiBase overrides it (VPC
 * endpoints, tests). Credentials: see signing.ts.
 */
export function createBedrockAdapter(options: BedrockAdapterOptions = {}): ProviderAdapter {
  const now = options.now ?? (() => new Date());
  return {
    name: "bedrock",
    provider: "bedrock",
    defaultApiBase: "https://bedrock-runtime.{region}.amazonaws.com",
    streamFraming: "aws-eventstream",
    capabilities: { tools: true, vision: true, jsonSchema: false, logprobs: false, embeddings: true, streamUsage: true },
    chat: {
      buildRequest: createConverseRequestBuilder(now),
      parseResponse: parseConverseResponse,
      createStreamTransformer: createConverseStreamTransformer,
    },
    embeddings: createBedrockEmbeddings(now),
    mapError: mapBedrockError,
  };
}

export const bedrockAdapter: ProviderAdapter = createBedrockAdapter();

export { mapBedrockError, mapBedrockStreamException } from "./errors";
export { buildConverseBody } from "./request";
export { parseConverseResponse } from "./response";
export { bedrockAuth, bedrockRegion, signBedrockRequest } from "./signing";
export { createConverseStreamTransformer } from "./stream";
