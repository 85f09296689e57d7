import { type PriceSheet, price } from "./types";

/** Cache writes are the 5-minute TTL rate (1.25x input); cache reads 0.1x input. */
export const anthropicPrices: PriceSheet = {
  provider: "anthropic",
  source: "https://docs.anthropic.com/en/docs/about-claude/pricing",
  asOf: "2025-08-15",
  models: {
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
