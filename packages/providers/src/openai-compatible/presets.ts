import type { JsonObject } from "../shared/json";
import type { CallContext, ProviderCapabilities } from "../spec";

/** What makes one OpenAI-compatible server different from OpenAI. Everything else is inherited. */
export interface OpenAICompatiblePreset {
  readonly name: string;
  readonly defaultApiBase?: string;
  readonly capabilities: ProviderCapabilities;
  /** Top-level request fields the server rejects with a 400/422 (dropped before sending). */
  readonly unsupportedParams?: readonly string[];
  readonly adjustBody?: (body: JsonObject, context: CallContext) => void;
}

const full: ProviderCapabilities = { tools: true, vision: true, jsonSchema: true, logprobs: true, embeddings: true, streamUsage: true };

function rename(body: JsonObject, from: string, to: string): void {
  if (body[from] === undefined) return;
  if (body[to] === undefined) body[to] = body[from];
  delete body[from];
}

/** The generic preset: a server we know nothing about beyond "speaks OpenAI". */
export const genericPreset: OpenAICompatiblePreset = { name: "generic", capabilities: full };

export const presets: Readonly<Record<string, OpenAICompatiblePreset>> = {
  vllm: { name: "vllm", defaultApiBase: "http://127.0.0.1:8000/v1", capabilities: full },
  llamacpp: {
    name: "llamacpp",
    defaultApiBase: "http://127.0.0.1:8080/v1",
    capabilities: { ...full, jsonSchema: true, logprobs: false },
    // llama-server answers "Unsupported param" for these.
    unsupportedParams: ["logit_bias", "store", "metadata", "service_tier"],
  },
  groq: {
    name: "groq",
    defaultApiBase: "https://api.groq.com/openai/v1",
    capabilities: { ...full, logprobs: false, embeddings: false },
    // Groq's docs: logprobs, logit_bias, top_logprobs and messages[].name are rejected with a 400.
    unsupportedParams: ["logprobs", "logit_bias", "top_logprobs", "store", "metadata"],
    adjustBody(body) {
      const messages = body.messages;
      if (Array.isArray(messages)) body.messages = messages.map((message: unknown) => stripName(message));
    },
  },
  mistral: {
    name: "mistral",
    defaultApiBase: "https://api.mistral.ai/v1",
    // Mistral always ends a stream with usage and rejects stream_options (extra fields are 422s).
    capabilities: { ...full, logprobs: false, streamUsage: false },
    unsupportedParams: [
      "logit_bias",
      "logprobs",
      "top_logprobs",
      "user",
      "store",
      "metadata",
      "service_tier",
      "stream_options",
      "function_call",
      "functions",
    ],
    adjustBody(body) {
      rename(body, "seed", "random_seed");
      rename(body, "max_completion_tokens", "max_tokens");
      if (body.tool_choice === "required") body.tool_choice = "any";
    },
  },
  deepseek: {
    name: "deepseek",
    defaultApiBase: "https://api.deepseek.com/v1",
    capabilities: { ...full, vision: false, embeddings: false, jsonSchema: false },
    unsupportedParams: ["store", "metadata", "service_tier", "seed"],
    adjustBody(body) {
      rename(body, "max_completion_tokens", "max_tokens");
    },
  },
  together: {
    name: "together",
    defaultApiBase: "https://api.together.xyz/v1",
    capabilities: full,
    unsupportedParams: ["store", "metadata"],
  },
  fireworks: {
    name: "fireworks",
    defaultApiBase: "https://api.fireworks.ai/inference/v1",
    capabilities: full,
    unsupportedParams: ["store", "metadata"],
  },
  openrouter: {
    name: "openrouter",
    defaultApiBase: "https://openrouter.ai/api/v1",
    capabilities: full,
  },
};

function stripName(message: unknown): unknown {
  if (typeof message !== "object" || message === null || !("name" in message)) return message;
  const { name: _name, ...rest } = message as JsonObject;
  return rest;
}
