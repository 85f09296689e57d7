import { type PriceSheet, price } from "./types";

/**
 * Standard (not Batch, not Flex, not Priority) tier. Azure OpenAI global deployments list the same prices.
 *
 * Re-checked 2026-11-22, no price changed: gpt-4, gpt-4-turbo and gpt-5-nano against OpenAI's own model
 * pages (developers.openai.com/api/docs/models/<id>); every other row against at least two independent
 * tables that agree (pydantic/genai-prices, which cites this page, and dated third-party copies of it).
 * asOf is left at the original read because not every row was read off OpenAI's page itself.
 * The gpt-5.x rows were added the same way; gpt-5.4 charges more above 272k prompt tokens, the table
 * holds the lower tier.
 */
export const openaiPrices: PriceSheet = {
  provider: "openai",
  source: "https://platform.openai.com/docs/pricing",
  asOf: "2025-08-15",
  models: {
    "gpt-5.5": price("5.00", "30.00", "0.50"),
    "gpt-5.4": price("2.50", "15.00", "0.25"),
    "gpt-5.4-mini": price("0.75", "4.50", "0.075"),
    "gpt-5.4-nano": price("0.20", "1.25", "0.02"),
    "gpt-5.2": price("1.75", "14.00", "0.175"),
    "gpt-5.1": price("1.25", "10.00", "0.125"),
    "gpt-5": price("1.25", "10.00", "0.125"),
    "gpt-5-mini": price("0.25", "2.00", "0.025"),
    "gpt-5-nano": price("0.05", "0.40", "0.005"),
    "gpt-4.1": price("2.00", "8.00", "0.50"),
    "gpt-4.1-mini": price("0.40", "1.60", "0.10"),
    "gpt-4.1-nano": price("0.10", "0.40", "0.025"),
    "gpt-4o": price("2.50", "10.00", "1.25"),
    "gpt-4o-mini": price("0.15", "0.60", "0.075"),
    "gpt-4-turbo": price("10.00", "30.00"),
    "gpt-4": price("30.00", "60.00"),
    "gpt-3.5-turbo": price("0.50", "1.50"),
    o1: price("15.00", "60.00", "7.50"),
    "o1-mini": price("1.10", "4.40", "0.55"),
    o3: price("2.00", "8.00", "0.50"),
    "o3-mini": price("1.10", "4.40", "0.55"),
    "o4-mini": price("1.10", "4.40", "0.275"),
    "text-embedding-3-small": price("0.02", "0"),
    "text-embedding-3-large": price("0.13", "0"),
    "text-embedding-ada-002": price("0.10", "0"),
  },
};

export const azurePrices: PriceSheet = {
  ...openaiPrices,
  provider: "azure",
  source: "https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/",
};
