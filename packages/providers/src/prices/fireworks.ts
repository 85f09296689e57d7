import { type PriceSheet, price } from "./types";

/** Serverless text models. */
export const fireworksPrices: PriceSheet = {
  provider: "fireworks",
  source: "https://fireworks.ai/pricing",
  asOf: "2025-08-15",
  models: {
    "accounts/fireworks/models/llama-v3p3-70b-instruct": price("0.90", "0.90"),
    "accounts/fireworks/models/llama-v3p1-405b-instruct": price("3", "3"),
    "accounts/fireworks/models/llama-v3p1-8b-instruct": price("0.20", "0.20"),
    "accounts/fireworks/models/deepseek-v3": price("0.90", "0.90"),
    "accounts/fireworks/models/deepseek-r1": price("3", "8"),
    "accounts/fireworks/models/qwen2p5-72b-instruct": price("0.90", "0.90"),
    "accounts/fireworks/models/mixtral-8x22b-instruct": price("1.20", "1.20"),
  },
};
