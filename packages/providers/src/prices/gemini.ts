import { type PriceSheet, price } from "./types";

/**
 * Paid tier, text input. Gemini 2.5 Pro and 1.5 Pro charge more above a prompt-size threshold
 * (200k / 128k tokens); the table holds the lower tier.
 *
 * Re-checked 2026-11-22. Input and output of 2.5 Pro / Flash / Flash-Lite match Google's pricing page as
 * transcribed on 2026-10-07 (api-evangelist/deepmind plans/deepmind-plans-pricing.yml). Context-cache
 * reads were cut to 10% of input: 2.5 Pro 0.31 -> 0.125 and 2.5 Flash 0.075 -> 0.03 (pydantic/genai-prices,
 * checked 2025-10-31; the Pro figure also quoted from the page on discuss.ai.google.dev, and the 90%
 * cache discount in deploybase.ai's March 2026 table). 2.5 Flash-Lite's cache read (0.025; genai-prices
 * says 0.01) has only one source and is left as it was. asOf stays at the original read.
 * The 3.x rows are from that same transcription and agree with genai-prices; their cache-read prices
 * have one source only and are left out, so cached tokens bill at the input rate.
 */
export const geminiPrices: PriceSheet = {
  provider: "gemini",
  source: "https://ai.google.dev/gemini-api/docs/pricing",
  asOf: "2025-08-15",
  models: {
    "gemini-3.5-flash": price("1.50", "9.00"),
    "gemini-3.5-flash-lite": price("0.30", "2.50"),
    "gemini-3.1-pro-preview": price("2.00", "12.00"),
    "gemini-2.5-pro": price("1.25", "10.00", "0.125"),
    "gemini-2.5-flash": price("0.30", "2.50", "0.03"),
    "gemini-2.5-flash-lite": price("0.10", "0.40", "0.025"),
    "gemini-2.0-flash": price("0.10", "0.40", "0.025"),
    "gemini-2.0-flash-lite": price("0.075", "0.30"),
    "gemini-1.5-pro": price("1.25", "5.00", "0.3125"),
    "gemini-1.5-flash": price("0.075", "0.30", "0.01875"),
    "gemini-embedding-001": price("0.15", "0"),
    "text-embedding-004": price("0", "0"),
  },
};
