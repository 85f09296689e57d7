import { z } from "zod";

/**
 * Anthropic's Messages API wire format (https://docs.anthropic.com/en/api/messages).
 *
 * Used twice: by the `/v1/messages` ingress (what Claude Code and the Anthropic SDK send us:
 * checked strictly enough that a wrong type is a 400 naming the field, loose enough that
 * `cache_control`, `citations` and future fields do not break a request) and by the
 * `anthropic` egress adapter (what api.anthropic.com answers: parsed tolerantly, `.nullish()`
 * everywhere a missing field would not change the meaning).
 */

// ---------------------------------------------------------------- request: content blocks

export const anthropicTextBlockParamSchema = z.looseObject({ type: z.literal("text"), text: z.string() });

export const anthropicImageSourceSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("base64"), media_type: z.string().min(1), data: z.string().min(1) }),
  z.looseObject({ type: z.literal("url"), url: z.string().min(1) }),
]);
export type AnthropicImageSource = z.infer<typeof anthropicImageSourceSchema>;

export const anthropicImageBlockParamSchema = z.looseObject({ type: z.literal("image"), source: anthropicImageSourceSchema });

export const anthropicDocumentBlockParamSchema = z.looseObject({
  type: z.literal("document"),
  source: z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("base64"), media_type: z.string().min(1), data: z.string().min(1) }),
    z.looseObject({ type: z.literal("text"), media_type: z.string().nullish(), data: z.string() }),
    z.looseObject({ type: z.literal("url"), url: z.string().min(1) }),
    z.looseObject({ type: z.literal("content"), content: z.union([z.string(), z.array(anthropicTextBlockParamSchema)]) }),
  ]),
  title: z.string().nullish(),
});

export const anthropicToolUseBlockParamSchema = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown().optional(),
});

export const anthropicToolResultBlockParamSchema = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z
    .union([z.string(), z.array(z.discriminatedUnion("type", [anthropicTextBlockParamSchema, anthropicImageBlockParamSchema]))])
    .nullish(),
  is_error: z.boolean().nullish(),
});

export const anthropicThinkingBlockParamSchema = z.looseObject({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string().nullish(),
});
export const anthropicRedactedThinkingBlockParamSchema = z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() });

export const anthropicContentBlockParamSchema = z.discriminatedUnion("type", [
  anthropicTextBlockParamSchema,
  anthropicImageBlockParamSchema,
  anthropicDocumentBlockParamSchema,
  anthropicToolUseBlockParamSchema,
  anthropicToolResultBlockParamSchema,
  anthropicThinkingBlockParamSchema,
  anthropicRedactedThinkingBlockParamSchema,
]);
export type AnthropicContentBlockParam = z.infer<typeof anthropicContentBlockParamSchema>;

// ---------------------------------------------------------------- request: messages, tools

export const anthropicMessageParamSchema = z.looseObject({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(anthropicContentBlockParamSchema)]),
});
export type AnthropicMessageParam = z.infer<typeof anthropicMessageParamSchema>;

/**
 * Client tools carry `input_schema`; Anthropic-hosted server tools (web_search_…, bash_…) carry a
 * versioned `type` instead. Both are accepted here; the translation decides what it can route.
 */
export const anthropicToolSchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().nullish(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
});
export type AnthropicTool = z.infer<typeof anthropicToolSchema>;

export const anthropicToolChoiceSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal("tool"), name: z.string().min(1), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal("none") }),
]);
export type AnthropicToolChoice = z.infer<typeof anthropicToolChoiceSchema>;

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(anthropicMessageParamSchema).min(1),
  system: z.union([z.string(), z.array(anthropicTextBlockParamSchema)]).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().nonnegative().nullish(),
  tools: z.array(anthropicToolSchema).nullish(),
  tool_choice: anthropicToolChoiceSchema.nullish(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().nullish() }).nullish(),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;

// ---------------------------------------------------------------- replies (tolerant)

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** One reply content block; only `type` is certain, the rest depends on it (text, tool_use, thinking, ...). */
export const anthropicContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
});
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicStopReasons = [
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
] as const;
export type AnthropicStopReason = (typeof anthropicStopReasons)[number];

export const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.literal("message").nullish(),
  role: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema),
  model: z.string().nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

// ---------------------------------------------------------------- stream events (tolerant)

export const anthropicContentDeltaSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  partial_json: z.string().nullish(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
});

export const anthropicStreamEventSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("message_start"), message: anthropicMessageSchema.partial({ content: true }) }),
  z.looseObject({ type: z.literal("content_block_start"), index: z.number(), content_block: anthropicContentBlockSchema }),
  z.looseObject({ type: z.literal("content_block_delta"), index: z.number(), delta: anthropicContentDeltaSchema }),
  z.looseObject({ type: z.literal("content_block_stop"), index: z.number() }),
  z.looseObject({
    type: z.literal("message_delta"),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal("message_stop") }),
  z.looseObject({ type: z.literal("ping") }),
  z.looseObject({ type: z.literal("error"), error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }) }),
]);
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

// ---------------------------------------------------------------- errors

export const anthropicErrorTypes = [
  "invalid_request_error",
  "authentication_error",
  "billing_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "timeout_error",
  "api_error",
  "overloaded_error",
] as const;
export type AnthropicErrorType = (typeof anthropicErrorTypes)[number];

export const anthropicErrorSchema = z.looseObject({
  type: z.literal("error").nullish(),
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }),
});

/** The envelope `/v1/messages` answers errors with (Anthropic's, so their SDK raises the right class). */
export interface AnthropicErrorBody {
  type: "error";
  error: { type: AnthropicErrorType; message: string };
}
