import { type PriceSheet, price } from "./types";

export const mistralPrices: PriceSheet = {
  provider: "mistral",
  source: "https://mistral.ai/pricing#api-pricing",
  asOf: "2025-08-15",
  models: {
    "mistral-large": price("2", "6"),
    "mistral-medium": price("0.40", "2"),
    "mistral-small": price("0.10", "0.30"),
    codestral: price("0.30", "0.90"),
    "pixtral-large": price("2", "6"),
    "ministral-8b": price("0.10", "0.10"),
    "ministral-3b": price("0.04", "0.04"),
    "open-mistral-nemo": price("0.15", "0.15"),
    "mistral-embed": price("0.10", "0"),
  },
};
