import { type PriceSheet, price } from "./types";

/**
 * Cache writes are the 5-minute TTL rate (1.25x input; 1-hour writes, 2x input, are not modelled);
 * cache reads ("cache hits and refreshes") 0.1x input.
 *
 * Rows read off the official pricing page (docs.anthropic.com/en/docs/about-claude/pricing, which now
 * redirects to the platform.claude.com address below) and the per-model pages under
 * platform.claude.com/docs/en/models/. Exceptions: Sonnet 4.5's whole row and Haiku 4.5's cache rates
 * (its $1 / $5 is on its model page) come from two independent tables that agree (pydantic/genai-prices
 * and docs.electronhub.ai), not from a copy of Anthropic's page. The stored copies show no date, so asOf
 * is the day they were read. Sonnet 4 and 4.5 charge more above 200k prompt tokens ($6 / $22.50); the
 * table holds the lower tier.
 */
export const anthropicPrices: PriceSheet = {
  provider: "anthropic",
  source: "https://platform.claude.com/docs/en/about-claude/pricing",
  asOf: "2026-11-22",
  models: {
    "claude-opus-5": price("5", "25", "0.50", "6.25"),
    "claude-sonnet-5": price("2", "10", "0.20", "2.50"),
    "claude-opus-4-8": price("5", "25", "0.50", "6.25"),
    "claude-opus-4-7": price("5", "25", "0.50", "6.25"),
    "claude-opus-4-6": price("5", "25", "0.50", "6.25"),
    "claude-opus-4-5": price("5", "25", "0.50", "6.25"),
    "claude-sonnet-4-5": price("3", "15", "0.30", "3.75"),
    "claude-haiku-4-5": price("1", "5", "0.10", "1.25"),
    "claude-opus-4-1": price("15", "75", "1.50", "18.75"),
    "claude-opus-4": price("15", "75", "1.50", "18.75"),
    "claude-sonnet-4": price("3", "15", "0.30", "3.75"),
    "claude-3-7-sonnet": price("3", "15", "0.30", "3.75"),
    "claude-3-5-sonnet": price("3", "15", "0.30", "3.75"),
    "claude-3-5-haiku": price("0.80", "4", "0.08", "1"),
    "claude-3-opus": price("15", "75", "1.50", "18.75"),
    "claude-3-haiku": price("0.25", "1.25", "0.03", "0.30"),
  },
};
