import { type PriceSheet, price } from "./types";

/** Standard (not off-peak) rates; "cached" is DeepSeek's cache-hit input price. */
export const deepseekPrices: PriceSheet = {
  provider: "deepseek",
  source: "https://api-docs.deepseek.com/quick_start/pricing",
  asOf: "2025-08-15",
  models: {
    "deepseek-chat": price("0.27", "1.10", "0.07"),
    "deepseek-reasoner": price("0.55", "2.19", "0.14"),
  },
};
