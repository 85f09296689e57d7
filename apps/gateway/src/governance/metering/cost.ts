import type { ModelPrice } from "@switchyard/providers/prices/index";
import type { CompletionUsage, Price } from "@switchyard/schemas";
import { numberToDecimal, pricePerTokenAtto } from "./money";

/** A price compiled for arithmetic: attodollars per token of each kind. */
export interface TokenPrice {
  readonly input: bigint;
  readonly output: bigint;
  readonly cachedInput: bigint;
  readonly cacheWrite: bigint;
  /** Where the price came from, for logs and /readyz-style introspection. */
  readonly source: "deployment" | "table" | "none";
}

export const zeroPrice: TokenPrice = { input: 0n, output: 0n, cachedInput: 0n, cacheWrite: 0n, source: "none" };

/** A deployment's `price` (numbers from the config) or a table row (decimal strings). */
export function compilePrice(price: Price | ModelPrice, source: TokenPrice["source"]): TokenPrice {
  const text = (value: number | string) => (typeof value === "number" ? numberToDecimal(value) : value);
  const input = pricePerTokenAtto(text(price.inputPerMTok));
  return {
    input,
    output: pricePerTokenAtto(text(price.outputPerMTok)),
    // Providers without a cache discount bill cached and cache-written tokens as plain input.
    cachedInput: price.cachedInputPerMTok !== undefined ? pricePerTokenAtto(text(price.cachedInputPerMTok)) : input,
    cacheWrite: price.cacheWritePerMTok !== undefined ? pricePerTokenAtto(text(price.cacheWritePerMTok)) : input,
    source,
  };
}

export interface TokenCounts {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens read from the provider's prompt cache (part of promptTokens). */
  readonly cachedTokens: number;
  /** Prompt tokens written to the provider's prompt cache (part of promptTokens). */
  readonly cacheWriteTokens: number;
}

export const noTokens: TokenCounts = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0 };

function count(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export function tokenCounts(usage: CompletionUsage | undefined): TokenCounts {
  if (!usage) return noTokens;
  return {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    cachedTokens: count(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage.prompt_tokens_details?.cache_write_tokens),
  };
}

/** Exact cost in attodollars. Cached and cache-write tokens are part of prompt_tokens, priced apart. */
export function costAtto(tokens: TokenCounts, price: TokenPrice): bigint {
  const cached = Math.min(tokens.cachedTokens, tokens.promptTokens);
  const written = Math.min(tokens.cacheWriteTokens, tokens.promptTokens - cached);
  const plain = tokens.promptTokens - cached - written;
  return (
    BigInt(plain) * price.input +
    BigInt(cached) * price.cachedInput +
    BigInt(written) * price.cacheWrite +
    BigInt(tokens.completionTokens) * price.output
  );
}

/** The dearest of several prices, kind by kind: what a reservation must assume before routing picks one. */
export function maxPrice(prices: readonly TokenPrice[]): TokenPrice {
  let input = 0n;
  let output = 0n;
  for (const price of prices) {
    for (const candidate of [price.input, price.cachedInput, price.cacheWrite]) if (candidate > input) input = candidate;
    if (price.output > output) output = price.output;
  }
  return { input, output, cachedInput: input, cacheWrite: input, source: "deployment" };
}
