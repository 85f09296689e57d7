import { z } from "zod";

/**
 * OpenAI's wire format (chat completions, stream chunks, embeddings, models, errors),
 * following /work/shared/specs/openai-openapi.yaml.
 *
 * Two postures, on purpose:
 * - What users send is checked where a wrong type would break an adapter (roles, content
 *   parts, tools, response_format), but objects are loose so unknown fields survive and
 *   reach OpenAI-compatible upstreams untouched.
 * - What upstreams reply is parsed tolerantly (`.nullish()`, loose objects): a provider adding
 *   a field, or leaving one out, must not turn a good answer into a 502.
 */

// ---------------------------------------------------------------- request: content parts

export const textPartSchema = z.looseObject({ type: z.literal("text"), text: z.string() });
export const imageUrlPartSchema = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).nullish() }),
});
export const inputAudioPartSchema = z.looseObject({
  type: z.literal("input_audio"),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
export const filePartSchema = z.looseObject({
  type: z.literal("file"),
  file: z.looseObject({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() }),
});
export const refusalPartSchema = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

export const userContentPartSchema = z.discriminatedUnion("type", [
  textPartSchema,
  imageUrlPartSchema,
  inputAudioPartSchema,
  filePartSchema,
]);
export type UserContentPart = z.infer<typeof userContentPartSchema>;
export type TextPart = z.infer<typeof textPartSchema>;
export type ImageUrlPart = z.infer<typeof imageUrlPartSchema>;

// ---------------------------------------------------------------- request: messages

export const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

const textOnlyContent = z.union([z.string(), z.array(textPartSchema)]);

export const systemMessageSchema = z.looseObject({ role: z.literal("system"), content: textOnlyContent, name: z.string().nullish() });
export const developerMessageSchema = z.looseObject({ role: z.literal("developer"), content: textOnlyContent, name: z.string().nullish() });
export const userMessageSchema = z.looseObject({
  role: z.literal("user"),
  content: z.union([z.string(), z.array(userContentPartSchema)]),
  name: z.string().nullish(),
});
export const assistantMessageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(z.discriminatedUnion("type", [textPartSchema, refusalPartSchema]))]).nullish(),
  name: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
});
export const toolMessageSchema = z.looseObject({ role: z.literal("tool"), content: textOnlyContent, tool_call_id: z.string() });
export const functionMessageSchema = z.looseObject({ role: z.literal("function"), content: z.string().nullable(), name: z.string() });

export const chatMessageSchema = z.discriminatedUnion("role", [
  systemMessageSchema,
  developerMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
  functionMessageSchema,
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatRole = ChatMessage["role"];

// ---------------------------------------------------------------- request: tools and formats

export const functionDefinitionSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
export type FunctionDefinition = z.infer<typeof functionDefinitionSchema>;

export const toolSchema = z.looseObject({ type: z.literal("function"), function: functionDefinitionSchema });
export type Tool = z.infer<typeof toolSchema>;

export const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
]);
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

export const responseFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

export const streamOptionsSchema = z.looseObject({ include_usage: z.boolean().nullish() });

// ---------------------------------------------------------------- request: chat completion

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: streamOptionsSchema.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  functions: z.array(functionDefinitionSchema).nullish(),
  function_call: z.union([z.enum(["none", "auto"]), z.looseObject({ name: z.string() })]).nullish(),
  response_format: responseFormatSchema.nullish(),
  reasoning_effort: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.string().nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

// ---------------------------------------------------------------- replies (tolerant)

export const completionUsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: z
    .looseObject({
      cached_tokens: z.number().nullish(),
      audio_tokens: z.number().nullish(),
      // Not OpenAI's: prompt tokens written to a provider's prompt cache (Anthropic cache_creation_input_tokens,
      // Bedrock cacheWriteInputTokens), billed at cacheWritePerMTok. Included in prompt_tokens, like cached_tokens.
      cache_write_tokens: z.number().nullish(),
    })
    .nullish(),
  completion_tokens_details: z
    .looseObject({
      reasoning_tokens: z.number().nullish(),
      audio_tokens: z.number().nullish(),
      accepted_prediction_tokens: z.number().nullish(),
      rejected_prediction_tokens: z.number().nullish(),
    })
    .nullish(),
});
export type CompletionUsage = z.infer<typeof completionUsageSchema>;

/** OpenAI's own finish reasons; adapters map every provider's onto these. */
export const openAIFinishReasons = ["stop", "length", "tool_calls", "content_filter", "function_call"] as const;
export type OpenAIFinishReason = (typeof openAIFinishReasons)[number];

const logprobsSchema = z.looseObject({ content: z.array(z.unknown()).nullish(), refusal: z.array(z.unknown()).nullish() }).nullish();

export const chatCompletionMessageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullish(),
  annotations: z.array(z.unknown()).nullish(),
  audio: z.unknown().nullish(),
});
export type ChatCompletionMessage = z.infer<typeof chatCompletionMessageSchema>;

export const chatCompletionChoiceSchema = z.looseObject({
  index: z.number(),
  message: chatCompletionMessageSchema,
  // Strings beyond OpenAI's set are tolerated here; adapters normalise them.
  finish_reason: z.string().nullish(),
  logprobs: logprobsSchema,
});
export type ChatCompletionChoice = z.infer<typeof chatCompletionChoiceSchema>;

export const chatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number(),
  model: z.string(),
  choices: z.array(chatCompletionChoiceSchema),
  usage: completionUsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

export const chunkToolCallSchema = z.looseObject({
  index: z.number(),
  id: z.string().nullish(),
  type: z.literal("function").nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type ChunkToolCall = z.infer<typeof chunkToolCallSchema>;

export const chatCompletionChunkChoiceSchema = z.looseObject({
  index: z.number(),
  delta: z.looseObject({
    role: z.string().nullish(),
    content: z.string().nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(chunkToolCallSchema).nullish(),
    function_call: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
  }),
  finish_reason: z.string().nullish(),
  logprobs: logprobsSchema,
});
export type ChatCompletionChunkChoice = z.infer<typeof chatCompletionChunkChoiceSchema>;

export const chatCompletionChunkSchema = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number(),
  model: z.string(),
  choices: z.array(chatCompletionChunkChoiceSchema),
  usage: completionUsageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

// ---------------------------------------------------------------- embeddings

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.number().int().positive().nullish(),
  user: z.string().nullish(),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

export const embeddingSchema = z.looseObject({
  object: z.literal("embedding"),
  index: z.number(),
  // base64 when the request asked for encoding_format: "base64".
  embedding: z.union([z.array(z.number()), z.string()]),
});
export type Embedding = z.infer<typeof embeddingSchema>;

export const embeddingsResponseSchema = z.looseObject({
  object: z.literal("list"),
  data: z.array(embeddingSchema),
  model: z.string(),
  usage: z.looseObject({ prompt_tokens: z.number(), total_tokens: z.number() }).nullish(),
});
export type EmbeddingsResponse = z.infer<typeof embeddingsResponseSchema>;

// ---------------------------------------------------------------- models

export const modelObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal("model"),
  created: z.number(),
  owned_by: z.string(),
});
export type ModelObject = z.infer<typeof modelObjectSchema>;

export const modelListSchema = z.looseObject({ object: z.literal("list"), data: z.array(modelObjectSchema) });
export type ModelList = z.infer<typeof modelListSchema>;

// ---------------------------------------------------------------- errors

export const openAIErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});
/** The envelope every data-plane error uses. `param` and `code` are always present (null when not applicable). */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
