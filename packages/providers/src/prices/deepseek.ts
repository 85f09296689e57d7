import { type PriceSheet, price } from "./types";

/**
 * "cached" is DeepSeek's cache-hit input price. DeepSeek's pricing page lists one price for both models
 * from 16:00 UTC on 2025-09-05 (the night-time discount was cancelled then); asOf is that date, the one
 * the page gives. Third-party pages report later changes (DeepSeek-V3.2 at 0.28 / 0.42 / 0.028, then
 * V4, with deepseek-chat and deepseek-reasoner kept only as aliases until 2026-07-24); no stored copy of
 * DeepSeek's own page showed them, so they are not applied.
 */
export const deepseekPrices: PriceSheet = {
  provider: "deepseek",
  source: "https://api-docs.deepseek.com/quick_start/pricing",
  asOf: "2025-09-05",
  models: {
    "deepseek-chat": price("0.56", "1.68", "0.07"),
    "deepseek-reasoner": price("0.56", "1.68", "0.07"),
  },
};
