import { type PriceSheet, price } from "./types";

/**
 * Paid tier, text input. Gemini 2.5 Pro and 1.5 Pro charge more above a prompt-size threshold
 * (200k / 128k tokens); the table holds the lower tier.
 */
export const geminiPrices: PriceSheet = {
  provider: "gemini",
  source: "https://ai.google.dev/gemini-api/docs/pricing",
  asOf: "2025-08-15",
  models: {
    "gemini-2.5-pro": price("1.25", "10.00", "0.31"),
    "gemini-2.5-flash": price("0.30", "2.50", "0.075"),
    "gemini-2.5-flash-lite": price("0.10", "0.40", "0.025"),
    "gemini-2.0-flash": price("0.10", "0.40", "0.025"),
    "gemini-2.0-flash-lite": price("0.075", "0.30"),
    "gemini-1.5-pro": price("1.25", "5.00", "0.3125"),
    "gemini-1.5-flash": price("0.075", "0.30", "0.01875"),
    "gemini-embedding-001": price("0.15", "0"),
    "text-embedding-004": price("0", "0"),
  },
};
