import type { CompletionUsage } from "@switchyard/schemas";

export interface TokenCounts {
  /** Every prompt token, cached and cache-written ones included (OpenAI's meaning of prompt_tokens). */
  readonly promptTokens: number;
  /** Every generated token, reasoning included. */
  readonly completionTokens: number;
  readonly cachedTokens?: number;
  readonly cacheWriteTokens?: number;
  readonly reasoningTokens?: number;
}

/** OpenAI's usage object; detail objects only when a provider reported something to put in them. */
export function toCompletionUsage(counts: TokenCounts): CompletionUsage {
  const usage: CompletionUsage = {
    prompt_tokens: counts.promptTokens,
    completion_tokens: counts.completionTokens,
    total_tokens: counts.promptTokens + counts.completionTokens,
  };
  if (counts.cachedTokens !== undefined || counts.cacheWriteTokens !== undefined) {
    usage.prompt_tokens_details = { cached_tokens: counts.cachedTokens ?? 0 };
    if (counts.cacheWriteTokens !== undefined) usage.prompt_tokens_details.cache_write_tokens = counts.cacheWriteTokens;
  }
  if (counts.reasoningTokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: counts.reasoningTokens };
  return usage;
}
