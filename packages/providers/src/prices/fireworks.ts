import { type PriceSheet, price } from "./types";

/**
 * Serverless text models. Re-checked 2026-11-22: Fireworks' serverless pricing page
 * (https://docs.fireworks.ai/serverless/pricing, undated copy) lists the "DeepSeek V3 family" at 0.56 input,
 * 0.28 cached input, 1.68 output, so deepseek-v3 (was 0.90 / 0.90) follows it. The other rows are priced by
 * that page's size tiers, which the stored copy cut off; they were not re-read, and asOf is unchanged.
 */
export const fireworksPrices: PriceSheet = {
  provider: "fireworks",
  source: "https://fireworks.ai/pricing",
  asOf: "2025-08-15",
  models: {
    "accounts/fireworks/models/llama-v3p3-70b-instruct": price("0.90", "0.90"),
    "accounts/fireworks/models/llama-v3p1-405b-instruct": price("3", "3"),
    "accounts/fireworks/models/llama-v3p1-8b-instruct": price("0.20", "0.20"),
    "accounts/fireworks/models/deepseek-v3": price("0.56", "1.68", "0.28"),
    "accounts/fireworks/models/deepseek-r1": price("3", "8"),
    "accounts/fireworks/models/qwen2p5-72b-instruct": price("0.90", "0.90"),
    "accounts/fireworks/models/mixtral-8x22b-instruct": price("1.20", "1.20"),
  },
};
