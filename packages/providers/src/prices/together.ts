import { type PriceSheet, price } from "./types";

/** Serverless endpoints. */
export const togetherPrices: PriceSheet = {
  provider: "together",
  source: "https://www.together.ai/pricing",
  asOf: "2025-08-15",
  models: {
    "meta-llama/Llama-3.3-70B-Instruct-Turbo": price("0.88", "0.88"),
    "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo": price("3.50", "3.50"),
    "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo": price("0.88", "0.88"),
    "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo": price("0.18", "0.18"),
    "deepseek-ai/DeepSeek-V3": price("1.25", "1.25"),
    "deepseek-ai/DeepSeek-R1": price("3", "7"),
    "Qwen/Qwen2.5-72B-Instruct-Turbo": price("1.20", "1.20"),
    "mistralai/Mixtral-8x7B-Instruct-v0.1": price("0.60", "0.60"),
  },
};
