import { type PriceSheet, price } from "./types";

/**
 * Re-checked 2026-11-22 against pydantic/genai-prices (checked 2025-08-12) and, for gpt-oss-120b, Groq's
 * page as quoted by tokenmix.ai on 2026-06-04: gpt-oss-120b output was 0.75, is 0.60, with prompt-cache
 * hits at 0.075. gpt-oss-20b (genai-prices: 0.075 / 0.30) has one source only and is left as it was.
 * The other rows agree with genai-prices; no copy of Groq's own page was found, so asOf is unchanged.
 */
export const groqPrices: PriceSheet = {
  provider: "groq",
  source: "https://groq.com/pricing",
  asOf: "2025-08-15",
  models: {
    "llama-3.3-70b-versatile": price("0.59", "0.79"),
    "llama-3.1-8b-instant": price("0.05", "0.08"),
    "meta-llama/llama-4-scout-17b-16e-instruct": price("0.11", "0.34"),
    "meta-llama/llama-4-maverick-17b-128e-instruct": price("0.20", "0.60"),
    "openai/gpt-oss-120b": price("0.15", "0.60", "0.075"),
    "openai/gpt-oss-20b": price("0.10", "0.50"),
    "qwen/qwen3-32b": price("0.29", "0.59"),
    "moonshotai/kimi-k2-instruct": price("1", "3"),
    "deepseek-r1-distill-llama-70b": price("0.75", "0.99"),
    "gemma2-9b-it": price("0.20", "0.20"),
  },
};
