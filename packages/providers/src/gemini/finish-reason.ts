import type { CompletionUsage } from "@switchyard/schemas";
import { isObject, numberOr } from "../shared/json";
import { toCompletionUsage } from "../shared/usage";
import type { FinishReason, UnifiedFinishReason } from "../spec";

const unifiedByFinishReason: Readonly<Record<string, UnifiedFinishReason>> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  IMAGE_SAFETY: "content_filter",
  MALFORMED_FUNCTION_CALL: "error",
  UNEXPECTED_TOOL_CALL: "error",
  LANGUAGE: "other",
  OTHER: "other",
  FINISH_REASON_UNSPECIFIED: "other",
};

/** Gemini finishReason → unified. A STOP after function calls is a tool-call finish in OpenAI's terms. */
export function geminiFinishReason(raw: string, calledTools: boolean): FinishReason {
  const unified = unifiedByFinishReason[raw] ?? "other";
  return { unified: unified === "stop" && calledTools ? "tool_calls" : unified, raw };
}

/**
 * usageMetadata → OpenAI usage. promptTokenCount already includes cached tokens; thinking
 * tokens (thoughtsTokenCount) are billed as output, so they join completion_tokens.
 */
export function geminiUsage(metadata: unknown): CompletionUsage | undefined {
  if (!isObject(metadata)) return undefined;
  const thoughts = numberOr(metadata.thoughtsTokenCount, undefined);
  const cached = numberOr(metadata.cachedContentTokenCount, undefined);
  return toCompletionUsage({
    promptTokens: numberOr(metadata.promptTokenCount, 0) + numberOr(metadata.toolUsePromptTokenCount, 0),
    completionTokens: numberOr(metadata.candidatesTokenCount, 0) + (thoughts ?? 0),
    cachedTokens: cached,
    reasoningTokens: thoughts,
  });
}
