import type { CompletionUsage } from "@switchyard/schemas";
import type { AnthropicUsage } from "@switchyard/schemas/anthropic";
import { toCompletionUsage } from "../shared/usage";
import type { FinishReason, UnifiedFinishReason } from "../spec";

const unifiedByStopReason: Readonly<Record<string, UnifiedFinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  // Server tools paused a long turn; the client continues it by sending the reply back.
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/** Anthropic stop_reason → unified, keeping the raw word. */
export function anthropicFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: "other", raw: null };
  return { unified: unifiedByStopReason[raw] ?? "other", raw };
}

/**
 * Anthropic counts cache reads and writes apart from `input_tokens`; OpenAI's prompt_tokens
 * includes cached tokens, so the three are summed and the cache parts named in the details.
 */
export function anthropicUsage(usage: AnthropicUsage): CompletionUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return toCompletionUsage({
    promptTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    completionTokens: usage.output_tokens ?? 0,
    cachedTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  });
}
