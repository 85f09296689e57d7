import type { ChatCompletionRequest, EmbeddingsRequest } from "@switchyard/schemas";
import type { JsonObject } from "../shared/json";
import type { CallContext, UpstreamTarget } from "../spec";

/** The differences an OpenAI-style upstream may declare (presets, Azure). */
export interface OpenAIStyleBodyOptions {
  /** Ask for a final usage chunk with stream_options.include_usage (servers that reject it say false). */
  readonly streamUsage: boolean;
  /** Top-level fields this upstream rejects; removed before sending. */
  readonly unsupportedParams?: readonly string[];
  /** Azure takes the model from the URL. */
  readonly omitModel?: boolean;
  /** Last word on the body for quirks that are not a plain removal (renames, value maps). */
  readonly adjustBody?: (body: JsonObject, context: CallContext) => void;
}

/**
 * OpenAI request → OpenAI-style upstream body. A shallow copy of what the client sent, so every
 * field we do not know (vendor extensions like vLLM's `guided_json`) reaches the upstream.
 */
export function buildOpenAIStyleChatBody(
  request: ChatCompletionRequest,
  context: CallContext,
  options: OpenAIStyleBodyOptions,
): JsonObject {
  const body: JsonObject = { ...request };
  if (options.omitModel) delete body.model;
  else body.model = context.target.model;
  if (context.stream) {
    body.stream = true;
    // Always ask for usage: metering needs it even when the client did not ask for the chunk.
    if (options.streamUsage) body.stream_options = { ...request.stream_options, include_usage: true };
  } else {
    if (body.stream !== undefined) body.stream = false;
    // OpenAI rejects stream_options unless stream is true.
    delete body.stream_options;
  }
  if (options.unsupportedParams) for (const name of options.unsupportedParams) delete body[name];
  options.adjustBody?.(body, context);
  return body;
}

export function buildOpenAIStyleEmbeddingsBody(
  request: EmbeddingsRequest,
  context: CallContext,
  options: { omitModel?: boolean },
): JsonObject {
  const body: JsonObject = { ...request };
  if (options.omitModel) delete body.model;
  else body.model = context.target.model;
  return body;
}

/** Extra headers a deployment may add (`options.headers`), e.g. OpenRouter's HTTP-Referer. */
export function optionHeaders(target: UpstreamTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  const configured = target.options.headers;
  if (typeof configured === "object" && configured !== null) {
    for (const [name, value] of Object.entries(configured)) if (typeof value === "string") headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** OpenAI's own headers: bearer key plus optional organization/project from deployment options. */
export function openAIAuthHeaders(target: UpstreamTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  if (typeof target.options.organization === "string") headers["openai-organization"] = target.options.organization;
  if (typeof target.options.project === "string") headers["openai-project"] = target.options.project;
  return headers;
}
