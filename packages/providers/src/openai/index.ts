import type { ProviderName } from "@switchyard/schemas";
import type { JsonObject } from "../shared/json";
import { joinUrl } from "../shared/json";
import type { CallContext, ProviderAdapter, ProviderCapabilities, UpstreamTarget } from "../spec";
import { mapOpenAIStyleError } from "./errors";
import { useMaxCompletionTokens } from "./reasoning";
import { buildOpenAIStyleChatBody, buildOpenAIStyleEmbeddingsBody, openAIAuthHeaders, optionHeaders } from "./request";
import { parseOpenAIStyleChatResponse, parseOpenAIStyleEmbeddingsResponse } from "./response";
import { createOpenAIStyleStreamTransformer } from "./stream";

/** Everything an OpenAI-style upstream may differ in. Azure and every preset are one of these. */
export interface OpenAIStyleAdapterOptions {
  readonly name: string;
  readonly provider: ProviderName;
  readonly defaultApiBase?: string;
  readonly capabilities: ProviderCapabilities;
  readonly chatUrl?: (target: UpstreamTarget) => string;
  readonly embeddingsUrl?: (target: UpstreamTarget) => string;
  readonly authHeaders?: (target: UpstreamTarget) => Record<string, string>;
  readonly unsupportedParams?: readonly string[];
  readonly omitModel?: boolean;
  readonly adjustBody?: (body: JsonObject, context: CallContext) => void;
}

export function createOpenAIStyleAdapter(options: OpenAIStyleAdapterOptions): ProviderAdapter {
  const chatUrl = options.chatUrl ?? ((target: UpstreamTarget) => joinUrl(target.apiBase, "/chat/completions"));
  const embeddingsUrl = options.embeddingsUrl ?? ((target: UpstreamTarget) => joinUrl(target.apiBase, "/embeddings"));
  const authHeaders = options.authHeaders ?? openAIAuthHeaders;
  const bodyOptions = {
    streamUsage: options.capabilities.streamUsage,
    unsupportedParams: options.unsupportedParams,
    omitModel: options.omitModel,
    adjustBody: options.adjustBody,
  };
  const name = options.name;

  function headers(target: UpstreamTarget, stream: boolean): Record<string, string> {
    return {
      ...optionHeaders(target),
      ...authHeaders(target),
      "content-type": "application/json",
      accept: stream ? "text/event-stream" : "application/json",
    };
  }

  return {
    name,
    provider: options.provider,
    defaultApiBase: options.defaultApiBase,
    streamFraming: "sse",
    capabilities: options.capabilities,
    chat: {
      buildRequest(request, context) {
        const body = buildOpenAIStyleChatBody(request, context, bodyOptions);
        return {
          url: chatUrl(context.target),
          method: "POST",
          headers: headers(context.target, context.stream),
          body: JSON.stringify(body),
        };
      },
      parseResponse: (body, context) => parseOpenAIStyleChatResponse(body, context, name),
      createStreamTransformer: (context) => createOpenAIStyleStreamTransformer(context, name),
    },
    embeddings: options.capabilities.embeddings
      ? {
          buildRequest(request, context) {
            const body = buildOpenAIStyleEmbeddingsBody(request, context, { omitModel: options.omitModel });
            return {
              url: embeddingsUrl(context.target),
              method: "POST",
              headers: headers(context.target, false),
              body: JSON.stringify(body),
            };
          },
          parseResponse: (body, context) => parseOpenAIStyleEmbeddingsResponse(body, context, name),
        }
      : undefined,
    mapError: (response, context) => mapOpenAIStyleError(response, context, name),
  };
}

export const openaiAdapter: ProviderAdapter = createOpenAIStyleAdapter({
  name: "openai",
  provider: "openai",
  defaultApiBase: "https://api.openai.com/v1",
  capabilities: { tools: true, vision: true, jsonSchema: true, logprobs: true, embeddings: true, streamUsage: true },
  adjustBody: useMaxCompletionTokens,
});

export { mapOpenAIStyleError, mapOpenAIStyleErrorBody } from "./errors";
export { isReasoningModel, useMaxCompletionTokens } from "./reasoning";
export { buildOpenAIStyleChatBody, buildOpenAIStyleEmbeddingsBody } from "./request";
export { parseOpenAIStyleChatResponse, parseOpenAIStyleEmbeddingsResponse } from "./response";
export { createOpenAIStyleStreamTransformer } from "./stream";
