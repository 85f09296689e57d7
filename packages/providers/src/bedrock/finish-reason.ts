import type { CompletionUsage } from "@switchyard/schemas";
import { toCompletionUsage } from "../shared/usage";
import type { FinishReason, UnifiedFinishReason } from "../spec";
import type { ConverseUsage } from "./wire";

const unifiedByStopReason: Readonly<Record<string, UnifiedFinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  content_filtered: "content_filter",
  guardrail_intervened: "content_filter",
};

export function converseFinishReason(raw: string | null | undefined): FinishReason {
  if (!raw) return { unified: "other", raw: null };
  return { unified: unifiedByStopReason[raw] ?? "other", raw };
}

/** Converse counts cache reads and writes apart from inputTokens; OpenAI's prompt_tokens includes them. */
export function converseUsage(usage: ConverseUsage): CompletionUsage {
  const cacheRead = usage.cacheReadInputTokens ?? undefined;
  const cacheWrite = usage.cacheWriteInputTokens ?? undefined;
  return toCompletionUsage({
    promptTokens: (usage.inputTokens ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    completionTokens: usage.outputTokens ?? 0,
    cachedTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  });
}
